import type { Selectable } from 'kysely';
import type { DecisionFindingTable, DecisionTable } from '../database.js';
import type { Executor } from './executor.js';

export type DecisionRow = Selectable<DecisionTable>;
export type FindingRow = Selectable<DecisionFindingTable>;

export async function insertDecision(db: Executor, decision: DecisionRow, findings: FindingRow[]): Promise<void> {
  await db.insertInto('decisions').values(decision).execute();
  if (findings.length > 0) await db.insertInto('decision_findings').values(findings).execute();
}

export async function listDecisions(db: Executor, caseId: string): Promise<DecisionRow[]> {
  return db.selectFrom('decisions').selectAll().where('case_id', '=', caseId).orderBy('decided_at').orderBy('id').execute();
}

/** The decision that currently stands on the case, if any. */
export async function findDecisionInForce(db: Executor, caseId: string): Promise<DecisionRow | undefined> {
  return db.selectFrom('decisions').selectAll().where('case_id', '=', caseId).where('status', '=', 'in_force').orderBy('decided_at', 'desc').executeTakeFirst();
}

export async function listFindings(db: Executor, decisionIds: readonly string[]): Promise<FindingRow[]> {
  if (decisionIds.length === 0) return [];
  return db.selectFrom('decision_findings').selectAll().where('decision_id', 'in', decisionIds).execute();
}

export async function setDecisionStatus(db: Executor, decisionId: string, status: string): Promise<void> {
  await db.updateTable('decisions').set({ status }).where('id', '=', decisionId).execute();
}

/**
 * The sanctions of earlier decisions in force on other cases that upheld an
 * allegation under any of the given clauses: one entry per decision.
 */
export async function listPrecedentSanctions(db: Executor, options: { caseId: string; clauses: readonly { packId: string; clauseId: string }[] }): Promise<string[]> {
  if (options.clauses.length === 0) return [];
  const rows = await db
    .selectFrom('decisions')
    .select(['decisions.id', 'decisions.sanction_id'])
    .distinct()
    .innerJoin('decision_findings', 'decision_findings.decision_id', 'decisions.id')
    .where('decisions.case_id', '!=', options.caseId)
    .where('decisions.status', 'in', ['in_force', 'varied'])
    .where('decision_findings.finding', '!=', 'not_upheld')
    .where((eb) => eb.or(options.clauses.map((clause) => eb.and([eb('decision_findings.pack_id', '=', clause.packId), eb('decision_findings.clause_id', '=', clause.clauseId)]))))
    .execute();
  return rows.map((row) => row.sanction_id);
}
