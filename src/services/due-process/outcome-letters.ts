import { FINDING_LABELS, type Finding } from '../../domain/due-process/decision.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { listParties } from '../../db/repositories/case-party.repository.js';
import { listFindings, type DecisionRow } from '../../db/repositories/decision.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import type { CaseChange } from '../cases/change-case.js';
import { queueMail } from '../mail/compose-mail.js';
import { clauseLabel } from './clause-label.js';

export type LetterKind = 'decision' | 'appeal_dismissed' | 'appeal_allowed' | 'sanction_varied' | 'rehearing' | 'final';

/** A letter to one party; `to` is null when they gave no e-mail address, and the letter is then printed and posted. */
export type Letter = { recipient: 'complainant' | 'respondent'; to: string | null; name: string | null; subject: string; paragraphs: string[] };

const HEADLINES: Record<LetterKind, string> = {
  decision: 'The panel has decided the complaint',
  appeal_dismissed: 'The appeal has been dismissed: the decision stands',
  appeal_allowed: 'The appeal has been allowed: the decision is set aside',
  sanction_varied: 'The appeal panel has varied the sanction',
  rehearing: 'The appeal panel has ordered a fresh hearing before a new panel',
  final: 'The decision is now final',
};

export function sanctionLabel(ctx: ServiceContext, decision: Pick<DecisionRow, 'sanction_id' | 'sanction_months'>): string {
  const sanction = ctx.config.organisation.sanctions.find((candidate) => candidate.id === decision.sanction_id);
  const label = sanction?.label ?? decision.sanction_id;
  return decision.sanction_months ? `${label} (${decision.sanction_months} months)` : label;
}

/**
 * The letters that tell both parties the outcome, whether or not they gave an
 * e-mail address (those without are printed). The person targeted and
 * the respondent read the findings on each allegation and the reasons; a
 * witness or third-party reporter learns the outcome only, since the
 * decision concerns someone else's conduct towards someone else.
 */
export async function composeOutcomeLetters(ctx: ServiceContext, db: Executor, options: { caseRow: CaseRow; decision: DecisionRow; kind: LetterKind; reasons?: string }): Promise<Letter[]> {
  const { caseRow, decision, kind } = options;
  const [allegations, findings, parties] = await Promise.all([listAllegations(db, caseRow.id), listFindings(db, [decision.id]), listParties(db, caseRow.id)]);
  const dueProcess = ctx.config.organisation.dueProcess;
  const detail = [
    ...findings.map((finding) => {
      const allegation = allegations.find((candidate) => candidate.id === finding.allegation_id);
      return `${allegation ? clauseLabel(ctx, allegation) : finding.clause_id}: ${FINDING_LABELS[finding.finding as Finding]}. ${finding.reasons}`;
    }),
    `Reasons: ${options.reasons ?? decision.reasons}`,
    `Sanction: ${sanctionLabel(ctx, decision)}.`,
  ];
  const next =
    kind === 'decision' && caseRow.stage === 'appeal_window' && caseRow.stage_due_on
      ? [`Either party may appeal, giving their grounds, until ${caseRow.stage_due_on}. After that date the decision is final.`]
      : [];
  const external = dueProcess.externalRoute ? [dueProcess.externalRoute] : [];
  const subject = `${caseRow.reference}: ${HEADLINES[kind].toLowerCase()}`;
  const letters: Letter[] = [];
  const respondent = parties.find((party) => party.role === 'respondent');
  letters.push({ recipient: 'respondent', to: respondent?.email ?? null, name: respondent?.name ?? caseRow.respondent_name, subject, paragraphs: [`${HEADLINES[kind]}.`, ...detail, ...next, ...external] });
  // An anonymous complainant has no letter: they follow the outcome with their receipt code.
  if (!caseRow.anonymous) {
    const full = caseRow.complainant_relation === 'targeted';
    letters.push({
      recipient: 'complainant',
      to: caseRow.complainant_email,
      name: caseRow.complainant_name,
      subject,
      paragraphs: [
        `${HEADLINES[kind]}.`,
        ...(full ? detail : [`Outcome: ${FINDING_LABELS[decision.outcome as Finding] ?? decision.outcome}. As you reported conduct towards others, the detailed reasons go to the people directly involved.`]),
        ...(full ? next : []),
        ...external,
      ],
    });
  }
  return letters;
}

export async function sendOutcomeLetters(ctx: ServiceContext, change: CaseChange, options: { caseRow: CaseRow; decision: DecisionRow; kind: LetterKind; reasons?: string }): Promise<void> {
  const letters = (await composeOutcomeLetters(ctx, change.trx, options)).filter((letter): letter is Letter & { to: string } => letter.to !== null);
  for (const letter of letters) {
    // The paragraphs are the panel's words, the same as on the PDF letter; the template words what surrounds them.
    await queueMail(change.trx, ctx, {
      template: 'outcome_letter',
      to: letter.to,
      values: { name: letter.name, reference: options.caseRow.reference, headline: HEADLINES[options.kind].toLowerCase(), letter: letter.paragraphs.join('\n\n') },
    });
  }
  if (letters.length > 0) change.queuedMail();
}
