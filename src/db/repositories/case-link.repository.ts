import type { Executor } from './executor.js';

/** Links are symmetric: one row each way, so either case lists the other. */
export async function insertCaseLink(db: Executor, caseId: string, otherCaseId: string, createdAt: string): Promise<void> {
  await db
    .insertInto('case_links')
    .values([
      { case_id: caseId, other_case_id: otherCaseId, created_at: createdAt },
      { case_id: otherCaseId, other_case_id: caseId, created_at: createdAt },
    ])
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

export async function listLinkedCases(db: Executor, caseId: string): Promise<{ id: string; reference: string; stage: string; summary: string }[]> {
  return db
    .selectFrom('case_links')
    .innerJoin('cases', 'cases.id', 'case_links.other_case_id')
    .select(['cases.id', 'cases.reference', 'cases.stage', 'cases.summary'])
    .where('case_links.case_id', '=', caseId)
    .orderBy('cases.reference')
    .execute();
}
