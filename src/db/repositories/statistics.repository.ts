import type { Executor } from './executor.js';

export type Tally = { key: string; count: number };

const tallies = (rows: { key: string | null; count: string | number | bigint }[]): Tally[] => rows.map((row) => ({ key: row.key ?? 'none', count: Number(row.count) }));

/** Open cases by stage. */
export async function countOpenCasesByStage(db: Executor): Promise<Tally[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['stage as key', (eb) => eb.fn.countAll().as('count')])
    .where('closed_at', 'is', null)
    .where('merged_into', 'is', null)
    .groupBy('stage')
    .execute();
  return tallies(rows);
}

/** Cases closed in [from, to) by outcome. */
export async function countClosedCasesByOutcome(db: Executor, range: { from: string; to: string }): Promise<Tally[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['outcome as key', (eb) => eb.fn.countAll().as('count')])
    .where('closed_at', '>=', range.from)
    .where('closed_at', '<', range.to)
    .groupBy('outcome')
    .execute();
  return tallies(rows);
}

/** Complaints received in [from, to). */
export async function countReceived(db: Executor, range: { from: string; to: string }): Promise<number> {
  const row = await db.selectFrom('cases').select((eb) => eb.fn.countAll().as('count')).where('received_at', '>=', range.from).where('received_at', '<', range.to).executeTakeFirst();
  return Number(row?.count ?? 0);
}
