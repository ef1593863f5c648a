import { createHash } from 'node:crypto';
import { hasPermission, type Permission } from '../../domain/access.js';
import { DomainError } from '../../domain/errors.js';
import { renderPdf } from '../../documents/pdf-document.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import { listDecisions, type DecisionRow } from '../../db/repositories/decision.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertCanReadCase } from '../cases/case-access.js';
import { recordingRefusedAccess } from '../cases/refused-access.js';
import { recordCaseEvents } from '../cases/case-events.js';
import { composeOutcomeLetters, type LetterKind } from './outcome-letters.js';

export type OutcomeLetterRecipient = 'complainant' | 'respondent';

const LETTER_PERMISSIONS: readonly Permission[] = ['cases.convene_panel', 'cases.sit_on_panel'];

/**
 * The outcome letter to one party as a printable PDF: the same words the
 * party was (or, without an e-mail address, would have been) sent, on the
 * decision that now stands. Recorded as an access event with the PDF's
 * SHA-256.
 */
export async function buildOutcomeLetter(options: { ctx: ServiceContext; staff: Staff; caseId: string; recipient: OutcomeLetterRecipient }): Promise<{ filename: string; bytes: Buffer }> {
  const { ctx, staff, recipient } = options;
  if (!LETTER_PERMISSIONS.some((permission) => hasPermission(staff.roles, permission))) {
    throw new DomainError('forbidden', 'Only staff who convene panels or sit on them can produce outcome letters.');
  }
  return recordingRefusedAccess(ctx, staff, 'produce an outcome letter', () => ctx.db.transaction().execute(async (trx) => {
    const caseRow = await lockCase(trx, ctx.dbKind, options.caseId);
    if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
    await assertCanReadCase(trx, ctx, staff, caseRow);
    const decision = standingDecision(await listDecisions(trx, caseRow.id));
    if (!decision) throw new DomainError('not_found', 'There is no decision yet.');
    const letter = await letterFor(ctx, trx, { caseRow, decision, recipient });
    const org = ctx.config.organisation.organisation;
    const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: org.timeZone }).format(ctx.clock.now());
    const bytes = await renderPdf({
      title: org.name,
      subtitle: letter.subject,
      footer: `${caseRow.reference} — outcome letter — private and confidential`,
      index: false,
      createdAt: ctx.clock.now(),
      author: org.name,
      blocks: [
        { kind: 'paragraph', text: date },
        { kind: 'paragraph', text: `Dear ${letter.name ?? 'Sir or Madam'},` },
        ...letter.paragraphs.map((text) => ({ kind: 'paragraph' as const, text })),
        { kind: 'paragraph', text: `Yours sincerely,\n\n${org.name} complaints team\n${org.contactEmail}` },
      ],
    });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor: staffActor(staff), events: [{ type: 'document_generated', document: 'outcome_letter', sha256 }] });
    return { filename: `${caseRow.reference}-outcome-letter-${recipient}.pdf`, bytes };
  }));
}

/**
 * The decision that stands: the newest in force, or failing that the newest
 * varied one. A varied decision is always followed by the appeal decision
 * that replaced it, so preferring "in force" keeps the two apart even when
 * both carry the same timestamp.
 */
function standingDecision(decisions: DecisionRow[]): DecisionRow | undefined {
  const newest = (status: string) => decisions.filter((decision) => decision.status === status).at(-1);
  return newest('in_force') ?? newest('varied');
}

/** The letter for one party, as composed for e-mail, whether or not they gave an address. */
async function letterFor(ctx: ServiceContext, db: Executor, options: { caseRow: CaseRow; decision: DecisionRow; recipient: OutcomeLetterRecipient }): Promise<{ name: string | null; subject: string; paragraphs: string[] }> {
  const { caseRow, decision, recipient } = options;
  // An appeal decision row exists only where the appeal panel varied the sanction.
  const kind: LetterKind = decision.kind === 'appeal' ? 'sanction_varied' : 'decision';
  const letter = (await composeOutcomeLetters(ctx, db, { caseRow, decision, kind })).find((candidate) => candidate.recipient === recipient);
  if (!letter) throw new DomainError('not_found', 'The complainant is anonymous: they follow the outcome with their receipt code, and no letter is addressed to them.');
  return letter;
}
