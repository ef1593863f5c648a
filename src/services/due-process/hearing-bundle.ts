import { createHash } from 'node:crypto';
import { hasPermission, type Permission } from '../../domain/access.js';
import { POOL_ROLE_LABELS, type PoolRole } from '../../domain/due-process/panel.js';
import { DomainError } from '../../domain/errors.js';
import { renderPdf, type DocumentBlock, type DocumentSpec } from '../../documents/pdf-document.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { findParty } from '../../db/repositories/case-party.repository.js';
import { listCaseNotes } from '../../db/repositories/case-note.repository.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import { listEvidence } from '../../db/repositories/evidence.repository.js';
import { findHearing } from '../../db/repositories/hearing.repository.js';
import { findNotice, listDisclosures, listNoticeAllegations, type NoticeRow } from '../../db/repositories/notice.repository.js';
import type { CaseRow, EvidenceRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertCanReadCase } from '../cases/case-access.js';
import { recordingRefusedAccess } from '../cases/refused-access.js';
import { localDateOf } from '../cases/case-clock.js';
import { recordCaseEvents } from '../cases/case-events.js';
import { clauseLabel } from './clause-label.js';
import { currentPanel } from './due-process-facts.js';

/** Who may build the bundle: those who give notice, convene the panel, or sit on it. */
const BUNDLE_PERMISSIONS: readonly Permission[] = ['cases.give_notice', 'cases.convene_panel', 'cases.sit_on_panel'];

export const IDENTITY_WITHHELD = 'The complainant (identity withheld)';

const SEAT_LABELS: Record<string, string> = { chair: 'Panel chair', member: 'Panel member' };

/**
 * The hearing bundle: the one document the panel and the respondent both work
 * from, so it holds only what the respondent was given notice of — the
 * allegations with their clauses and particulars, the respondent's answers
 * and statement, the evidence disclosed (withheld items only as a count), the
 * respondent's own evidence and the investigation report. The complainant is
 * named only when the notice did not withhold their identity and the
 * complaint was not anonymous.
 *
 * Building it is recorded as an access event carrying the PDF's SHA-256, so a
 * copy can later be matched to the record.
 */
export async function buildHearingBundle(options: { ctx: ServiceContext; staff: Staff; caseId: string }): Promise<{ filename: string; bytes: Buffer }> {
  const { ctx, staff } = options;
  if (!BUNDLE_PERMISSIONS.some((permission) => hasPermission(staff.roles, permission))) {
    throw new DomainError('forbidden', 'Only staff who give notice, convene panels or sit on them can build a hearing bundle.');
  }
  return recordingRefusedAccess(ctx, staff, 'build the hearing bundle', () => ctx.db.transaction().execute(async (trx) => {
    // Recording the generation appends an event, so it takes the case lock like any change.
    const caseRow = await lockCase(trx, ctx.dbKind, options.caseId);
    if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
    await assertCanReadCase(trx, ctx, staff, caseRow);
    const notice = await findNotice(trx, caseRow.id);
    if (!notice) throw new DomainError('rule_violated', 'The bundle is built from the notice: give notice first.');
    const bytes = await renderPdf(await bundleSpec(ctx, trx, caseRow, notice));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await recordCaseEvents(trx, ctx, { caseId: caseRow.id, actor: staffActor(staff), events: [{ type: 'document_generated', document: 'hearing_bundle', sha256 }] });
    return { filename: `${caseRow.reference}-hearing-bundle.pdf`, bytes };
  }));
}

