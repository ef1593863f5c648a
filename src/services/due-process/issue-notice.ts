import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { insertParty, insertPartyLink, listParties } from '../../db/repositories/case-party.repository.js';
import { listEvidence } from '../../db/repositories/evidence.repository.js';
import { enqueueOutbox } from '../../db/repositories/outbox.repository.js';
import { findNotice, insertNotice } from '../../db/repositories/notice.repository.js';
import { hashToken } from '../../infra/secrets.js';
import { randomToken } from '../../infra/random.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { today } from '../cases/case-clock.js';
import { changeCase } from '../cases/change-case.js';
import { clauseLabel } from './clause-label.js';

export type RespondentDetails = { name: string; email: string | null; membershipNumber: string | null; unit: string | null; affiliations: string[] };

export type NoticeInput = {
  respondent: RespondentDetails;
  coveringLetter: string;
  /** The particulars of each allegation, by allegation id: what the respondent is said to have done. */
  particulars: Record<string, string>;
  /** A decision for every item of evidence: disclosed (with any redaction described) or withheld with a reason. */
  evidence: Record<string, { disclose: boolean; redactionNote: string | null; withheldReason: string | null }>;
  /** Set, with the reason, when the complainant's identity is withheld from the respondent. */
  identityWithheldReason: string | null;
};

const MIN_PARTICULARS = 20;
const MIN_REASON = 20;
/** A portal link lasts long enough for the whole process, appeal included; staff can send a new one. */
const PORTAL_LINK_DAYS = 365;

export function portalEntryUrl(ctx: ServiceContext, token: string): string {
  return `${ctx.config.publicUrl}/portal/enter/${token}`;
}

/**
 * Gives the respondent written notice: each allegation with the clause it
 * cites and its particulars, the evidence relied on, and the deadline to
 * respond. Withholding the complainant's identity or any item of evidence is
 * a decision recorded with its reason. The respondent receives a private
 * portal link by e-mail, or on the printed letter when there is no address.
 */
