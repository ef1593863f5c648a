import { actorName, isErasedPayload, type ActorRef } from '../../domain/case/case-event.js';
import { ERASED_TEXT, isDueForErasure, retentionDue, type RetentionDue, type RetentionPolicy } from '../../domain/data-protection/retention.js';
import type { LocalDate } from '../../domain/calendar/local-date.js';
import { compareLocalDates } from '../../domain/calendar/local-date.js';
import { listCaseEvents } from '../../db/repositories/case-event.repository.js';
import { lockCase } from '../../db/repositories/case.repository.js';
import { isPublishedDocumentFile } from '../../db/repositories/commitment.repository.js';
import {
  blankPersonalData,
  insertRetentionRun,
  isFileKeptByAnotherCase,
  listEvidenceFilesOfCase,
  listKeptClosedCases,
  type KeptClosedCase,
} from '../../db/repositories/retention.repository.js';
import type { CaseEventRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertPermission } from '../cases/case-access.js';
import { localDateOf, today } from '../cases/case-clock.js';
import { recordCaseEvents } from '../cases/case-events.js';
import { erasePayloadsOfCase } from '../ledger/erase-payload.js';
import { purgeSentMail } from '../../db/repositories/outbox.repository.js';

export function retentionPolicyOf(ctx: Pick<ServiceContext, 'config'>): RetentionPolicy {
  const { closedCaseYears, notUpheldYears, bySanction } = ctx.config.organisation.retention;
  return { closedCaseYears, notUpheldYears, bySanction };
}

export type CaseUnderRetention = { caseId: string; reference: string; closedOn: LocalDate } & RetentionDue;

/**
 * Every closed case still kept, with the rule that applies to it and the day
 * it falls due, in the order they fall due; those kept indefinitely last.
 */
export async function listCasesUnderRetention(ctx: Pick<ServiceContext, 'config'>, db: Executor): Promise<CaseUnderRetention[]> {
  const policy = retentionPolicyOf(ctx);
  // One row per decision in force; the latest stands.
  const latest = new Map<string, KeptClosedCase>();
  for (const row of await listKeptClosedCases(db)) {
    const seen = latest.get(row.id);
    if (!seen || (row.decided_at ?? '') > (seen.decided_at ?? '')) latest.set(row.id, row);
  }
  return [...latest.values()]
    .map((row) => {
      const closedOn = localDateOf(ctx, row.closed_at);
      return { caseId: row.id, reference: row.reference, closedOn, ...retentionDue({ closedOn, outcome: row.outcome, sanctionId: row.sanction_id }, policy) };
    })
    .sort((a, b) => (a.dueOn === null ? 1 : b.dueOn === null ? -1 : compareLocalDates(a.dueOn, b.dueOn)));
}

/** An event whose payload holds something to erase: not itself an erasure, not erased already, not empty (as a read's is). */
function holdsPayload(event: CaseEventRow): boolean {
  if (event.type === 'payload_erased') return false;
  const data = JSON.parse(event.data) as unknown;
  return !isErasedPayload(data) && typeof data === 'object' && data !== null && Object.keys(data).length > 0;
}

export type ErasedCase = { caseId: string; reference: string; closedOn: LocalDate; rule: string; dueOn: LocalDate; payloadsErased: number; filesRemoved: number };

export type RetentionRunReport = {
  /** The run's row in the history; null for a scheduled run that found nothing due. */
  runId: string | null;
  dryRun: boolean;
  ranAt: string;
  cases: ErasedCase[];
  payloadsErased: number;
  filesRemoved: number;
  /** Sent e-mails deleted from the outbox (or, for a dry run, that would be). */
  mailDeleted: number;
  /** Cases that could not be erased this time (each is tried again at the next run). */
  failures: { reference: string; problem: string }[];
};

type Due = CaseUnderRetention & { dueOn: LocalDate };

/**
 * Erases one case in its own transaction, under its lock: the personal data
 * in its rows, its evidence files that no case still kept holds, and every
 * event payload (each erasure recorded in the ledger), then the record of
 * the whole erasure. A dry run counts the same things and changes nothing.
 */
