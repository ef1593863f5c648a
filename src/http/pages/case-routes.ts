import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { listActiveUsersWithRole } from '../../db/repositories/user.repository.js';
import { assignCase } from '../../services/cases/assign-case.js';
import { withdrawComplaint } from '../../services/cases/withdraw-complaint.js';
import { getCase } from '../../services/cases/get-case.js';
import { addCaseNote, submitInvestigationReport } from '../../services/cases/investigate.js';
import { linkCases, mergeCase } from '../../services/cases/link-cases.js';
import { extendCaseDeadline, pauseCaseClock, resumeCaseClock } from '../../services/cases/manage-clock.js';
import { canOpenCase } from '../../services/cases/can-open-case.js';
import { downloadEvidence } from '../../services/cases/read-evidence.js';
import { recordTriage } from '../../services/cases/record-triage.js';
import { startTriage } from '../../services/cases/start-triage.js';
import { ZTriageInput } from '../../services/cases/triage-input.js';
import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { readForm, text, yesNo, type FormFields } from '../form-body.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { CasePage, type ActionForm } from '../views/pages/case-page.js';
import { issuesOf } from './complaint-form.js';
import { refusal, sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';
import { DomainError } from '../../domain/errors.js';
import type { EvidenceUpload } from '../../services/intake/complaint-input.js';
import { sendAttachment } from './attachment.js';
import { getDueProcess } from '../../services/due-process/get-due-process.js';
import { buildHearingBundle } from '../../services/due-process/hearing-bundle.js';
import { buildOutcomeLetter } from '../../services/due-process/outcome-letter-pdf.js';
import { DUE_PROCESS_ACTIONS } from './due-process-actions.js';
import { endEmergencyAccess } from '../../services/oversight/emergency-access.js';
import { CASE_MESSAGE_ACTIONS } from './case-message-actions.js';
import { listCaseMessages } from '../../services/due-process/case-messages.js';
import { INTERIM_MEASURE_ACTIONS } from './interim-measure-actions.js';
import { DATA_PROTECTION_ACTIONS } from './data-protection-actions.js';
import { getInterimMeasures } from '../../services/due-process/interim-measures.js';
import { DECISION_SUMMARY_ACTIONS } from './decision-summary-actions.js';
import { getCaseDecisionSummary } from '../../services/publication/get-case-decision-summary.js';

type CaseParams = { Params: { id: string } };

/** Each action a case page form can post: what it calls with the form's fields (and files). */
export type CaseAction = (options: { ctx: ServiceContext; staff: Staff; caseId: string; fields: FormFields; files: EvidenceUpload[] }) => Promise<void>;

const CASE_ACTIONS = new Map<string, CaseAction>(Object.entries({
  'start-triage': (o) => startTriage(o),
  triage: (o) => {
    const parsed = ZTriageInput.safeParse({
      withinJurisdiction: yesNo(o.fields, 'withinJurisdiction'),
      membershipStatus: text(o.fields, 'membershipStatus') || undefined,
      riskLevel: text(o.fields, 'riskLevel') || undefined,
      urgent: yesNo(o.fields, 'urgent'),
      interimActionNeeded: yesNo(o.fields, 'interimActionNeeded'),
      interimActionReasons: text(o.fields, 'interimActionReasons'),
      policeReferral: yesNo(o.fields, 'policeReferral'),
      policeReferralNotes: text(o.fields, 'policeReferralNotes'),
      outcome: text(o.fields, 'outcome') || undefined,
      caseManagerId: text(o.fields, 'caseManagerId'),
      investigatorId: text(o.fields, 'investigatorId'),
      closureReason: text(o.fields, 'closureReason'),
      explanation: text(o.fields, 'explanation'),
      notes: text(o.fields, 'notes'),
    });
    if (!parsed.success) throw new DomainError('validation_failed', 'The triage checklist is incomplete.', issuesOf(parsed.error));
    return recordTriage({ ...o, triage: parsed.data });
  },
  assign: (o) => assignCase({ ...o, userId: text(o.fields, 'userId') ?? '', role: text(o.fields, 'role') ?? '' }),
  pause: (o) => pauseCaseClock({ ...o, reason: text(o.fields, 'reason') ?? '' }),
  resume: (o) => resumeCaseClock({ ...o, reason: text(o.fields, 'reason') ?? '' }),
  extend: (o) => {
    const days = Number(text(o.fields, 'workingDays'));
    return extendCaseDeadline({ ...o, workingDays: Number.isFinite(days) ? days : Number.NaN, reason: text(o.fields, 'reason') ?? '' });
  },
  notes: (o) => addCaseNote({ ...o, text: text(o.fields, 'text') ?? '' }),
  report: (o) => submitInvestigationReport({ ...o, summary: text(o.fields, 'summary') ?? '', recommendation: text(o.fields, 'recommendation') ?? '' }),
  withdraw: (o) => withdrawComplaint({ ...o, explanation: text(o.fields, 'explanation') ?? '' }),
  link: (o) => linkCases({ ...o, otherReference: text(o.fields, 'reference') ?? '' }),
  merge: (o) => mergeCase({ ...o, intoReference: text(o.fields, 'reference') ?? '' }),
  'end-emergency-access': (o) => endEmergencyAccess(o),
  ...DUE_PROCESS_ACTIONS,
  ...CASE_MESSAGE_ACTIONS,
  ...INTERIM_MEASURE_ACTIONS,
  ...DATA_PROTECTION_ACTIONS,
  ...DECISION_SUMMARY_ACTIONS,
} satisfies Record<string, CaseAction>));

/** The actions a case page form can post to (`POST /staff/cases/:id/:action`). */
export const CASE_ACTION_NAMES = [...CASE_ACTIONS.keys()];

export function caseRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;

  const casePage = async (request: FastifyRequest, reply: FastifyReply, caseId: string, failed: ActionForm | null, status = 200) => {
    const staff = pageStaff(request);
    const detail = await getCase({ ctx, staff, caseId });
    const dueProcess = await getDueProcess({ ctx, staff, caseId });
    const messages = await listCaseMessages({ ctx, staff, caseId });
    const interimMeasures = await getInterimMeasures({ ctx, staff, caseId });
    const decisionSummary = await getCaseDecisionSummary({ ctx, staff, caseId });
    const toOption = (user: { id: string; display_name: string }) => ({ value: user.id, label: user.display_name });
    const [caseManagers, investigators, reviewers] = await Promise.all(['case_manager', 'investigator', 'independent_reviewer'].map((role) => listActiveUsersWithRole(ctx.db, role)));
    return sendPage(
      reply,
      h(CasePage, {
        organisation,
        viewer: viewerOf(request, reply),
        detail,
        failed,
        people: { caseManagers: caseManagers!.map(toOption), investigators: investigators!.map(toOption), reviewers: reviewers!.map(toOption) },
        closureReasons: ctx.config.organisation.closureReasons,
        dueProcess,
        messages,
        interimMeasures,
        decisionSummary,
        sanctions: ctx.config.organisation.sanctions,
        postponementWorkingDays: ctx.config.organisation.dueProcess.postponementWorkingDays,
      }),
      status,
    );
  };

  app.get<CaseParams>('/staff/cases/:id', { preHandler: requirePageStaff }, async (request, reply) => casePage(request, reply, request.params.id, null));

  app.post<CaseParams & { Params: { action: string } }>('/staff/cases/:id/:action', { preHandler: [requirePageStaff, app.csrfProtection] }, async (request, reply) => {
    const run = CASE_ACTIONS.get(request.params.action);
    if (!run) throw new DomainError('not_found', 'There is no such action.');
    const { fields, files } = await readForm(request);
    try {
      const staff = pageStaff(request);
      await run({ ctx, staff, caseId: request.params.id, fields, files });
      const stillVisible = await canOpenCase({ ctx, staff, caseId: request.params.id });
      return reply.redirect(stillVisible ? `/staff/cases/${request.params.id}#timeline-title` : '/staff?notice=handed-on', 303);
    } catch (error) {
      const { _csrf: _token, ...values } = fields;
      const { status, form } = refusal(error, values);
      if (status === 403 || status === 404) throw error;
      return casePage(request, reply, request.params.id, { action: request.params.action, form }, status);
    }
  });

  const sendPdf = (reply: FastifyReply, file: { filename: string; bytes: Buffer }) => sendAttachment(reply, { ...file, mediaType: 'application/pdf' });

  app.get<CaseParams>('/staff/cases/:id/hearing-bundle.pdf', { preHandler: requirePageStaff }, async (request, reply) =>
    sendPdf(reply, await buildHearingBundle({ ctx, staff: pageStaff(request), caseId: request.params.id })),
  );

  app.get<{ Params: { id: string; recipient: string } }>('/staff/cases/:id/outcome-letter/:recipient.pdf', { preHandler: requirePageStaff }, async (request, reply) => {
    const recipient = request.params.recipient;
    if (recipient !== 'complainant' && recipient !== 'respondent') throw new DomainError('not_found', 'Letters go to the complainant or the respondent.');
    return sendPdf(reply, await buildOutcomeLetter({ ctx, staff: pageStaff(request), caseId: request.params.id, recipient }));
  });

  app.get<{ Params: { id: string; evidenceId: string } }>('/staff/cases/:id/evidence/:evidenceId', { preHandler: requirePageStaff }, async (request, reply) => {
    return sendAttachment(reply, await downloadEvidence({ ctx, staff: pageStaff(request), caseId: request.params.id, evidenceId: request.params.evidenceId }));
  });
}
