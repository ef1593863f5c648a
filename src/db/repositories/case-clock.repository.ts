import type { Executor } from './executor.js';

export type ClockEntryRow = { kind: string; stage: string | null; on_date: string; working_days: number | null; reason: string | null; recorded_at: string };

export async function appendClockEntry(db: Executor, caseId: string, entry: ClockEntryRow): Promise<void> {
  await db.insertInto('case_clock_entries').values({ case_id: caseId, ...entry }).execute();
}

export async function listClockEntries(db: Executor, caseId: string): Promise<ClockEntryRow[]> {
  return db
    .selectFrom('case_clock_entries')
    .select(['kind', 'stage', 'on_date', 'working_days', 'reason', 'recorded_at'])
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
}
