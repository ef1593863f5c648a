import { addWorkingDays } from '../../domain/calendar/working-days.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { listAllegations } from '../../db/repositories/case-allegation.repository.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { insertParty, listParties } from '../../db/repositories/case-party.repository.js';
import { insertEvidence, listEvidence } from '../../db/repositories/evidence.repository.js';
import type { EvidenceRow } from '../../db/database.js';
import type { EvidenceUpload } from '../intake/complaint-input.js';
import { checkUploads, storeUploads } from '../intake/evidence-uploads.js';
import { findNotice, insertNotice } from '../../db/repositories/notice.repository.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { today } from '../cases/case-clock.js';
import { changeCase, type CaseChange } from '../cases/change-case.js';
import { queueMail } from '../mail/compose-mail.js';
import { clauseLabel } from './clause-label.js';
import { createPartyLink, portalEntryUrl } from './party-links.js';

export type RespondentDetails = { name: string; email: string | null; membershipNumber: string | null; unit: string | null; affiliations: string[] };

export type NoticeInput = {
  respondent: RespondentDetails;
  coveringLetter: string;
  /** The particulars of each allegation, by allegation id: what the respondent is said to have done. */
  particulars: Record<string, string>;
  /**
   * A decision for every item of evidence: disclosed (with any redaction described), disclosed as a
   * redacted copy (the copy is disclosed, the original withheld), or withheld with a reason.
   */
  evidence: Record<string, { disclose: boolean; redactionNote: string | null; withheldReason: string | null; redactedCopy?: EvidenceUpload | null }>;
  /** Set, with the reason, when the complainant's identity is withheld from the respondent. */
  identityWithheldReason: string | null;
};

const MIN_PARTICULARS = 20;
const MIN_REASON = 20;
/** Stores each redacted copy given with the notice as evidence of its own, recorded as made by staff. */
async function storeRedactedCopies(ctx: ServiceContext, change: CaseChange, originals: EvidenceRow[], choices: NoticeInput['evidence'], at: string): Promise<EvidenceRow[]> {
  const wanted = originals.filter((item) => choices[item.id]?.redactedCopy);
  if (wanted.length === 0) return [];
  const uploads = checkUploads(ctx, wanted.map((item) => choices[item.id]!.redactedCopy!));
  const rows = await storeUploads(ctx, { caseId: change.caseRow.id, uploads, submittedBy: 'staff', at });
  const copies = rows.map((row, index) => ({ ...row, redacts_evidence_id: wanted[index]!.id, description: `Redacted copy of ${wanted[index]!.filename ?? 'an item'}` }));
  await insertEvidence(change.trx, copies);
  for (const copy of copies) change.record({ type: 'evidence_added', evidenceId: copy.id, kind: 'file', sha256: copy.sha256, filename: copy.filename, url: null });
  return copies;
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
        } else if (choice.redactedCopy && (!choice.disclose || (choice.redactionNote?.trim().length ?? 0) < 10)) {
          issues.push({ field: `evidence.${item.id}.redactionNote`, message: `Describe what was redacted from the copy of ${name} (at least 10 characters), and disclose it.` });
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
      const copies = await storeRedactedCopies(ctx, change, evidence, notice.evidence, now);
      const decisions = [
        ...evidence.map((item) => {
          const copy = copies.find((row) => row.redacts_evidence_id === item.id);
          const choice = notice.evidence[item.id]!;
          // The original of a redacted copy stays withheld; the copy is what is disclosed.
          return copy ? { item, choice: { disclose: false, redactionNote: null, withheldReason: `Disclosed as a redacted copy (${choice.redactionNote!.trim()})` } } : { item, choice };
        }),
        ...copies.map((copy) => ({ item: copy, choice: { disclose: true, redactionNote: notice.evidence[copy.redacts_evidence_id!]!.redactionNote, withheldReason: null } })),
      ];
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

      const token = await createPartyLink(ctx, trx, { id: partyId, case_id: caseRow.id });
      if (respondent.email) {
        await queueMail(trx, ctx, {
          template: 'notice_of_complaint',
          to: respondent.email,
          at: now,
          values: { name: respondent.name, reference: caseRow.reference, responseDueOn, coveringLetter, portalLink: portalEntryUrl(ctx, token) },
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
