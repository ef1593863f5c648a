import {
  COMMITMENT_STATUSES,
  GIVEN_RATINGS,
  RATING_LABELS,
  RATING_MEANINGS,
  RATINGS,
  STANCE_LABELS,
  STANCES,
  STATUS_LABELS,
} from '../../../domain/commitments/commitment.js';
import { downloadName } from '../../../domain/evidence/file-type.js';
import type { MeasureResult } from '../../../services/commitments/compute-measure.js';
import type { CommitmentsDesk } from '../../../services/commitments/get-commitments-desk.js';
import type { HistoryEntry } from '../../../services/commitments/get-commitment-history.js';
import type { ScorecardAction, ScorecardCommitment, ScorecardDemand, ScorecardDocument, ScorecardMeeting } from '../../../services/commitments/get-scorecard.js';
import { Choices, Select, TextArea, TextInput, type FormState } from '../components/forms.js';
import { FormBox } from '../components/form-box.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDate } from '../format.js';

/** The form just refused on a page of several forms: which one, and what was typed. */
export type FailedForm = { id: string; form: FormState };

const failedFor = (failed: FailedForm | null, id: string) => (failed?.id === id ? failed.form : null);

function RatingLegend() {
  return (
    <section aria-labelledby="legend-title">
      <h2 id="legend-title">What the independent ratings mean</h2>
      <dl>
        {RATINGS.map((rating) => (
          <>
            <dt>{RATING_LABELS[rating]}</dt>
            <dd>{RATING_MEANINGS[rating]}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

function ActionState({ action }: { action: ScorecardAction }) {
  if (action.delivered) return <>Delivered {formatDate(action.deliveredOn)}</>;
  if (action.overdue) return <span class="tag tag--overdue">Overdue</span>;
  return <>Not yet due</>;
}

const MEDIA_LABELS: Record<string, string> = { 'application/pdf': 'PDF', 'image/png': 'PNG image', 'image/jpeg': 'JPEG image', 'text/plain': 'plain text', 'text/csv': 'CSV' };

/** A file's size as people read it, with the exact count of bytes beyond a kilobyte: "2.4 KB (2,458 bytes)". */
export function formatFileSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-GB')} byte${bytes === 1 ? '' : 's'}`;
  if (bytes < 1024) return exact;
  const rounded = bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${rounded} (${exact})`;
}

function DocumentItem({ document }: { document: ScorecardDocument }) {
  return (
    <li data-testid="evidence-document">
      <a href={`/commitments/documents/${document.id}`} download={downloadName(document.filename, document.mediaType)}>
        {document.title}
      </a>{' '}
      ({MEDIA_LABELS[document.mediaType] ?? document.mediaType}, {formatFileSize(document.sizeBytes)}
      {document.title === document.filename ? '' : `, file ${document.filename}`})
      <br />
      SHA-256: <code class="hash">{document.sha256}</code>
    </li>
  );
}

/** An action's evidence of delivery: its links, then its documents with their size and SHA-256 (to check a download against). */
function EvidenceList({ action }: { action: ScorecardAction }) {
  if (action.evidence.length === 0 && action.documents.length === 0) return <>None yet</>;
  return (
    <ul>
      {action.evidence.map((link) => (
        <li>
          <a href={link.url} rel="noopener noreferrer">
            {link.title}
          </a>
        </li>
      ))}
      {action.documents.map((document) => (
        <DocumentItem document={document} />
      ))}
    </ul>
  );
}

function ActionsTable({ commitment }: { commitment: ScorecardCommitment }) {
  if (commitment.actions.length === 0) return <p>No actions have been set out for this commitment yet.</p>;
  return (
    <table>
      <caption>Actions for “{commitment.title}”</caption>
      <thead>
        <tr>
          <th scope="col">What will be delivered</th>
          <th scope="col">Who owns it</th>
          <th scope="col">Due by</th>
          <th scope="col">Delivered?</th>
          <th scope="col">Evidence</th>
        </tr>
      </thead>
      <tbody>
        {commitment.actions.map((action) => (
          <tr data-testid="action-row">
            <th scope="row">{action.deliverable}</th>
            <td>{action.owner}</td>
            <td>{formatDate(action.dueOn)}</td>
            <td>
              <ActionState action={action} />
              {action.note ? <p>{action.note}</p> : null}
            </td>
            <td>
              <EvidenceList action={action} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MeasureTable({ measure, title }: { measure: MeasureResult; title: string }) {
  const share = measure.kind === 'share_closed_within_months';
  const unit = (value: number) => (share ? `${value}%` : `${value} working day${value === 1 ? '' : 's'}`);
  const target = measure.target === null ? null : share ? `at least ${unit(measure.target)}` : `at most ${unit(measure.target)}`;
  return (
    <table>
      <caption>
        Live measure for “{title}”: {measure.label.toLowerCase()}, each quarter{target === null ? '' : `, against the target of ${target}`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Quarter</th>
          <th scope="col">{share ? 'Cases closed' : 'Cases decided'}</th>
          <th scope="col">{share ? 'Share within the time' : 'Median time to decision'}</th>
          <th scope="col">Target</th>
        </tr>
      </thead>
      <tbody>
        {measure.quarters.map((quarter) => (
          <tr>
            <th scope="row">{quarter.quarter.replace('-', ' ')}</th>
            <td>{quarter.count.kind === 'count' ? quarter.count.value : `Fewer than ${quarter.count.below}`}</td>
            <td>{quarter.value === null ? quarter.withheld : unit(quarter.value)}</td>
            <td>{target === null ? '—' : quarter.meetsTarget === null ? target : `${target} (${quarter.meetsTarget ? 'met' : 'not met'})`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function StatusAndRating({ commitment }: { commitment: ScorecardCommitment }) {
  return (
    <table class="side-by-side">
      <caption>Where “{commitment.title}” stands</caption>
      <thead>
        <tr>
          <th scope="col">Who says</th>
          <th scope="col">What</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">The organisation’s own status</th>
          <td data-testid="status">{STATUS_LABELS[commitment.status]}</td>
          <td>{commitment.statusReason ?? 'No change recorded yet.'}</td>
        </tr>
        <tr>
          <th scope="row">Independent rating{commitment.ratedBy ? ` by ${commitment.ratedBy}, ${formatDate(commitment.ratedAt)}` : ''}</th>
          <td data-testid="rating">{RATING_LABELS[commitment.rating]}</td>
          <td>{commitment.ratingReasons ?? 'The overseer has not rated this commitment yet.'}</td>
        </tr>
      </tbody>
    </table>
  );
}

function CommitmentBlock({ commitment, headingLevel }: { commitment: ScorecardCommitment; headingLevel: 3 | 2 }) {
  const Heading = headingLevel === 3 ? 'h5' : 'h3';
  return (
    <article class="commitment" data-testid="commitment" aria-labelledby={`commitment-${commitment.id}`}>
      <Heading id={`commitment-${commitment.id}`}>Commitment: {commitment.title}</Heading>
      <p>{commitment.description}</p>
      <StatusAndRating commitment={commitment} />
      <ActionsTable commitment={commitment} />
      {commitment.measure ? <MeasureTable measure={commitment.measure} title={commitment.title} /> : null}
      <p>
        <a href={`/commitments/${commitment.id}`}>Full history of “{commitment.title}”</a>
      </p>
    </article>
  );
}

function DemandBlock({ demand }: { demand: ScorecardDemand }) {
  return (
    <section class="demand" data-testid="demand" aria-labelledby={`demand-${demand.id}`} id={`demand-${demand.id}`}>
      <h3 id={`demand-${demand.id}`}>{demand.title}</h3>
      <p>
        Raised by <strong>{demand.raisedBy}</strong> at “{demand.meeting.title}” on {formatDate(demand.meeting.heldOn)}.
      </p>
      <blockquote>{demand.text}</blockquote>
      <h4>What the organisation said</h4>
      <p>
        <strong data-testid="stance">{STANCE_LABELS[demand.stance]}</strong>
        {demand.respondedAt ? ` (${formatDate(demand.respondedAt)})` : ''}
      </p>
      {demand.statement ? <blockquote>{demand.statement}</blockquote> : null}
      <h4>What was done</h4>
      {demand.commitments.length === 0 ? <p>No commitment has been made on this demand.</p> : demand.commitments.map((commitment) => <CommitmentBlock commitment={commitment} headingLevel={3} />)}
    </section>
  );
}

function MeetingList({ meetings }: { meetings: ScorecardMeeting[] }) {
  return (
    <section aria-labelledby="meetings-title">
      <h2 id="meetings-title">Meetings</h2>
      {meetings.length === 0 ? <p>No meeting has been recorded yet.</p> : null}
      {meetings.map((meeting) => (
        <details>
          <summary>
            {formatDate(meeting.heldOn)}: {meeting.title}
          </summary>
          <p>Attended by: {meeting.attendees.join('; ')}.</p>
          <p>{meeting.minutes}</p>
        </details>
      ))}
    </section>
  );
}

/** The public scorecard: each demand, what was said, what was done, and the evidence, with the independent rating beside the organisation's own status. */
export function ScorecardPage(props: { organisation: string; meetings: ScorecardMeeting[]; demands: ScorecardDemand[] }) {
  return (
    <Layout title="Commitments scorecard" organisation={props.organisation}>
      <h1>Commitments scorecard</h1>
      <p class="lead">
        What community bodies asked {props.organisation} to do, what {props.organisation} said in reply, what it has done since, and what an independent overseer makes of it. Every change is kept: nothing
        here is overwritten, and each change is recorded in the public ledger.
      </p>
      <p>
        <a href="/commitments/feed.atom">Follow changes (Atom feed)</a>
      </p>
      <RatingLegend />
      <MeetingList meetings={props.meetings} />
      <section aria-labelledby="demands-title">
        <h2 id="demands-title">Demands and what happened</h2>
        {props.demands.length === 0 ? <p>No demand has been recorded yet.</p> : props.demands.map((demand) => <DemandBlock demand={demand} />)}
      </section>
    </Layout>
  );
}

/** One commitment's full history: every response, status change, action and rating, with dates. */
export function CommitmentHistoryPage(props: { organisation: string; demand: ScorecardDemand; commitment: ScorecardCommitment; history: HistoryEntry[] }) {
  const { demand, commitment } = props;
  return (
    <Layout title={`Commitment: ${commitment.title}`} organisation={props.organisation}>
      <p>
        <a href="/commitments">Back to the scorecard</a>
      </p>
      <h1>Commitment: {commitment.title}</h1>
      <p>
        In answer to “{demand.title}”, raised by {demand.raisedBy} on {formatDate(demand.meeting.heldOn)}.
      </p>
      <p>{commitment.description}</p>
      <StatusAndRating commitment={commitment} />
      <ActionsTable commitment={commitment} />
      {commitment.measure ? <MeasureTable measure={commitment.measure} title={commitment.title} /> : null}
      <section aria-labelledby="history-title">
        <h2 id="history-title">Everything that happened, oldest first</h2>
        <ol class="history">
          {props.history.map((entry) => (
            <li data-testid="history-entry">
              <p>
                <strong>{formatDate(entry.at)}</strong>: {entry.heading}
              </p>
              {entry.detail ? <p>{entry.detail}</p> : null}
            </li>
          ))}
        </ol>
      </section>
      <RatingLegend />
    </Layout>
  );
}

type Staffed = { organisation: string; viewer: NonNullable<Viewer> };

const options = <K extends string>(values: readonly K[], labels: Record<K, string>) => values.map((value) => ({ value, label: labels[value] }));

/** The tracker for leadership (the list and every form) and for the overseer (the list, with a link to rate each commitment). */
export function CommitmentsDeskPage(props: Staffed & { desk: CommitmentsDesk; failed: FailedForm | null; uploads: { maxFiles: number; maxFileSize: string } }) {
  const { desk } = props;
  const csrf = props.viewer.csrfToken;
  const commitments = desk.demands.flatMap((demand) => demand.commitments);
  const stakeholderOptions = desk.stakeholders.map((body) => ({ value: body.id, label: body.name }));
  const demandOptions = desk.demands.map((demand) => ({ value: demand.id, label: `${demand.title} (${demand.raisedBy})` }));
  const commitmentOptions = commitments.map((commitment) => ({ value: commitment.id, label: commitment.title }));
  const delivered = commitments.flatMap((commitment) => commitment.actions.filter((action) => action.delivered).map((action) => ({ commitment, action })));
  const openActions = commitments.flatMap((commitment) => commitment.actions.filter((action) => !action.delivered).map((action) => ({ value: action.id, label: `${action.deliverable} (${commitment.title})` })));
  return (
    <Layout title="Commitments tracker" organisation={props.organisation} viewer={props.viewer}>
      <h1>Commitments tracker</h1>
      <p class="lead">
        What was asked, what was said, what was promised and what was done. <a href="/commitments">See the public scorecard</a>.
      </p>
      <table>
        <caption>Commitments</caption>
        <thead>
          <tr>
            <th scope="col">Commitment</th>
            <th scope="col">Demand</th>
            <th scope="col">Organisation’s status</th>
            <th scope="col">Independent rating</th>
            <th scope="col">Actions delivered</th>
          </tr>
        </thead>
        <tbody>
          {desk.demands.flatMap((demand) =>
            demand.commitments.map((commitment) => (
              <tr data-testid="desk-commitment">
                <th scope="row">
                  <a href={`/commitments/${commitment.id}`}>{commitment.title}</a>
                  {desk.mayRate ? (
                    <>
                      {' '}
                      (<a href={`/staff/commitments/${commitment.id}/rate`}>rate<span class="visually-hidden"> {commitment.title}</span></a>)
                    </>
                  ) : null}
                </th>
                <td>{demand.title}</td>
                <td>{STATUS_LABELS[commitment.status]}</td>
                <td>{RATING_LABELS[commitment.rating]}</td>
                <td>
                  {commitment.actions.filter((action) => action.delivered).length} of {commitment.actions.length}
                  {commitment.actions.some((action) => action.overdue) ? <span class="tag tag--overdue">Overdue</span> : null}
                </td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      {commitments.length === 0 ? <p>No commitment has been recorded yet.</p> : null}
      <h2 id="delivered-title">Delivered actions and their evidence</h2>
      {delivered.length === 0 ? (
        <p>No action has been delivered yet.</p>
      ) : (
        <table>
          <caption>Evidence of each delivered action: links, and documents with their size and SHA-256</caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Commitment</th>
              <th scope="col">Delivered on</th>
              <th scope="col">Evidence</th>
            </tr>
          </thead>
          <tbody>
            {delivered.map(({ commitment, action }) => (
              <tr data-testid="desk-delivered-action">
                <th scope="row">{action.deliverable}</th>
                <td>{commitment.title}</td>
                <td>{formatDate(action.deliveredOn)}</td>
                <td>
                  <EvidenceList action={action} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Demands and responses</h2>
      <ul>
        {desk.demands.map((demand) => (
          <li>
            {demand.title} ({demand.raisedBy}, {formatDate(demand.meeting.heldOn)}): {STANCE_LABELS[demand.stance]}
          </li>
        ))}
      </ul>
      {desk.mayManage ? (
        <>
          <h2>Record</h2>
          <FormBox id="stakeholder" title="Add a stakeholder" url="/staff/commitments/stakeholders" failed={failedFor(props.failed, 'stakeholder')} csrfToken={csrf} submit="Add the stakeholder">
            {(form) => (
              <>
                <TextInput form={form} name="name" label="Name of the organisation or body" required />
                <TextArea form={form} name="description" label="Who they are" rows={2} />
              </>
            )}
          </FormBox>
          <FormBox id="meeting" title="Record a meeting" url="/staff/commitments/meetings" failed={failedFor(props.failed, 'meeting')} csrfToken={csrf} submit="Record the meeting">
            {(form) => (
              <>
                <TextInput form={form} name="heldOn" label="Date of the meeting" hint="For example 2026-06-14." required width="short" />
                <TextInput form={form} name="title" label="Title" required />
                <Choices form={form} name="stakeholderIds" label="Bodies that attended" options={stakeholderOptions} multiple required />
                <TextArea form={form} name="otherAttendees" label="Other attendees" hint="One per line, for example the organisation's own people." rows={3} />
                <TextArea form={form} name="minutes" label="Minutes" required />
              </>
            )}
          </FormBox>
          <FormBox id="demand" title="Record a demand raised at a meeting" url="/staff/commitments/demands" failed={failedFor(props.failed, 'demand')} csrfToken={csrf} submit="Record the demand">
            {(form) => (
              <>
                <Select form={form} name="meetingId" label="Meeting" options={desk.meetings.map((meeting) => ({ value: meeting.id, label: `${meeting.heldOn}: ${meeting.title}` }))} placeholder="Choose a meeting" required />
                <Select form={form} name="raisedBy" label="Raised by" options={stakeholderOptions} placeholder="Choose a body" required />
                <TextInput form={form} name="title" label="Short title" required />
                <TextArea form={form} name="text" label="What was asked" required rows={3} />
              </>
            )}
          </FormBox>
          <FormBox id="response" title="Record the organisation’s response to a demand" url="/staff/commitments/responses" failed={failedFor(props.failed, 'response')} csrfToken={csrf} submit="Record the response">
            {(form) => (
              <>
                <Select form={form} name="demandId" label="Demand" options={demandOptions} placeholder="Choose a demand" required />
                <Choices form={form} name="stance" label="What the organisation said" options={options(STANCES, STANCE_LABELS)} required />
                <TextArea form={form} name="statement" label="Public statement" hint="Published on the scorecard as written. Needed unless there was no response." rows={3} />
              </>
            )}
          </FormBox>
          <FormBox id="commitment" title="Record a commitment with its actions" url="/staff/commitments/commitments" failed={failedFor(props.failed, 'commitment')} csrfToken={csrf} submit="Record the commitment">
            {(form) => (
              <>
                <Select form={form} name="demandId" label="In answer to the demand" options={demandOptions} placeholder="Choose a demand" required />
                <TextInput form={form} name="title" label="Short title" required />
                <TextArea form={form} name="description" label="What was promised" required rows={3} />
                <Select
                  form={form}
                  name="measureKind"
                  label="Live measure from the case data"
                  options={[
                    { value: 'share_closed_within_months', label: 'Share of cases closed within a number of months of receipt' },
                    { value: 'median_working_days_to_decision', label: 'Median working days from receipt to decision' },
                  ]}
                  placeholder="None"
                />
                <TextInput form={form} name="measureParameter" label="Months (for a share closed within a time)" width="short" inputmode="numeric" />
                <TextInput form={form} name="measureTarget" label="Target" hint="A per cent for a share (at least); working days for a median (at most)." width="short" inputmode="numeric" />
                {[0, 1, 2].map((index) => (
                  <fieldset>
                    <legend>Action {index + 1} (leave blank if not needed)</legend>
                    <TextInput form={form} name={`actions.${index}.deliverable`} label={`Action ${index + 1}: what will be delivered`} />
                    <TextInput form={form} name={`actions.${index}.owner`} label={`Action ${index + 1}: who owns it`} />
                    <TextInput form={form} name={`actions.${index}.dueOn`} label={`Action ${index + 1}: due by`} hint="For example 2026-09-30." width="short" />
                  </fieldset>
                ))}
              </>
            )}
          </FormBox>
          <FormBox id="delivery" title="Record an action’s delivery" url="/staff/commitments/deliveries" failed={failedFor(props.failed, 'delivery')} csrfToken={csrf} submit="Record the delivery" multipart>
            {(form) => (
              <>
                <Select form={form} name="actionId" label="Action" options={openActions} placeholder="Choose an action" required />
                <TextInput form={form} name="deliveredOn" label="Delivered on" hint="For example 2026-09-30." required width="short" />
                <TextArea form={form} name="note" label="What was delivered" required rows={3} />
                {[0, 1].map((index) => (
                  <fieldset>
                    <legend>Evidence link {index + 1} (leave blank if not needed)</legend>
                    <TextInput form={form} name={`evidence.${index}.url`} label={`Link ${index + 1}: address`} hint="A full address starting with https://." type="url" />
                    <TextInput form={form} name={`evidence.${index}.title`} label={`Link ${index + 1}: title`} />
                  </fieldset>
                ))}
                <p class="hint">
                  Documents are published on the scorecard for anyone to download, with their size and SHA-256. Up to {props.uploads.maxFiles} files of at most {props.uploads.maxFileSize} each: PDF, PNG or JPEG
                  images, plain text or CSV.
                </p>
                {Array.from({ length: props.uploads.maxFiles }, (_, index) => (
                  <fieldset>
                    <legend>Evidence document {index + 1} (leave blank if not needed)</legend>
                    <TextInput form={form} name={`documents.${index}.file`} label={`Document ${index + 1}: file`} type="file" />
                    <TextInput form={form} name={`documents.${index}.title`} label={`Document ${index + 1}: title`} hint="Left blank, the file’s name." />
                  </fieldset>
                ))}
              </>
            )}
          </FormBox>
          <FormBox id="status" title="Change the organisation’s status of a commitment" url="/staff/commitments/status" failed={failedFor(props.failed, 'status')} csrfToken={csrf} submit="Change the status">
            {(form) => (
              <>
                <Select form={form} name="commitmentId" label="Commitment" options={commitmentOptions} placeholder="Choose a commitment" required />
                <Select form={form} name="status" label="New status" options={options(COMMITMENT_STATUSES, STATUS_LABELS)} placeholder="Choose a status" required />
                <TextArea form={form} name="reason" label="Reason" required rows={3} />
              </>
            )}
          </FormBox>
        </>
      ) : null}
    </Layout>
  );
}

/** The overseer's independent rating of one commitment, with what they need to see to give it. */
export function RateCommitmentPage(props: Staffed & { demand: ScorecardDemand; commitment: ScorecardCommitment; history: HistoryEntry[]; failed: FormState | null; rated: boolean }) {
  const { commitment } = props;
  return (
    <Layout title={`Rate: ${commitment.title}`} organisation={props.organisation} viewer={props.viewer}>
      <p>
        <a href="/staff/commitments">Back to the tracker</a>
      </p>
      <h1>Rate: {commitment.title}</h1>
      {props.rated ? (
        <p role="status" class="notice">
          Your rating is recorded and published.
        </p>
      ) : null}
      <p>
        In answer to “{props.demand.title}” ({props.demand.raisedBy}). The organisation said: {STANCE_LABELS[props.demand.stance]}.
      </p>
      <StatusAndRating commitment={commitment} />
      <ActionsTable commitment={commitment} />
      {commitment.measure ? <MeasureTable measure={commitment.measure} title={commitment.title} /> : null}
      <h2>Rate this commitment</h2>
      <FormBox id="rating" title="Your independent rating" url={`/staff/commitments/${commitment.id}/rate`} failed={props.failed} csrfToken={props.viewer.csrfToken} submit="Publish the rating">
        {(form) => (
          <>
            <Choices form={form} name="rating" label="Rating" options={GIVEN_RATINGS.map((rating) => ({ value: rating, label: RATING_LABELS[rating], hint: RATING_MEANINGS[rating] }))} required />
            <TextArea form={form} name="reasons" label="Reasons" hint="Published with your name beside the rating." required rows={4} />
          </>
        )}
      </FormBox>
      <h2>History</h2>
      <ol class="history">
        {props.history.map((entry) => (
          <li>
            <strong>{formatDate(entry.at)}</strong>: {entry.heading}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
