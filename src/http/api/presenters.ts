import { z } from 'zod';
import type { CaseRow } from '../../db/database.js';
import type { CaseDetail } from '../../services/cases/get-case.js';
import type { ComplaintReceipt } from '../../services/intake/create-complaint.js';
import type { CaseMessagesView } from '../../services/due-process/case-messages.js';

/** What the API shows of a case in lists: whitelisted fields, never raw rows. */
export const ZCaseSummary = z.object({
  id: z.string(),
  reference: z.string(),
  stage: z.string(),
  summary: z.string(),
  channel: z.string(),
  receivedAt: z.string(),
  stageDueOn: z.string().nullable(),
  pausedSince: z.string().nullable(),
  overallDueOn: z.string(),
  overdue: z.boolean(),
  outcome: z.string().nullable(),
  closedAt: z.string().nullable(),
});

export function presentCaseSummary(row: CaseRow & { overdue?: boolean }, today: string): z.infer<typeof ZCaseSummary> {
  return {
    id: row.id,
    reference: row.reference,
    stage: row.stage,
    summary: row.summary,
    channel: row.channel,
    receivedAt: row.received_at,
    stageDueOn: row.stage_due_on,
    pausedSince: row.paused_since,
    overallDueOn: row.overall_due_on,
    overdue: row.overdue ?? (!row.closed_at && !row.paused_since && row.stage_due_on !== null && row.stage_due_on < today),
    outcome: row.outcome,
    closedAt: row.closed_at,
  };
}

export const ZCaseDetail = ZCaseSummary.extend({
  description: z.string(),
  anonymous: z.boolean(),
  complainant: z.object({ relation: z.string(), name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable(), perception: z.string().nullable() }),
  respondent: z.object({ name: z.string(), membershipNumber: z.string().nullable(), unit: z.string().nullable() }),
  clock: z.object({ stageDueOn: z.string().nullable(), pausedSince: z.string().nullable(), overdue: z.boolean(), workingDaysOverdue: z.number(), overallDueOn: z.string(), overallBreached: z.boolean() }),
  allegations: z.array(z.object({ packId: z.string(), packVersion: z.string(), clauseId: z.string(), title: z.string().nullable(), source: z.string() })),
  evidence: z.array(z.object({ id: z.string(), kind: z.string(), filename: z.string().nullable(), sha256: z.string().nullable(), url: z.string().nullable(), capturedAt: z.string().nullable() })),
  assignments: z.array(z.object({ userId: z.string(), name: z.string(), role: z.string() })),
  actions: z.array(z.object({ action: z.string(), label: z.string(), blockedBy: z.array(z.string()) })),
  events: z.array(z.object({ sequence: z.number(), type: z.string(), occurredAt: z.string(), actor: z.string(), data: z.record(z.string(), z.unknown()) })),
});

export function presentCaseDetail(detail: CaseDetail, today: string): z.infer<typeof ZCaseDetail> {
  const c = detail.caseRow;
  return {
    ...presentCaseSummary(c, today),
    description: c.description,
    anonymous: c.anonymous === 1,
    complainant: { relation: c.complainant_relation, name: c.complainant_name, email: c.complainant_email, phone: c.complainant_phone, perception: c.complainant_perception },
    respondent: { name: c.respondent_name, membershipNumber: c.respondent_membership_number, unit: c.respondent_unit },
    clock: {
      stageDueOn: detail.clock.stageDueOn,
      pausedSince: detail.clock.pausedSince,
      overdue: detail.clock.overdue,
      workingDaysOverdue: detail.clock.workingDaysOverdue,
      overallDueOn: detail.clock.overallDueOn,
      overallBreached: detail.clock.overallBreached,
    },
    allegations: detail.allegations.map((allegation) => ({
      packId: allegation.pack_id,
      packVersion: allegation.pack_version,
      clauseId: allegation.clause_id,
      title: allegation.clause?.title ?? null,
      source: allegation.source,
    })),
    evidence: detail.evidence.map((item) => ({ id: item.id, kind: item.kind, filename: item.filename, sha256: item.sha256, url: item.url, capturedAt: item.captured_at })),
    assignments: detail.assignments.map((assignment) => ({ userId: assignment.user_id, name: assignment.display_name, role: assignment.role })),
    actions: detail.actions,
    events: detail.timeline.map(({ id: _id, caseId: _caseId, sequence, type, occurredAt, actor, ...data }) => ({
      sequence,
      type,
      occurredAt: occurredAt.toISOString(),
      actor: actor.kind === 'user' || actor.kind === 'api_token' ? actor.name : actor.kind,
      data,
    })),
  };
}

export const ZComplaintReceipt = z.object({
  caseId: z.string(),
  reference: z.string(),
  receivedAt: z.string(),
  receiptCode: z.string().nullable().describe('Shown once for an anonymous complaint; store it, it cannot be recovered.'),
  acknowledgementDueOn: z.string(),
  stageDueOn: z.string().nullable(),
  overallDueOn: z.string(),
});

export function presentReceipt(receipt: ComplaintReceipt): z.infer<typeof ZComplaintReceipt> {
  return {
    caseId: receipt.caseId,
    reference: receipt.reference,
    receivedAt: receipt.receivedAt,
    receiptCode: receipt.receiptCode,
    acknowledgementDueOn: receipt.acknowledgementDueOn,
    stageDueOn: receipt.stageDueOn,
    overallDueOn: receipt.overallDueOn,
  };
}

export const ZProblem = z.object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ field: z.string(), message: z.string() })) }) });

/** A case's message as staff read it through the API: who wrote it, to whom, and what the party saw. */
export const ZCaseMessage = z.object({
  id: z.string(),
  direction: z.enum(['to_party', 'from_party', 'internal']),
  visibility: z.enum(['party', 'staff_on_case', 'internal']),
  partyRole: z.enum(['respondent', 'complainant']).nullable(),
  authorName: z.string(),
  signedAs: z.string().nullable().describe('The signature the party saw: the author’s role on the case.'),
  recordedBy: z.string().nullable().describe('For a message a party sent outside Redress: who entered it.'),
  body: z.string(),
  sentAt: z.string(),
  readByPartyAt: z.string().nullable(),
});

export const ZCaseMessages = z.object({
  messages: z.array(ZCaseMessage),
  recipients: z.array(z.object({ role: z.enum(['respondent', 'complainant']), reachable: z.boolean(), how: z.string() })),
});

export function presentCaseMessages(view: CaseMessagesView): z.infer<typeof ZCaseMessages> {
  return {
    messages: view.messages.map((message) => ({
      id: message.id,
      direction: message.direction,
      visibility: message.visibility,
      partyRole: message.partyRole,
      authorName: message.authorName,
      signedAs: message.signedAs,
      recordedBy: message.recordedBy,
      body: message.body,
      sentAt: message.sentAt,
      readByPartyAt: message.delivery?.status === 'read' ? message.delivery.at : null,
    })),
    recipients: view.recipients.map((recipient) => ({ role: recipient.role, reachable: recipient.reachable, how: recipient.how })),
  };
}