async function bundleSpec(ctx: ServiceContext, db: Executor, caseRow: CaseRow, notice: NoticeRow): Promise<DocumentSpec> {
  const [respondent, allegations, noticeAllegations, disclosures, evidence, reports, { purpose, panel, seats }] = await Promise.all([
    findParty(db, notice.party_id),
    listAllegations(db, caseRow.id),
    listNoticeAllegations(db, notice.id),
    listDisclosures(db, notice.id),
    listEvidence(db, caseRow.id),
    listCaseNotes(db, caseRow.id, 'investigation_report'),
    currentPanel(db, caseRow),
  ]);
  const hearing = panel ? await findHearing(db, panel.id) : undefined;
  const org = ctx.config.organisation.organisation;

  const complainant = notice.identity_withheld === 0 && caseRow.anonymous === 0 && caseRow.complainant_name ? caseRow.complainant_name : IDENTITY_WITHHELD;
  const cover: { label: string; value: string }[] = [
    { label: 'Reference', value: caseRow.reference },
    { label: 'Respondent', value: respondent?.name ?? caseRow.respondent_name },
    { label: 'Complainant', value: complainant },
    { label: 'Notice given', value: localDateOf(ctx, notice.issued_at) },
    { label: 'Response due by', value: notice.response_due_on },
    ...(hearing
      ? [
          { label: 'Hearing', value: `${hearing.scheduled_on} at ${hearing.start_time}${hearing.originally_scheduled_on ? ` (moved from ${hearing.originally_scheduled_on})` : ''}` },
          { label: 'Hearing location', value: hearing.location },
        ]
      : [{ label: 'Hearing', value: 'Not scheduled' }]),
    ...(panel && seats.length > 0
      ? seats.map((seat) => ({ label: SEAT_LABELS[seat.seat] ?? `Panel ${seat.seat}`, value: `${seat.display_name} (${POOL_ROLE_LABELS[seat.pool_role as PoolRole] ?? seat.pool_role})` }))
      : [{ label: 'Panel', value: purpose ? 'Not yet drawn' : 'No panel sits at this stage of the case' }]),
  ];

  // The allegations in the order the case lists them, limited to those the notice gave.
  const noticed = allegations.flatMap((allegation) => {
    const given = noticeAllegations.find((row) => row.allegation_id === allegation.id);
    return given ? [{ allegation, given }] : [];
  });
  const allegationBlocks = noticed.flatMap(({ allegation, given }, index): DocumentBlock[] => {
    const clause = ctx.packs.clause({ packId: allegation.pack_id, packVersion: allegation.pack_version, clauseId: allegation.clause_id });
    const pack = ctx.packs.find(allegation.pack_id, allegation.pack_version);
    return [
      { kind: 'heading', text: `Allegation ${index + 1}: ${clauseLabel(ctx, allegation)}`, level: 2 },
      { kind: 'fields', rows: [{ label: 'Code', value: pack ? `${pack.title} (version ${pack.version})` : `${allegation.pack_id} (version ${allegation.pack_version})` }] },
      { kind: 'heading', text: 'The clause', level: 3 },
      { kind: 'paragraph', text: clause?.text ?? 'The text of this clause is not available in the code packs on this system.' },
      { kind: 'heading', text: 'Particulars', level: 3 },
      { kind: 'paragraph', text: given.particulars },
      { kind: 'heading', text: "The respondent's answer", level: 3 },
      { kind: 'paragraph', text: given.response?.trim() || 'No answer given' },
    ];
  });

  const decisionOn = new Map(disclosures.map((row) => [row.evidence_id, row]));
  const disclosed = evidence.filter((item) => decisionOn.get(item.id)?.disclosed === 1);
  // An original replaced by a disclosed redacted copy is not withheld: the copy is in the bundle.
  const withheld = disclosures.filter((row) => row.disclosed === 0 && !evidence.some((item) => item.redacts_evidence_id === row.evidence_id)).length;
  const fromRespondent = evidence.filter((item) => item.submitted_by === 'respondent');
  // Anything else (none today: evidence is added at intake or by the respondent) was never put to the respondent.
  const undisclosed = evidence.filter((item) => item.submitted_by !== 'respondent' && !decisionOn.has(item.id)).length;
  const evidenceBlocks: DocumentBlock[] = [
    { kind: 'heading', text: 'Disclosed with the notice', level: 2 },
    ...(disclosed.length > 0
      ? disclosed.map((item, index): DocumentBlock => evidenceFields(`E${index + 1}`, item, decisionOn.get(item.id)?.redaction_note ?? null))
      : [{ kind: 'paragraph', text: 'No evidence was disclosed with the notice.' } satisfies DocumentBlock]),
    { kind: 'paragraph', text: withheld === 0 ? 'No item was withheld.' : `${withheld} ${withheld === 1 ? 'item' : 'items'} withheld by recorded decision.` },
    ...(undisclosed > 0
      ? [{ kind: 'paragraph', text: `${undisclosed} ${undisclosed === 1 ? 'item' : 'items'} added after notice was given ${undisclosed === 1 ? 'has' : 'have'} not been disclosed and ${undisclosed === 1 ? 'is' : 'are'} not in this bundle.` } satisfies DocumentBlock]
      : []),
    { kind: 'heading', text: 'Submitted by the respondent', level: 2 },
    ...(fromRespondent.length > 0
      ? fromRespondent.map((item, index): DocumentBlock => evidenceFields(`R${index + 1}`, item, null))
      : [{ kind: 'paragraph', text: 'The respondent submitted no evidence.' } satisfies DocumentBlock]),
  ];

  const report = reports.at(-1);
  return {
    title: `Hearing bundle: ${caseRow.reference}`,
    subtitle: 'For the panel and the respondent: only what was disclosed with the notice',
    footer: `${caseRow.reference} — hearing bundle — confidential`,
    index: true,
    createdAt: ctx.clock.now(),
    author: org.name,
    blocks: [
      { kind: 'fields', rows: cover },
      { kind: 'page_break' },
      { kind: 'heading', text: '1. The allegations', level: 1, indexed: true },
      ...(allegationBlocks.length > 0 ? allegationBlocks : [{ kind: 'paragraph', text: 'The notice gave no allegation.' } satisfies DocumentBlock]),
      { kind: 'heading', text: "2. The respondent's statement", level: 1, indexed: true },
      {
        kind: 'fields',
        rows: [
          { label: 'Answered', value: notice.responded_at ? localDateOf(ctx, notice.responded_at) : 'Not answered' },
          { label: 'Hearing requested', value: notice.hearing_requested === 1 ? 'Yes' : 'No' },
        ],
      },
      { kind: 'paragraph', text: notice.general_response?.trim() || 'No general statement given.' },
      { kind: 'heading', text: '3. Evidence relied on', level: 1, indexed: true },
      ...evidenceBlocks,
      { kind: 'heading', text: '4. The investigation report', level: 1, indexed: true },
      report ? { kind: 'paragraph', text: report.text } : { kind: 'paragraph', text: 'No investigation report has been submitted.' },
    ],
  };
}

function evidenceFields(label: string, item: EvidenceRow, redactionNote: string | null): DocumentBlock {
  const isFile = item.kind === 'file';
  return {
    kind: 'fields',
    rows: [
      { label, value: (isFile ? item.filename : item.url) ?? 'Unnamed item' },
      { label: 'Description', value: item.description ?? '' },
      ...(isFile ? [{ label: 'SHA-256', value: item.sha256 ?? '' }] : [{ label: 'Captured', value: item.captured_at ?? '' }]),
      { label: 'Redaction', value: redactionNote ?? 'None' },
    ],
  };
}
