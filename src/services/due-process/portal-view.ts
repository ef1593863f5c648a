import { compareLocalDates } from '../../domain/calendar/local-date.js';
import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { findStage, type StageDefinition } from '../../domain/case/workflow.js';
import { DomainError } from '../../domain/errors.js';
import { FINDING_LABELS, type Finding } from '../../domain/due-process/decision.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { findEvidence, listEvidence } from '../../db/repositories/evidence.repository.js';
import { listDecisions, listFindings } from '../../db/repositories/decision.repository.js';
import { listAppeals } from '../../db/repositories/appeal.repository.js';
import { findHearing } from '../../db/repositories/hearing.repository.js';
import { findNotice, listDisclosures, listNoticeAllegations } from '../../db/repositories/notice.repository.js';
import { findCurrentPanel } from '../../db/repositories/panel.repository.js';
import type { ServiceContext } from '../context.js';
import { today } from '../cases/case-clock.js';
import { runCaseChange } from '../cases/change-case.js';
import { clauseLabel } from './clause-label.js';
import { sanctionLabel } from './outcome-letters.js';
import { resolvePartyToken } from './party-access.js';
import { readPartyThread, type PartyMessage } from './case-messages.js';

export type PortalView = {
  party: { name: string; role: string };
  reference: string;
  stage: StageDefinition;
  stageDueOn: string | null;
  notice: {
    issuedAt: string;
    responseDueOn: string;
    coveringLetter: string;
    /** The complainant as the respondent may know them: null when their identity is withheld or they are anonymous. */
    complainantName: string | null;
    canAnswer: boolean;
    respondedAt: string | null;
    generalResponse: string | null;
    hearingRequested: boolean;
    allegations: { allegationId: string; label: string; clauseText: string; particulars: string; response: string | null }[];
    evidence: { evidenceId: string; name: string; downloadable: boolean; redactionNote: string | null }[];
    withheldCount: number;
  } | null;
  hearing: { date: string; time: string; location: string; postponed: boolean; held: boolean; canPostpone: boolean; latestPostponement: string | null } | null;
  decisions: { kind: string; outcome: string; findings: { label: string; finding: string; reasons: string }[]; reasons: string; sanction: string; status: string; decidedAt: string }[];
  appeal: { canAppeal: boolean; windowEndsOn: string | null; lodged: { lodgedAt: string; outcome: string | null; reasons: string | null } | null };
  /** The party's messages with the staff on the case, staff signed by role; opening the page reads them. */
  messages: PartyMessage[];
};

/**
 * What a party sees of their case through their private link. The respondent
 * sees the notice, the disclosed evidence, the hearing, the decisions and
 * their right of appeal; opening the page is recorded like any read.
 */