async function eraseCase(ctx: ServiceContext, due: Due, actor: ActorRef, dryRun: boolean): Promise<{ payloads: number; files: number } | null> {
  const inspect = async (db: Executor) => {
    const caseRow = await lockCase(db, ctx.dbKind, due.caseId);
    // Erased meanwhile by another run.
    if (!caseRow || caseRow.erased_at !== null || caseRow.closed_at === null) return null;
    const events = (await listCaseEvents(db, due.caseId)).filter(holdsPayload);
    const files: string[] = [];
    // A file with the same bytes published on the commitments scorecard is kept too (the store holds one copy per content).
    for (const sha256 of await listEvidenceFilesOfCase(db, due.caseId)) if (!(await isFileKeptByAnotherCase(db, sha256, due.caseId)) && !(await isPublishedDocumentFile(db, sha256))) files.push(sha256);
    return { events, files };
  };
  if (dryRun) {
    const found = await inspect(ctx.db);
    return found && { payloads: found.events.length, files: found.files.length };
  }
  return ctx.db.transaction().execute(async (trx) => {
    const found = await inspect(trx);
    if (!found) return null;
    const blanked = await blankPersonalData(trx, { caseId: due.caseId, marker: ERASED_TEXT, at: ctx.clock.now().toISOString() });
    // Deleted before the commit: should the commit fail, the next run finds the case again and the removal is repeated harmlessly.
    for (const sha256 of found.files) await ctx.evidence.remove(sha256);
    const payloads = await erasePayloadsOfCase(trx, ctx, { caseId: due.caseId, events: found.events, rule: due.rule, actor });
    await recordCaseEvents(trx, ctx, {
      caseId: due.caseId,
      actor,
      events: [
        {
          type: 'case_erased_under_retention',
          rule: due.rule,
          payloadsErased: payloads,
          notesErased: blanked.notes,
          messagesErased: blanked.messages,
          evidenceErased: blanked.evidence,
          filesRemoved: found.files.length,
        },
      ],
    });
    return { payloads, files: found.files.length };
  });
}

export type RetentionActor = Staff | { kind: 'system'; process: string };

/**
 * Runs the retention schedule: every closed case whose retention has passed,
 * and that is not yet erased, is erased, each in its own transaction. Cases
 * kept indefinitely and open cases are never touched; a second run finds
 * nothing more to do. The run is recorded for the data protection officer
 * (a scheduled run only when it erased something, so the hourly sweep does
 * not fill the history with empty runs).
 */
export async function runRetention(options: { ctx: ServiceContext; actor: RetentionActor; dryRun: boolean; scheduled?: boolean }): Promise<RetentionRunReport> {
  const { ctx, actor, dryRun } = options;
  const actorRef: ActorRef = 'kind' in actor ? actor : staffActor(actor);
  if (!('kind' in actor)) assertPermission(actor, 'data_protection.manage', 'run the retention schedule');
  const ranAt = ctx.clock.now().toISOString();
  const day = today(ctx);
  const due = (await listCasesUnderRetention(ctx, ctx.db)).filter((candidate): candidate is Due => isDueForErasure(candidate, day));
  const report: RetentionRunReport = { runId: null, dryRun, ranAt, cases: [], payloadsErased: 0, filesRemoved: 0, mailDeleted: 0, failures: [] };
  for (const candidate of due) {
    try {
      const erased = await eraseCase(ctx, candidate, actorRef, dryRun);
      if (!erased) continue;
      report.cases.push({ caseId: candidate.caseId, reference: candidate.reference, closedOn: candidate.closedOn, rule: candidate.rule, dueOn: candidate.dueOn, payloadsErased: erased.payloads, filesRemoved: erased.files });
      report.payloadsErased += erased.payloads;
      report.filesRemoved += erased.files;
    } catch (error) {
      report.failures.push({ reference: candidate.reference, problem: (error as Error).message });
    }
  }
  const mailCutoff = new Date(Date.parse(ranAt) - ctx.config.organisation.retention.sentMailDays * 86_400_000).toISOString();
  report.mailDeleted = await purgeSentMail(ctx.db, mailCutoff, { dryRun });
  if (!options.scheduled || report.cases.length > 0 || report.failures.length > 0) {
    report.runId = ctx.random.uuid();
    await insertRetentionRun(ctx.db, {
      id: report.runId,
      ran_at: ranAt,
      actor: actorName(actorRef),
      dry_run: dryRun ? 1 : 0,
      cases_erased: report.cases.length,
      payloads_erased: report.payloadsErased,
      files_removed: report.filesRemoved,
      case_references: JSON.stringify(report.cases.map((erased) => erased.reference)),
    });
  }
  return report;
}
