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
import type { CaseChange } from '../cases/change-case.js';
import { listParties, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { clauseLabel } from './clause-label.js';
import { sanctionLabel } from './outcome-letters.js';
import { changeCaseAsParty, runAsParty, type PartyAccess } from './party-access.js';
import { readPartyThread, threadOf, type PartyMessage } from './case-messages.js';

export type PortalView = {
  /** Who holds the link; `actingFor` is the party they represent or accompany, if it is not themselves. */
  party: { name: string; role: string; actingFor: { name: string; role: string } | null };
  /** Representatives and companions named for the party, and whether the party may name one now. */
  supporters: { name: string; role: string }[];
  canNameSupporter: boolean;
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
  decisions: { kind: string; outcome: string; findings: { label: string; finding: string; reasons: string }[]; reasons: string; sanction: string | null; status: string; decidedAt: string }[];
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
  return runAsParty({
    ctx,
    token: options.token,
    change: async (change, access) => {
      const { trx, caseRow } = change;
      const party = access.party;
      change.record({ type: 'portal_opened', partyId: access.holder.id });
      if (access.limited) return companionView(ctx, change, access);
      const messages = await readPartyThread(ctx, change, threadOf(party));
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
      const labelOf = (allegationId: string) => {
        const allegation = allegations.find((candidate) => candidate.id === allegationId);
        return allegation ? clauseLabel(ctx, allegation) : allegationId;
      };
      // The respondent and the person targeted read the findings and may appeal; a witness or third party learns the outcome.
      const directlyInvolved = party.role === 'respondent' || (party.role === 'complainant' && caseRow.complainant_relation === 'targeted');
      const openAppeal = appeals.find((appeal) => appeal.appellant_party_id === party.id);
      return {
        ...(await whoAndSupporters(change, access)),
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
              // An original replaced by a redacted copy is not withheld from the respondent's point of view.
              withheldCount: disclosures.filter((disclosure) => disclosure.disclosed === 0 && !evidence.some((item) => item.redacts_evidence_id === disclosure.evidence_id)).length,
            }
          : null,
        // The hearing arrangements are the respondent's; a complainant is told of the outcome.
        hearing: party.role === 'respondent' ? await hearingView(ctx, change, party) : null,
        decisions: decisions.map((decision) => ({
          kind: decision.kind,
          outcome: FINDING_LABELS[decision.outcome as Finding] ?? decision.outcome,
          findings: directlyInvolved
            ? findings
                .filter((finding) => finding.decision_id === decision.id)
                .map((finding) => ({ label: labelOf(finding.allegation_id), finding: FINDING_LABELS[finding.finding as Finding] ?? finding.finding, reasons: finding.reasons }))
            : [],
          reasons: directlyInvolved ? decision.reasons : 'As you reported conduct towards others, the detailed reasons go to the people directly involved.',
          sanction: directlyInvolved ? sanctionLabel(ctx, decision) : null,
          status: decision.status,
          decidedAt: decision.decided_at,
        })),
        appeal: {
          canAppeal: directlyInvolved && caseRow.stage === 'appeal_window' && caseRow.stage_due_on !== null && compareLocalDates(now, caseRow.stage_due_on) <= 0,
          windowEndsOn: caseRow.stage === 'appeal_window' ? caseRow.stage_due_on : null,
          lodged: openAppeal ? { lodgedAt: openAppeal.lodged_at, outcome: openAppeal.outcome, reasons: openAppeal.reasons } : null,
        },
      };
    },
  });
}

/** The hearing as a party (or their companion) sees it: the current panel's, if one is scheduled. */
async function hearingView(ctx: ServiceContext, change: CaseChange, party: PartyRow): Promise<PortalView['hearing']> {
  const { trx, caseRow } = change;
  const panel = (await findCurrentPanel(trx, caseRow.id, 'appeal')) ?? (await findCurrentPanel(trx, caseRow.id, 'decision'));
  const hearing = panel ? await findHearing(trx, panel.id) : undefined;
  if (!hearing) return null;
  const postponementLimit = ctx.config.organisation.dueProcess.postponementWorkingDays;
  return {
    date: hearing.scheduled_on,
    time: hearing.start_time,
    location: hearing.location,
    postponed: hearing.originally_scheduled_on !== null,
    held: hearing.held_at !== null,
    canPostpone: party.role === 'respondent' && hearing.held_at === null && hearing.originally_scheduled_on === null,
    latestPostponement: hearing.originally_scheduled_on === null ? addWorkingDays(hearing.scheduled_on, postponementLimit, ctx.calendar) : null,
  };
}

async function whoAndSupporters(change: CaseChange, access: PartyAccess): Promise<Pick<PortalView, 'party' | 'supporters' | 'canNameSupporter'>> {
  const { holder, party } = access;
  const supporters = (await listParties(change.trx, change.caseRow.id)).filter((candidate) => candidate.represents_party_id === party.id);
  return {
    party: { name: holder.name, role: holder.role, actingFor: holder.id === party.id ? null : { name: party.name, role: party.role } },
    supporters: supporters.map((supporter) => ({ name: supporter.name, role: supporter.role })),
    canNameSupporter: holder.id === party.id && (party.role === 'respondent' || party.role === 'complainant') && change.caseRow.closed_at === null,
  };
}

/** A companion sees where the case stands and the hearing arrangements, nothing of its substance. */
async function companionView(ctx: ServiceContext, change: CaseChange, access: PartyAccess): Promise<PortalView> {
  const { caseRow } = change;
  return {
    ...(await whoAndSupporters(change, access)),
    reference: caseRow.reference,
    stage: findStage(ctx.workflow, caseRow.stage),
    stageDueOn: caseRow.stage_due_on,
    messages: [],
    notice: null,
    hearing: await hearingView(ctx, change, access.party),
    decisions: [],
    appeal: { canAppeal: false, windowEndsOn: null, lodged: null },
  };
}

/** A file the respondent may download: disclosed to them in the notice, or sent by them. The download is recorded. */
export async function downloadPortalEvidence(options: { ctx: ServiceContext; token: string; evidenceId: string }): Promise<{ filename: string; mediaType: string; bytes: Buffer }> {
  const { ctx } = options;
  return changeCaseAsParty({
    ctx,
    token: options.token,
    change: async (change, party) => {
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
