import { isDomainError } from '../../domain/errors.js';
import { listCases } from '../../db/repositories/case.repository.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { listDecisions } from '../../db/repositories/decision.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { ServiceContext } from '../context.js';
import type { Staff } from '../staff.js';
import { approveDecisionSummary } from '../publication/approve-decision-summary.js';
import { draftDecisionSummary } from '../publication/draft-decision-summary.js';
import { returnDecisionSummary } from '../publication/return-decision-summary.js';

/** Fictional, anonymised accounts: no names, places, dates or numbers, as a drafter should write them. */
const SUMMARIES: { facts: string; reasons: string }[] = [
  {
    facts: 'After a branch meeting, a member sent several messages to another member in a group chat. The messages repeated a claim that Jewish people secretly control the media and politics.',
    reasons: 'The panel found that the messages were sent and that, read in context, they repeated a conspiracy theory about Jewish power of the kind the code of conduct names. The member accepted sending them.',
  },
  {
    facts: 'A member posted on a public social-media account a comparison between the actions of a government and the policies of Nazi Germany, and defended the post when other members objected.',
    reasons: 'The panel considered the post as a whole and the member’s response. It found the comparison fell within the example in the code and that criticism of a government did not require it.',
  },
  {
    facts: 'At a constituency meeting a member told another member, who is Jewish, that they must be more loyal to a foreign state than to the party, and repeated this when challenged by the chair.',
    reasons: 'Two members who attended gave consistent accounts, and the member did not dispute the words used. The panel found the remark accused a Jewish member of dual loyalty, which the code names.',
  },
  {
    facts: 'A member shared, in a local campaign group, an article alleging that a Jewish organisation had invented reports of antisemitism, and added comments mocking those who had reported it.',
    reasons: 'The panel found that the comments went beyond discussion of the article and denied the experience of Jewish members as a class. It took account of the member’s apology at the hearing.',
  },
  {
    facts: 'A member, speaking at an online branch meeting, said that a named community group was “only complaining to silence debate”. The remark was recorded and shared by another member.',
    reasons: 'The panel weighed the recording and the accounts of both members, considered whether the remark was aimed at a public campaign or at Jewish people, and gave its finding on the clause cited.',
  },
];

/** A redraft carrying something that identifies: the story's editor returns it. */
const FLAGGED = {
  facts: 'A member sent messages to another member after a meeting, repeating a conspiracy theory, and invited replies on 07700 900461 or at https://social.example/branchvoice.',
  reasons: 'The panel found the messages were sent and repeated the theory named in the code. The member accepted sending them and apologised at the hearing.',
};

/**
 * The demonstration's published decisions: for a few decided cases, the
 * assigned case manager drafts an anonymised summary and the publications
 * editor approves most of them; one draft, carrying a phone number and a web
 * address, is flagged by the anonymity check and returned.
 */
export async function loadPublicationsDemo(options: { ctx: ServiceContext; staff: Staff[]; at: (daysAgo: number, hour: number) => void }): Promise<void> {
  const { ctx, staff, at } = options;
  const editor = staff.find((member) => member.roles.includes('publications_editor'));
  if (!editor) return;
  const decided: { caseRow: CaseRow; manager: Staff }[] = [];
  for (const stage of ['closed', 'appeal_window']) {
    for (const caseRow of await listCases(ctx.db, ctx.dbKind, { scope: { kind: 'all' }, stage, limit: 200, offset: 0 })) {
      if (decided.length >= SUMMARIES.length + 1) break;
      if ((await listDecisions(ctx.db, caseRow.id)).every((decision) => decision.status !== 'in_force' && decision.status !== 'varied')) continue;
      const managerId = (await listAssignments(ctx.db, caseRow.id)).find((assignment) => assignment.role === 'case_manager')?.user_id;
      const manager = staff.find((member) => member.userId === managerId);
      if (manager) decided.push({ caseRow, manager });
    }
  }
  const drafted: { summaryId: string; flags: number }[] = [];
  let day = 9;
  for (const [index, { caseRow, manager }] of decided.entries()) {
    at(day, 11);
    const text = index === 1 ? FLAGGED : SUMMARIES[index % SUMMARIES.length]!;
    try {
      const summary = await draftDecisionSummary({ ctx, staff: manager, caseId: caseRow.id, draft: text });
      drafted.push({ summaryId: summary.id, flags: summary.flags.length });
    } catch (error) {
      // A case the story cannot summarise (for example a decision still under review) is left out.
      if (!isDomainError(error)) throw error;
    }
    day = Math.max(2, day - 1);
  }
  at(1, 10);
  for (const { summaryId, flags } of drafted.slice(0, -1)) {
    if (flags > 0) {
      await returnDecisionSummary({ ctx, staff: editor, summaryId, reason: 'The anonymity check found a phone number and a web address: please take them out and redraft.' });
    } else {
      await approveDecisionSummary({ ctx, staff: editor, summaryId, acceptances: [] });
    }
  }
  // The newest draft waits on the editor's desk.
}