export async function getPortalView(options: { ctx: ServiceContext; token: string }): Promise<PortalView> {
  const { ctx } = options;
  const party = await resolvePartyToken(ctx, options.token);
  return runCaseChange({
    ctx,
    caseId: party.case_id,
    actor: { kind: 'party', partyId: party.id, role: party.role },
    authorise: async () => {},
    change: async (change) => {
      const { trx, caseRow } = change;
      change.record({ type: 'portal_opened', partyId: party.id });
      const messages = await readPartyThread(ctx, change, { partyId: party.id });
      const now = today(ctx);
      const [notice, allegations, evidence, decisions, appeals] = await Promise.all([
        findNotice(trx, caseRow.id),
        listAllegations(trx, caseRow.id),
        listEvidence(trx, caseRow.id),
        listDecisions(trx, caseRow.id),
        listAppeals(trx, caseRow.id),
      ]);
      const ownNotice = notice && notice.party_id === party.id ? notice : undefined;
      const [noticeAllegations, disclosures, findings] = await Promise.all([
        ownNotice ? listNoticeAllegations(trx, ownNotice.id) : [],
        ownNotice ? listDisclosures(trx, ownNotice.id) : [],
        listFindings(trx, decisions.map((decision) => decision.id)),
      ]);
      const panel = (await findCurrentPanel(trx, caseRow.id, 'appeal')) ?? (await findCurrentPanel(trx, caseRow.id, 'decision'));
      const hearing = panel ? await findHearing(trx, panel.id) : undefined;
      const labelOf = (allegationId: string) => {
        const allegation = allegations.find((candidate) => candidate.id === allegationId);
        return allegation ? clauseLabel(ctx, allegation) : allegationId;
      };
      const openAppeal = appeals.find((appeal) => appeal.appellant_party_id === party.id);
      const postponementLimit = ctx.config.organisation.dueProcess.postponementWorkingDays;
      return {
        party: { name: party.name, role: party.role },
        reference: caseRow.reference,
        stage: findStage(ctx.workflow, caseRow.stage),
        stageDueOn: caseRow.stage_due_on,
        messages,
        notice: ownNotice
          ? {
              issuedAt: ownNotice.issued_at,
              responseDueOn: ownNotice.response_due_on,
              coveringLetter: ownNotice.covering_letter,
              complainantName: ownNotice.identity_withheld || caseRow.anonymous ? null : caseRow.complainant_name,
              canAnswer: ownNotice.responded_at === null && compareLocalDates(now, ownNotice.response_due_on) <= 0,
              respondedAt: ownNotice.responded_at,
              generalResponse: ownNotice.general_response,
              hearingRequested: ownNotice.hearing_requested === 1,
              allegations: noticeAllegations.map((entry) => {
                const allegation = allegations.find((candidate) => candidate.id === entry.allegation_id);
                const clause = allegation ? ctx.packs.clause({ packId: allegation.pack_id, packVersion: allegation.pack_version, clauseId: allegation.clause_id }) : undefined;
                return { allegationId: entry.allegation_id, label: labelOf(entry.allegation_id), clauseText: clause?.text ?? '', particulars: entry.particulars, response: entry.response };
              }),
              evidence: [
                ...disclosures
                  .filter((disclosure) => disclosure.disclosed === 1)
                  .map((disclosure) => {
                    const item = evidence.find((candidate) => candidate.id === disclosure.evidence_id);
                    return { evidenceId: disclosure.evidence_id, name: item?.filename ?? item?.url ?? 'Evidence', downloadable: item?.kind === 'file', redactionNote: disclosure.redaction_note };
                  }),
                ...evidence
                  .filter((item) => item.submitted_by === 'respondent')
                  .map((item) => ({ evidenceId: item.id, name: `${item.filename ?? 'File'} (sent by you)`, downloadable: true, redactionNote: null })),
              ],
              withheldCount: disclosures.filter((disclosure) => disclosure.disclosed === 0).length,
            }
          : null,
        hearing: hearing
          ? {
              date: hearing.scheduled_on,
              time: hearing.start_time,
              location: hearing.location,
              postponed: hearing.originally_scheduled_on !== null,
              held: hearing.held_at !== null,
              canPostpone: party.role === 'respondent' && hearing.held_at === null && hearing.originally_scheduled_on === null,
              latestPostponement: hearing.originally_scheduled_on === null ? addWorkingDays(hearing.scheduled_on, postponementLimit, ctx.calendar) : null,
            }
          : null,
        decisions: decisions.map((decision) => ({
          kind: decision.kind,
          outcome: FINDING_LABELS[decision.outcome as Finding] ?? decision.outcome,
          findings: findings
            .filter((finding) => finding.decision_id === decision.id)
            .map((finding) => ({ label: labelOf(finding.allegation_id), finding: FINDING_LABELS[finding.finding as Finding] ?? finding.finding, reasons: finding.reasons })),
          reasons: decision.reasons,
          sanction: sanctionLabel(ctx, decision),
          status: decision.status,
          decidedAt: decision.decided_at,
        })),
        appeal: {
          canAppeal: ['respondent', 'complainant'].includes(party.role) && caseRow.stage === 'appeal_window' && caseRow.stage_due_on !== null && compareLocalDates(now, caseRow.stage_due_on) <= 0,
          windowEndsOn: caseRow.stage === 'appeal_window' ? caseRow.stage_due_on : null,
          lodged: openAppeal ? { lodgedAt: openAppeal.lodged_at, outcome: openAppeal.outcome, reasons: openAppeal.reasons } : null,
        },
      };
    },
  });
}

/** A file the respondent may download: disclosed to them in the notice, or sent by them. The download is recorded. */
export async function downloadPortalEvidence(options: { ctx: ServiceContext; token: string; evidenceId: string }): Promise<{ filename: string; mediaType: string; bytes: Buffer }> {
  const { ctx } = options;
  const party = await resolvePartyToken(ctx, options.token);
  return runCaseChange({
    ctx,
    caseId: party.case_id,
    actor: { kind: 'party', partyId: party.id, role: party.role },
    authorise: async () => {},
    change: async (change) => {
      const item = await findEvidence(change.trx, change.caseRow.id, options.evidenceId);
      const notice = await findNotice(change.trx, change.caseRow.id);
      const disclosed = notice && notice.party_id === party.id ? (await listDisclosures(change.trx, notice.id)).some((entry) => entry.evidence_id === options.evidenceId && entry.disclosed === 1) : false;
      const own = item?.submitted_by === party.role;
      if (!item || item.kind !== 'file' || !item.sha256 || !(disclosed || own)) throw new DomainError('not_found', 'There is no such file on your case.');
      const bytes = await ctx.evidence.get(item.sha256);
      change.record({ type: 'evidence_downloaded', evidenceId: item.id });
      return { filename: item.filename ?? 'evidence', mediaType: item.media_type ?? 'application/octet-stream', bytes };
    },
  });
}
