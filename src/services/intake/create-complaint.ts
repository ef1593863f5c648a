import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { type Channel } from '../../domain/complaint/complaint.js';
import { formatCaseReference } from '../../domain/complaint/reference.js';
import { formatReceiptCode, receiptCodeFromRandom } from '../../domain/complaint/receipt-code.js';
import { parseCitationKey } from '../../domain/code-pack/code-pack.js';
import type { ActorRef, CaseEventData } from '../../domain/case/case-event.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { insertCase, nextReferenceNumber, setCaseReference } from '../../db/repositories/case.repository.js';
import { appendClockEntry } from '../../db/repositories/case-clock.repository.js';
import { insertAllegations } from '../../db/repositories/case-allegation.repository.js';
import { insertEvidence } from '../../db/repositories/evidence.repository.js';
import type { CaseRow, EvidenceRow } from '../../db/database.js';
import { hashReceiptCode } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { clockEntryRow, clockPolicy, localDateOf, today } from '../cases/case-clock.js';
import { computeClock, type ClockEntry } from '../../domain/case/clock.js';
import { recordCaseEvents } from '../cases/case-events.js';
import { notifyComplainant } from '../cases/notify-complainant.js';
import type { ComplaintInput, EvidenceUpload } from './complaint-input.js';
import { checkUploads, storeUploads } from './evidence-uploads.js';

export type ComplaintReceipt = {
  caseId: string;
  reference: string;
  receivedAt: string;
  /** Shown once to an anonymous complainant, never stored. */
  receiptCode: string | null;
  acknowledgementDueOn: string;
  stageDueOn: string | null;
  overallDueOn: string;
  acknowledgedByEmail: boolean;
  evidence: { filename: string | null; sha256: string | null; url: string | null }[];
};

function checkClauses(ctx: ServiceContext, keys: string[]) {
  const issues: FieldIssue[] = [];
  const citations = [...new Set(keys)].map((key) => {
    const citation = parseCitationKey(key);
    if (!citation || !ctx.packs.inForce.some((pack) => pack.id === citation.packId && pack.version === citation.packVersion) || !ctx.packs.clause(citation)) {
      issues.push({ field: 'clauses', message: `"${key}" is not a clause of a code in force.` });
    }
    return citation;
  });
  assertNoIssues(issues);
  return citations.filter((citation) => citation !== null);
}

/**
 * Takes a complaint in, from any channel: validates what the schema cannot
 * (clauses, files), stores the evidence, and writes the case, its allegations,
 * its first clock entry, its events and the acknowledgement in one unit of
 * work, committed with whatever other complaints arrive at the same moment.
 */
