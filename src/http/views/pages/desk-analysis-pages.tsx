import type { ComponentChildren } from 'preact';
import { formatShare } from '../../../domain/oversight/fairness.js';
import type { Fairness } from '../../../services/oversight/get-fairness.js';
import type { ClockChange, OverdueCase, Timeliness } from '../../../services/oversight/get-timeliness.js';
import { DeskLayout, type DeskProps } from '../components/desk-layout.js';
import { formatDate, formatDateTime, humanise } from '../format.js';

const PANEL_PURPOSE: Record<string, string> = { decision: 'Decision', appeal: 'Appeal' };
const purposeLabel = (purpose: string) => PANEL_PURPOSE[purpose] ?? humanise(purpose);
/** A table with its caption and column headings, as every list on the desk is shown. */
function DeskTable(props: { caption: ComponentChildren; headers: string[]; testid?: string; children: ComponentChildren }) {
  return (
    <table data-testid={props.testid}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map((header) => (
            <th scope="col">{header}</th>
          ))}
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

const days = (count: number) => `${count} working day${count === 1 ? '' : 's'}`;

function LatestNote({ note }: { note: OverdueCase['latest'] }) {
  if (!note) return <>None recorded</>;
  const what = note.kind === 'extended' ? `Extended by ${days(note.workingDays)}` : note.kind === 'paused' ? 'Paused' : 'Resumed';
  return (
    <>
      {what} on {formatDate(note.on)}: {note.reason}
    </>
  );
}

function ClockChangeWhat({ change }: { change: ClockChange }) {
  if (change.kind === 'paused') return <>Paused</>;
  if (change.kind === 'resumed') return <>Resumed{change.dueOnAfter ? `; now due ${formatDate(change.dueOnAfter)}` : ''}</>;
  return (
    <>
      Extended{change.workingDays !== null ? ` by ${days(change.workingDays)}` : ''}
      {change.dueOnBefore && change.dueOnAfter ? `, from ${formatDate(change.dueOnBefore)} to ${formatDate(change.dueOnAfter)}` : ''}
    </>
  );
}

/** Timeliness: each stage against its limit, the age of open cases, the late cases and why, and every pause and extension. */
export function TimelinessPage(props: DeskProps & { timeliness: Timeliness }) {
  const { stages, ages, overdue, clockChanges } = props.timeliness;
  return (
    <DeskLayout {...props} title="Timeliness" current="/oversight/timeliness">
      <p class="lead">
        As of {formatDate(props.timeliness.today)}. A stage is on time when the case left it on or before its due date as it then stood, after any extension and pause; a stage still
        open and past its due date counts as late.
      </p>

      <DeskTable caption="Stages completed within their limit" headers={['Stage', 'Limit', 'Completed', 'Within the limit', 'Still open and late', 'Median time taken']} testid="stage-timeliness">
        {stages.map((stage) => (
          <tr data-stage={stage.stage}>
            <th scope="row">{stage.label}</th>
            <td>{days(stage.limitWorkingDays)}</td>
            <td>{stage.completed}</td>
            <td>{formatShare(stage.completedOnTime, stage.counted)}</td>
            <td>{stage.openLate}</td>
            <td>{stage.medianWorkingDays === null ? '—' : days(stage.medianWorkingDays)}</td>
          </tr>
        ))}
      </DeskTable>
      <p class="small">
        Time taken counts working days on the clock, so a pause is not counted. The appeal window is the parties’ time to appeal, not a deadline on staff: the case closes itself the
        day after it ends, so it counts as late only when the case stays in it more than a working day longer.
      </p>

      <h2>Age of open cases</h2>
      <p data-testid="overall-target">
        {ages.open === 0
          ? 'No case is open.'
          : `${formatShare(ages.pastOverallTarget, ages.open)} open cases are past the overall target of ${ages.overallTargetMonths} months from receipt (moved on by pauses).`}
      </p>
      <DeskTable caption="Open cases by time since receipt" headers={['Open for', 'Cases']} testid="case-ages">
        {ages.buckets.map((bucket) => (
          <tr>
            <th scope="row">{bucket.label}</th>
            <td>{bucket.count}</td>
          </tr>
        ))}
      </DeskTable>

      <h2>Cases late now</h2>
      {overdue.length === 0 ? (
        <p data-testid="overdue-none">No open case is past its stage’s due date.</p>
      ) : (
        <DeskTable
          caption={`${overdue.length} ${overdue.length === 1 ? 'case is' : 'cases are'} past the due date of the stage they are in, the latest first`}
          headers={['Case', 'Stage', 'Was due', 'Late by', 'Case manager', 'Clock', 'Last pause or extension, and why']}
          testid="overdue"
        >
          {overdue.map((row) => (
            <tr>
              <th scope="row">{row.reference}</th>
              <td>{row.stage}</td>
              <td>{formatDate(row.dueOn)}</td>
              <td>{days(row.workingDaysLate)}</td>
              <td>{row.caseManager ?? 'None assigned'}</td>
              <td>{row.pausedSince ? <span class="tag tag--paused">Paused since {formatDate(row.pausedSince)}</span> : 'Running'}</td>
              <td>
                <LatestNote note={row.latest} />
              </td>
            </tr>
          ))}
        </DeskTable>
      )}

      <h2>Pauses and extensions</h2>
      {clockChanges.length === 0 ? (
        <p>No clock has been paused and no deadline extended.</p>
      ) : (
        <DeskTable caption="Every pause, resumption and extension, the newest first" headers={['When', 'Case', 'Stage', 'What', 'Reason', 'By']} testid="clock-changes">
          {clockChanges.map((change) => (
            <tr>
              <td>{formatDateTime(change.at)}</td>
              <th scope="row">{change.reference}</th>
              <td>{change.stage ?? '—'}</td>
              <td>
                <ClockChangeWhat change={change} />
              </td>
              <td>{change.erasedUnderRule ? `Erased under the retention rule “${change.erasedUnderRule}”` : change.reason}</td>
              <td>{change.by}</td>
            </tr>
          ))}
        </DeskTable>
      )}
    </DeskLayout>
  );
}

function ConflictCheck({ conflicts }: { conflicts: Fairness['conflicts'] }) {
  if (conflicts.seats.length === 0) {
    return (
      <div class="clock" data-testid="conflict-check">
        <p>
          <strong>No panel member sat with a known conflict.</strong>
        </p>
        <p class="small">
          Checked {conflicts.seatsChecked} {conflicts.seatsChecked === 1 ? 'seat' : 'seats'} on {conflicts.panelsChecked} {conflicts.panelsChecked === 1 ? 'panel' : 'panels'} against every
          interest declared while the seat was held and every other part the member had in the case.
        </p>
      </div>
    );
  }
  return (
    <div role="alert" data-testid="conflict-check">
      <p class="warning">
        {conflicts.seats.length} {conflicts.seats.length === 1 ? 'seat was' : 'seats were'} held with a known conflict (of {conflicts.seatsChecked} checked).
      </p>
      <DeskTable caption="Seats held with a known conflict" headers={['Case', 'Panel', 'Member', 'Sat', 'Conflict']} testid="conflicted-seats">
        {conflicts.seats.map((seat) => (
          <tr>
            <th scope="row">{seat.reference}</th>
            <td>
              {purposeLabel(seat.purpose)} ({humanise(seat.seat)})
            </td>
            <td>{seat.member}</td>
            <td>
              {formatDate(seat.seatedAt)} to {formatDate(seat.until)}
            </td>
            <td>
              <ul>
                {seat.reasons.map((reason) => (
                  <li>{reason}</li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </DeskTable>
    </div>
  );
}

/** Fairness: conflicts, recusals, exclusions at draws, vetoes, appeals and sanction consistency. */
export function FairnessPage(props: DeskProps & { fairness: Fairness }) {
  const { conflicts, recusals, exclusions, reviews, appeals, clauses, outsideRange } = props.fairness;
  const allowed = appeals.byOutcome.find((entry) => entry.outcome === 'allowed')?.count ?? 0;
  const successful = appeals.byOutcome.filter((entry) => entry.outcome !== 'dismissed').reduce((total, entry) => total + entry.count, 0);
  return (
    <DeskLayout {...props} title="Fairness" current="/oversight/fairness">
      <h2>Did anyone sit with a conflict?</h2>
      <ConflictCheck conflicts={conflicts} />

      <h2>Recusals</h2>
      {recusals.length === 0 ? (
        <p>No panel member has stepped down from a case.</p>
      ) : (
        <DeskTable caption="Panel members who stepped down, the newest first" headers={['Case', 'Panel', 'Member', 'When', 'Reason']} testid="recusals">
          {recusals.map((row) => (
            <tr>
              <th scope="row">{row.reference}</th>
              <td>{purposeLabel(row.purpose)}</td>
              <td>{row.member}</td>
              <td>{formatDateTime(row.at)}</td>
              <td>{row.reason}</td>
            </tr>
          ))}
        </DeskTable>
      )}

      <h2>Exclusions at panel draws</h2>
      {exclusions.rows.length === 0 ? (
        <p>No pool member has been kept off a panel.</p>
      ) : (
        <>
          <DeskTable caption="Pool members kept off a panel (or its independent seats), by reason" headers={['Reason', 'Exclusions']} testid="exclusion-counts">
            {exclusions.byReason.map((entry) => (
              <tr>
                <th scope="row">{entry.label}</th>
                <td>{entry.count}</td>
              </tr>
            ))}
          </DeskTable>
          <DeskTable caption="Each exclusion, the newest draw first" headers={['Case', 'Panel drawn', 'Member', 'Reasons recorded at the draw']} testid="exclusions">
            {exclusions.rows.map((row) => (
              <tr>
                <th scope="row">{row.reference}</th>
                <td>
                  {purposeLabel(row.purpose)}, {formatDate(row.drawnAt)}
                </td>
                <td>
                  {row.member}
                  {row.eligible ? ' (could still fill an ordinary seat)' : ''}
                </td>
                <td>
                  <ul>
                    {row.reasons.map((reason) => (
                      <li>{reason.text}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </DeskTable>
        </>
      )}

      <h2>Vetoes by the independent reviewer</h2>
      <p data-testid="veto-count">
        {reviews.total === 0 ? 'No decision has been independently reviewed.' : `${formatShare(reviews.vetoes.length, reviews.total)} reviewed decisions were vetoed.`}
        {reviews.erased > 0 ? ` The record of ${reviews.erased} ${reviews.erased === 1 ? 'review was' : 'reviews were'} erased under a retention rule.` : ''}
      </p>
      {reviews.vetoes.length > 0 ? (
        <DeskTable caption="Decisions vetoed, with the reviewer’s reasons" headers={['Case', 'When', 'Reviewer', 'Reasons']} testid="vetoes">
          {reviews.vetoes.map((veto) => (
            <tr>
              <th scope="row">{veto.reference}</th>
              <td>{formatDateTime(veto.at)}</td>
              <td>{veto.reviewer}</td>
              <td>{veto.reasons}</td>
            </tr>
          ))}
        </DeskTable>
      ) : null}

      <h2>Appeals</h2>
      <p data-testid="appeal-share">
        {appeals.decided === 0
          ? `No appeal has been decided${appeals.pending > 0 ? ` (${appeals.pending} waiting)` : ''}.`
          : `Allowed: ${formatShare(allowed, appeals.decided)} decided appeals. Successful in whole or part (allowed, varied or sent for a re-hearing): ${formatShare(successful, appeals.decided)}.${appeals.pending > 0 ? ` ${appeals.pending} waiting for a decision.` : ''}`}
      </p>
      {appeals.lodged > 0 ? (
        <>
          <DeskTable caption="Decided appeals by outcome" headers={['Outcome', 'Appeals']} testid="appeal-outcomes">
            {appeals.byOutcome.map((entry) => (
              <tr data-outcome={entry.outcome}>
                <th scope="row">{entry.label}</th>
                <td>{entry.count}</td>
              </tr>
            ))}
          </DeskTable>
          <DeskTable caption="Every appeal, the newest first" headers={['Case', 'Appellant', 'Lodged', 'Grounds', 'Outcome']} testid="appeals">
            {appeals.rows.map((row) => (
              <tr>
                <th scope="row">{row.reference}</th>
                <td>{row.appellant}</td>
                <td>{formatDate(row.lodgedAt)}</td>
                <td>{row.grounds.join('; ')}</td>
                <td>{row.outcome ? `${row.outcome} (${formatDate(row.decidedAt)})` : 'Waiting'}</td>
              </tr>
            ))}
          </DeskTable>
        </>
      ) : null}

      <h2>Sanction consistency</h2>
      {clauses.length === 0 ? (
        <p>No decision has been recorded.</p>
      ) : (
        <DeskTable caption="Sanctions per clause, for the decisions that upheld it" headers={['Clause', 'Decisions', 'Upheld', 'Sanctions imposed', 'Usual range now', 'Outside the usual range']} testid="clause-consistency">
          {clauses.map((clause) => (
            <tr>
              <th scope="row">{clause.label}</th>
              <td>{clause.decisions}</td>
              <td>{clause.upheld}</td>
              <td>{clause.bySanction.length === 0 ? '—' : clause.bySanction.map((entry) => `${entry.label}: ${entry.count}`).join('; ')}</td>
              <td>{clause.usualRange ? (clause.usualRange.from === clause.usualRange.to ? clause.usualRange.from : `${clause.usualRange.from} to ${clause.usualRange.to}`) : 'Too few precedents'}</td>
              <td>{clause.outsideDecisionIds.length}</td>
            </tr>
          ))}
        </DeskTable>
      )}
      {outsideRange.length > 0 ? (
        <DeskTable caption="Decisions outside the usual range when made, with the panel’s justification" headers={['Case', 'Respondent', 'Decided', 'Clauses', 'Sanction', 'Justification']} testid="outside-range">
          {outsideRange.map((row) => (
            <tr>
              <th scope="row">{row.reference}</th>
              <td>{row.respondent}</td>
              <td>{formatDate(row.decidedAt)}</td>
              <td>{row.clauses.join('; ')}</td>
              <td>
                {row.sanction}
                {row.status === 'in_force' ? '' : ` (${humanise(row.status).toLowerCase()})`}
              </td>
              <td>{row.justification ?? 'None recorded'}</td>
            </tr>
          ))}
        </DeskTable>
      ) : clauses.length > 0 ? (
        <p>No decision has departed from the usual range.</p>
      ) : null}
    </DeskLayout>
  );
}
