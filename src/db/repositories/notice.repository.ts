import type { Selectable, Updateable } from 'kysely';
import type { EvidenceDisclosureTable, NoticeAllegationTable, NoticeTable } from '../database.js';
import type { Executor } from './executor.js';

export type NoticeRow = Selectable<NoticeTable>;
export type NoticeAllegationRow = Selectable<NoticeAllegationTable>;
export type DisclosureRow = Selectable<EvidenceDisclosureTable>;

export async function insertNotice(db: Executor, notice: NoticeRow, allegations: NoticeAllegationRow[], disclosures: DisclosureRow[]): Promise<void> {
  await db.insertInto('notices').values(notice).execute();
  if (allegations.length > 0) await db.insertInto('notice_allegations').values(allegations).execute();
  if (disclosures.length > 0) await db.insertInto('evidence_disclosures').values(disclosures).execute();
}

/** The case's notice: there is at most one, issued once the allegations are settled. */
export async function findNotice(db: Executor, caseId: string): Promise<NoticeRow | undefined> {
  return db.selectFrom('notices').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function listNoticeAllegations(db: Executor, noticeId: string): Promise<NoticeAllegationRow[]> {
  return db.selectFrom('notice_allegations').selectAll().where('notice_id', '=', noticeId).orderBy('allegation_id').execute();
}

export async function listDisclosures(db: Executor, noticeId: string): Promise<DisclosureRow[]> {
  return db.selectFrom('evidence_disclosures').selectAll().where('notice_id', '=', noticeId).orderBy('evidence_id').execute();
}

export async function updateNotice(db: Executor, noticeId: string, values: Updateable<NoticeTable>): Promise<void> {
  await db.updateTable('notices').set(values).where('id', '=', noticeId).execute();
}

export async function recordAllegationResponse(db: Executor, noticeId: string, allegationId: string, response: string): Promise<void> {
  await db.updateTable('notice_allegations').set({ response }).where('notice_id', '=', noticeId).where('allegation_id', '=', allegationId).execute();
}