export async function createComplaint(options: {
  ctx: ServiceContext;
  complaint: ComplaintInput;
  files: EvidenceUpload[];
  channel: Channel;
  actor: ActorRef;
  recordedBy: string | null;
  receivedAt?: Date | undefined;
}): Promise<ComplaintReceipt> {
  const { ctx, complaint } = options;
  const uploads = checkUploads(ctx, options.files);
  const citations = checkClauses(ctx, complaint.clauses);
  const receivedAt = (options.receivedAt ?? ctx.clock.now()).toISOString();
  const receivedOn = localDateOf(ctx, receivedAt);
  const limits = ctx.config.organisation.timetable;
  const acknowledgementDueOn = addWorkingDays(receivedOn, limits.stages.received, ctx.calendar);

  let receiptCode: string | null = null;
  let receiptHash: string | null = null;
  if (complaint.anonymous) {
    let offset = 0;
    const pool = ctx.random.bytes(64);
    receiptCode = receiptCodeFromRandom(() => pool[offset++ % pool.length]!);
    receiptHash = await hashReceiptCode(receiptCode, ctx.receiptSalt);
  }

  const caseId = ctx.random.uuid();
  const firstStage = ctx.workflow.stages[0]!;
  const firstEntry: ClockEntry = { kind: 'stage_entered', on: receivedOn, stage: firstStage.id };
  const clock = computeClock([firstEntry], clockPolicy(ctx), today(ctx));
  const anonymous = complaint.anonymous;
  const row: CaseRow = {
    id: caseId,
    // A placeholder until the number is taken, last, so the year's counter is locked as briefly as possible.
    reference: `pending-${caseId}`,
    channel: options.channel,
    recorded_by: options.recordedBy,
    anonymous: anonymous ? 1 : 0,
    receipt_hash: receiptHash,
    complainant_relation: complaint.relation,
    complainant_name: anonymous ? null : (complaint.complainant.name ?? null),
    complainant_email: anonymous ? null : (complaint.complainant.email ?? null),
    complainant_phone: anonymous ? null : (complaint.complainant.phone ?? null),
    complainant_perception: complaint.perception ?? null,
    respondent_name: complaint.respondent.name,
    respondent_membership_number: complaint.respondent.membershipNumber ?? null,
    respondent_unit: complaint.respondent.unit ?? null,
    summary: complaint.summary,
    description: complaint.description,
    incident_date: complaint.incidentDate ?? null,
    incident_location: complaint.location ?? null,
    online_platform: complaint.onlinePlatform ?? null,
    online_url: complaint.onlineUrl ?? null,
    received_at: receivedAt,
    // Acknowledged as it is received: by the page the complainant sees and, with an address, by e-mail.
    acknowledged_at: receivedAt,
    acknowledgement_due_on: acknowledgementDueOn,
    stage: firstStage.id,
    stage_entered_at: receivedAt,
    stage_due_on: clock.stageDueOn,
    paused_since: null,
    overall_due_on: clock.overallDueOn,
    outcome: null,
    closure_reason: null,
    closed_at: null,
    merged_into: null,
    risk_level: null,
    urgent: 0,
    updated_at: receivedAt,
    special_categories: null,
    erased_at: null,
  };
  const source = options.recordedBy ? 'staff' : 'complainant';
  const allegations = citations.map((citation) => ({
    id: ctx.random.uuid(),
    case_id: caseId,
    pack_id: citation.packId,
    pack_version: citation.packVersion,
    clause_id: citation.clauseId,
    source: 'complainant',
    created_at: receivedAt,
  }));
  const evidenceRows: EvidenceRow[] = [
    ...(await storeUploads(ctx, { caseId, uploads, submittedBy: source, at: receivedAt })),
    ...complaint.links.map((link) => ({
      id: ctx.random.uuid(),
      case_id: caseId,
      kind: 'link',
      sha256: null,
      filename: null,
      media_type: null,
      size_bytes: null,
      url: link.url,
      captured_at: link.capturedAt ? new Date(link.capturedAt).toISOString() : receivedAt,
      description: link.description ?? null,
      submitted_by: source,
      created_at: receivedAt,
      hearing_id: null,
      redacts_evidence_id: null,
    })),
  ];

  const result = await ctx.intakeCommits.run(async (trx) => {
    await insertCase(trx, row);
    await appendClockEntry(trx, caseId, clockEntryRow(firstEntry, receivedAt));
    await insertAllegations(trx, allegations);
    await insertEvidence(trx, evidenceRows);

    const year = Number(receivedOn.slice(0, 4));
    const reference = formatCaseReference(ctx.config.organisation.organisation.referencePrefix, year, await nextReferenceNumber(trx, year));
    await setCaseReference(trx, caseId, reference);
    const emailed = await notifyComplainant(trx, ctx, { ...row, reference }, {
      kind: 'acknowledgement',
      stage: firstStage,
      acknowledgementDueOn,
      stageDueOn: clock.stageDueOn,
      overallDueOn: clock.overallDueOn,
    });
    const events: CaseEventData[] = [
      { type: 'complaint_received', reference, channel: options.channel, anonymous, relation: complaint.relation, recordedOnBehalf: options.recordedBy !== null },
      ...allegations.map((allegation) => ({
        type: 'allegation_cited' as const,
        allegationId: allegation.id,
        packId: allegation.pack_id,
        packVersion: allegation.pack_version,
        clauseId: allegation.clause_id,
        source: 'complainant' as const,
      })),
      ...evidenceRows.map((evidence) => ({
        type: 'evidence_added' as const,
        evidenceId: evidence.id,
        kind: evidence.kind as 'file' | 'link',
        sha256: evidence.sha256,
        filename: evidence.filename,
        url: evidence.url,
      })),
      { type: 'complaint_acknowledged', dueOn: acknowledgementDueOn, by: emailed ? ['page', 'email'] : ['page'] },
    ];
    await recordCaseEvents(trx, ctx, { caseId, actor: options.actor, events, lastSequence: 0 });
    return {
      caseId,
      reference,
      receivedAt,
      receiptCode: receiptCode ? formatReceiptCode(receiptCode) : null,
      acknowledgementDueOn,
      stageDueOn: clock.stageDueOn,
      overallDueOn: clock.overallDueOn,
      acknowledgedByEmail: emailed,
      evidence: evidenceRows.map((evidence) => ({ filename: evidence.filename, sha256: evidence.sha256, url: evidence.url })),
    };
  });
  if (result.acknowledgedByEmail) ctx.outboxQueued();
  return result;
}