export async function issueNotice(options: { ctx: ServiceContext; staff: Staff; caseId: string; notice: NoticeInput }): Promise<{ noticeId: string; responseDueOn: string; letterLink: string | null }> {
  const { ctx, staff, notice } = options;
  const respondent = { ...notice.respondent, name: notice.respondent.name.trim(), email: notice.respondent.email?.trim() || null };
  const coveringLetter = notice.coveringLetter.trim();
  const identityReason = notice.identityWithheldReason?.trim() || null;
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.give_notice',
    what: 'give notice to respondents',
    change: async (change) => {
      const { trx, caseRow } = change;
      const assignments = await listAssignments(trx, caseRow.id);
      if (!assignments.some((assignment) => assignment.user_id === staff.userId && ['investigator', 'case_manager'].includes(assignment.role))) {
        throw new DomainError('forbidden', "Only the case's investigator or case manager can give notice.");
      }
      if (caseRow.stage !== 'investigation') throw new DomainError('transition_not_allowed', 'Notice is given to the respondent during the investigation.');
      if (await findNotice(trx, caseRow.id)) throw new DomainError('conflict', 'The respondent has already been given notice in this case.');

      const [allegations, evidence] = await Promise.all([listAllegations(trx, caseRow.id), listEvidence(trx, caseRow.id)]);
      const issues: FieldIssue[] = [];
      if (respondent.name.length < 2) issues.push({ field: 'respondent.name', message: "Give the respondent's name." });
      if (respondent.email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(respondent.email)) issues.push({ field: 'respondent.email', message: 'Give a valid e-mail address, or none to send the notice by letter.' });
      if (coveringLetter.length < 50) issues.push({ field: 'coveringLetter', message: 'Write the covering letter (at least 50 characters).' });
      if (allegations.length === 0) issues.push({ field: 'particulars', message: 'The case cites no clause, so there is no allegation to give notice of.' });
      for (const allegation of allegations) {
        if ((notice.particulars[allegation.id]?.trim().length ?? 0) < MIN_PARTICULARS) {
          issues.push({ field: `particulars.${allegation.id}`, message: `Give the particulars of the allegation under ${clauseLabel(ctx, allegation)} (at least ${MIN_PARTICULARS} characters).` });
        }
      }
      for (const item of evidence) {
        const choice = notice.evidence[item.id];
        const name = item.filename ?? item.url ?? 'an item of evidence';
        if (!choice) issues.push({ field: `evidence.${item.id}`, message: `Decide whether to disclose ${name}.` });
        else if (!choice.disclose && (choice.withheldReason?.trim().length ?? 0) < MIN_REASON) {
          issues.push({ field: `evidence.${item.id}.withheldReason`, message: `Record why ${name} is withheld (at least ${MIN_REASON} characters).` });
        }
      }
      if (identityReason !== null && identityReason.length < MIN_REASON) {
        issues.push({ field: 'identityWithheldReason', message: `Record why the complainant's identity is withheld (at least ${MIN_REASON} characters).` });
      }
      assertNoIssues(issues, 'The notice is incomplete.');

      const now = ctx.clock.now().toISOString();
      const responseDueOn = addWorkingDays(today(ctx), ctx.config.organisation.dueProcess.responseWorkingDays, ctx.calendar);
      const existing = (await listParties(trx, caseRow.id)).find((party) => party.role === 'respondent');
      const partyId = existing?.id ?? ctx.random.uuid();
      if (!existing) {
        await insertParty(trx, {
          id: partyId,
          case_id: caseRow.id,
          role: 'respondent',
          represents_party_id: null,
          name: respondent.name,
          email: respondent.email,
          membership_number: respondent.membershipNumber?.trim() || caseRow.respondent_membership_number,
          unit: respondent.unit?.trim() || caseRow.respondent_unit,
          affiliations: JSON.stringify(respondent.affiliations.map((group) => group.trim()).filter(Boolean)),
          created_at: now,
        });
        change.record({ type: 'party_added', partyId, role: 'respondent', name: respondent.name, representsPartyId: null });
      }
      const noticeId = ctx.random.uuid();
      const decisions = evidence.map((item) => ({ item, choice: notice.evidence[item.id]! }));
      await insertNotice(
        trx,
        {
          id: noticeId,
          case_id: caseRow.id,
          party_id: partyId,
          issued_at: now,
          issued_by: staff.userId,
          response_due_on: responseDueOn,
          covering_letter: coveringLetter,
          identity_withheld: identityReason === null ? 0 : 1,
          identity_withheld_reason: identityReason,
          responded_at: null,
          general_response: null,
          hearing_requested: 0,
        },
        allegations.map((allegation) => ({ notice_id: noticeId, allegation_id: allegation.id, particulars: notice.particulars[allegation.id]!.trim(), response: null })),
        decisions.map(({ item, choice }) => ({
          notice_id: noticeId,
          evidence_id: item.id,
          disclosed: choice.disclose ? 1 : 0,
          redaction_note: choice.disclose ? choice.redactionNote?.trim() || null : null,
          withheld_reason: choice.disclose ? null : choice.withheldReason!.trim(),
        })),
      );

      const token = randomToken(ctx.random);
      await insertPartyLink(trx, {
        token_hash: hashToken(token),
        party_id: partyId,
        case_id: caseRow.id,
        created_at: now,
        expires_at: new Date(ctx.clock.now().getTime() + PORTAL_LINK_DAYS * 86_400_000).toISOString(),
        revoked_at: null,
      });
      const org = ctx.config.organisation.organisation;
      if (respondent.email) {
        await enqueueOutbox(trx, {
          kind: 'email',
          at: now,
          payload: {
            to: respondent.email,
            subject: `Notice of complaint ${caseRow.reference}: your response is due by ${responseDueOn}`,
            text: [
              `Dear ${respondent.name},`,
              '',
              coveringLetter,
              '',
              `The allegations, the clauses they cite and the evidence relied on are set out in your private case page:`,
              portalEntryUrl(ctx, token),
              '',
              `You may answer each allegation and send your own evidence there until ${responseDueOn}. You may ask for a hearing, and you may be accompanied at any hearing.`,
              'Keep this link private: anyone holding it can see your case.',
              '',
              `${org.name} complaints team (${org.contactEmail})`,
            ].join('\n'),
          },
        });
        change.queuedMail();
      }
      change.record({
        type: 'notice_issued',
        noticeId,
        partyId,
        allegationIds: allegations.map((allegation) => allegation.id),
        disclosedEvidenceIds: decisions.filter(({ choice }) => choice.disclose).map(({ item }) => item.id),
        withheldEvidence: decisions.filter(({ choice }) => !choice.disclose).map(({ item, choice }) => ({ evidenceId: item.id, reason: choice.withheldReason!.trim() })),
        identityWithheld: identityReason !== null,
        identityWithheldReason: identityReason,
        responseDueOn,
        by: respondent.email ? ['email'] : ['letter'],
      });
      return { noticeId, responseDueOn, letterLink: respondent.email ? null : portalEntryUrl(ctx, token) };
    },
  });
}
