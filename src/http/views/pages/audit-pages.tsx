import { OUTCOME_LABELS } from '../../../domain/complaint/complaint.js';
import {
  FINDING_SEVERITIES,
  FINDING_SEVERITY_LABELS,
  FINDING_STATUS_LABELS,
  MAX_SAMPLE_SIZE,
  REVIEW_RESULTS,
  REVIEW_RESULT_LABELS,
  type FindingSeverity,
  type ReviewResult,
} from '../../../domain/oversight/audit.js';
import { partyLabel } from '../../../domain/oversight/masking.js';
import type { AuditSampleDetail, SampledCase } from '../../../services/oversight/get-audit-sample.js';
import type { FindingView } from '../../../services/oversight/list-audit-findings.js';
import type { SampleSummary } from '../../../services/oversight/list-audit-samples.js';
import type { ActionForm } from '../components/action-box.js';
import { DeskLayout, deskHref, type DeskProps } from '../components/desk-layout.js';
import { FormBox } from '../components/form-box.js';
import { Choices, Select, TextArea, TextInput, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDate, formatDateTime } from '../format.js';

/** A form on an audit page: shows the values and problems again when that form was just refused. */
function AuditForm(props: { id: string; title: string; action: string; failed: ActionForm | null; csrfToken: string; submit: string; children: (form: FormState) => preact.ComponentChildren }) {
  return (
    <FormBox id={props.id} title={props.title} url={props.action} failed={props.failed?.action === props.action ? props.failed.form : null} csrfToken={props.csrfToken} submit={props.submit}>
      {props.children}
    </FormBox>
  );
}

const range = (from: string | null, to: string | null) => (from || to ? `closed ${from ? `from ${formatDate(from)}` : ''}${from && to ? ' ' : ''}${to ? `to ${formatDate(to)}` : ''}` : 'all closed cases');

/** The desk's audit sampling: draw a sample, and the samples drawn. */
export function AuditSamplesPage(props: DeskProps & { samples: SampleSummary[]; failed: ActionForm | null }) {
  const csrf = props.viewer.csrfToken;
  return (
    <DeskLayout {...props} title="Audit sampling" current="/oversight/audits">
      <p class="lead">
        Draw closed cases at random and review each against the checklist. The draw ranks every closed case by SHA-256 of the seed and its id and takes the lowest, so anyone holding the seed
        and the recorded list of closed cases can draw it again and get the same cases.
      </p>
      <p>You are assigned to each sampled case as its auditor: you can open it, read-only, from the sample, and every read is recorded on the case.</p>
      <AuditForm id="draw" title="Draw a sample" action="/oversight/audits" failed={props.failed} csrfToken={csrf} submit="Draw the sample">
        {(form) => (
          <>
            <TextInput form={form} name="size" label="Number of cases" hint={`From 1 to ${MAX_SAMPLE_SIZE}.`} inputmode="numeric" width="short" required />
            <TextInput form={form} name="closedFrom" label="Closed on or after" hint="YYYY-MM-DD; leave empty to start from the first closed case." width="short" />
            <TextInput form={form} name="closedTo" label="Closed on or before" hint="YYYY-MM-DD; leave empty to include cases closed today." width="short" />
            <TextInput form={form} name="seed" label="Seed" hint="Leave empty for a random seed. Give one only to draw from a seed chosen in public (for example a lottery result)." autocomplete="off" />
          </>
        )}
      </AuditForm>
      <h2>Samples drawn</h2>
      {props.samples.length === 0 ? (
        <p data-testid="no-samples">No sample has been drawn yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Samples drawn, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Sample</th>
              <th scope="col">Drawn</th>
              <th scope="col">Seed</th>
              <th scope="col">Cases</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody data-testid="samples">
            {props.samples.map((sample) => (
              <tr>
                <td>
                  <a href={deskHref(`/oversight/audits/${sample.id}`, props.masked)}>No. {sample.number}</a>
                </td>
                <td>
                  {formatDateTime(sample.drawnAt)} by {sample.drawnBy}
                </td>
                <td class="hash">{sample.seed}</td>
                <td>
                  {sample.drawn} of {sample.population} ({range(sample.closedFrom, sample.closedTo)})
                </td>
                <td>
                  {sample.status}
                  {sample.overdueFindings > 0 ? <span class="tag tag--overdue">{sample.overdueFindings} answer{sample.overdueFindings === 1 ? '' : 's'} overdue</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DeskLayout>
  );
}

function ReviewSummary({ sampled }: { sampled: SampledCase }) {
  if (!sampled.review) return <>Not yet reviewed</>;
  const count = (result: ReviewResult) => sampled.review!.items.filter((item) => item.result === result).length;
  return (
    <>
      {count('met')} met, {count('not_met')} not met, {count('not_applicable')} not applicable
    </>
  );
}

/** A finding, its answers and the overseer's verdicts; shared by the desk and the case managers' page. */
function FindingCard(props: { finding: FindingView; children?: preact.ComponentChildren }) {
  const { finding } = props;
  return (
    <article class="finding" aria-labelledby={`finding-${finding.number}-title`} data-testid={`finding-${finding.number}`}>
      <h3 id={`finding-${finding.number}-title`}>
        Finding {finding.number}: {FINDING_SEVERITY_LABELS[finding.severity as FindingSeverity] ?? finding.severity}
        {finding.overdue ? <span class="tag tag--overdue">Answer overdue</span> : null}
      </h3>
      <dl class="summary-list">
        <dt>Sample</dt>
        <dd>No. {finding.sampleNumber}</dd>
        <dt>Case</dt>
        <dd>{finding.reference ?? 'The sample as a whole'}</dd>
        <dt>Raised</dt>
        <dd>
          {formatDateTime(finding.raisedAt)} by {finding.raisedBy}
        </dd>
        <dt>Answer due</dt>
        <dd>{formatDate(finding.answerDueOn)}</dd>
        <dt>Status</dt>
        <dd data-testid="finding-status">{FINDING_STATUS_LABELS[finding.status]}</dd>
      </dl>
      <p class="prewrap">{finding.text}</p>
      {finding.answers.length > 0 ? (
        <ol class="timeline">
          {finding.answers.map((answer) => (
            <li>
              <p>
                <span class="actor">{answer.answeredBy}</span> answered, {formatDateTime(answer.answeredAt)}:
              </p>
              <p class="prewrap">{answer.text}</p>
              <p class="prewrap">Action promised: {answer.actionPromised}</p>
              {answer.verdict ? (
                <p>
                  {answer.verdict === 'accepted' ? 'Accepted' : 'Reopened'} by {answer.verdictBy}, {formatDateTime(answer.verdictAt)}
                  {answer.verdictReason ? `: ${answer.verdictReason}` : '.'}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
      {props.children}
    </article>
  );
}

function CaseReview(props: { sample: AuditSampleDetail; sampled: SampledCase; failed: ActionForm | null; csrfToken: string }) {
  const { sampled } = props;
  const id = `review-${sampled.position + 1}`;
  if (sampled.review) {
    return (
      <section aria-labelledby={`${id}-title`} id={id}>
        <h3 id={`${id}-title`}>Review of {sampled.reference}</h3>
        <p>
          Reviewed by {sampled.review.reviewedBy}, {formatDateTime(sampled.review.reviewedAt)}.
        </p>
        <table>
          <caption class="visually-hidden">Checklist answers for {sampled.reference}</caption>
          <thead>
            <tr>
              <th scope="col">Question</th>
              <th scope="col">Answer</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {sampled.review.items.map((item) => (
              <tr>
                <td>{item.question}</td>
                <td>{REVIEW_RESULT_LABELS[item.result]}</td>
                <td class="prewrap">{item.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    );
  }
  return (
    <AuditForm id={id} title={`Review of ${sampled.reference}`} action={`/oversight/audits/${props.sample.id}/cases/${sampled.caseId}/review`} failed={props.failed} csrfToken={props.csrfToken} submit="Record the review">
      {(form) => (
        <>
          <p class="hint">Answer every question. Say what was wrong for each one not met.</p>
          {props.sample.checklist.map((item) => (
            <div>
              <Choices form={form} name={`result.${item.id}`} label={item.question} required options={REVIEW_RESULTS.map((result) => ({ value: result, label: REVIEW_RESULT_LABELS[result] }))} />
              <TextArea form={form} name={`note.${item.id}`} label={`Note: ${item.question}`} hint="Required when not met." rows={2} />
            </div>
          ))}
        </>
      )}
    </AuditForm>
  );
}

/** One audit sample: its cases (to open, and to review), its findings, and the draw re-run from its seed. */
export function AuditSamplePage(props: DeskProps & { sample: AuditSampleDetail; reproduce: boolean; failed: ActionForm | null }) {
  const { sample } = props;
  const csrf = props.viewer.csrfToken;
  const caseOptions = sample.cases.map((sampled) => ({ value: sampled.caseId, label: sampled.reference }));
  return (
    <DeskLayout {...props} title={`Audit sample no. ${sample.number}`} current="/oversight/audits" here={`/oversight/audits/${sample.id}`}>
      <p>
        <a href={deskHref('/oversight/audits', props.masked)}>All samples</a>
      </p>
      <dl class="summary-list">
        <dt>Drawn</dt>
        <dd>
          {formatDateTime(sample.drawnAt)} by {sample.drawnBy}
        </dd>
        <dt>Seed</dt>
        <dd class="hash" data-testid="seed">
          {sample.seed}
        </dd>
        <dt>Drawn from</dt>
        <dd>
          {sample.population} closed case{sample.population === 1 ? '' : 's'} ({range(sample.closedFrom, sample.closedTo)}); {sample.size} asked for, {sample.cases.length} drawn
        </dd>
        <dt>Status</dt>
        <dd>{sample.status}</dd>
      </dl>

      <section aria-labelledby="reproduce-title" id="reproduce">
        <h2 id="reproduce-title">Reproduce this draw</h2>
        <p class="hint">
          The draw is re-run from the seed and the list of closed cases recorded when it was made: each case id is ranked by SHA-256 of “seed:id”, and the {sample.size} lowest are taken.
        </p>
        <form method="get" action={`/oversight/audits/${sample.id}#reproduce`}>
          {props.masked ? null : <input type="hidden" name="identities" value="shown" />}
          <input type="hidden" name="reproduce" value="1" />
          <button type="submit" class="button button--secondary">
            Reproduce this draw
          </button>
        </form>
        {props.reproduce ? (
          sample.reproduction.matches ? (
            <p role="status" data-testid="reproduction">
              The draw matches: the seed and the recorded population give the same {sample.reproduction.cases} cases, in the same order.
            </p>
          ) : (
            <p role="status" class="warning" data-testid="reproduction">
              The draw does not match: the seed and the recorded population give different cases from those recorded. Treat this sample as suspect.
            </p>
          )
        ) : null}
      </section>

      <h2>Cases drawn</h2>
      <table>
        <caption class="visually-hidden">Cases drawn, in draw order</caption>
        <thead>
          <tr>
            <th scope="col">Order</th>
            <th scope="col">Case</th>
            <th scope="col">Closed</th>
            <th scope="col">Outcome</th>
            <th scope="col">Complainant</th>
            <th scope="col">Respondent</th>
            <th scope="col">Review</th>
          </tr>
        </thead>
        <tbody data-testid="sample-cases">
          {sample.cases.map((sampled) => (
            <tr>
              <td>{sampled.position + 1}</td>
              <td>
                <a href={`/staff/cases/${sampled.caseId}`}>{sampled.reference}</a>
              </td>
              <td>{formatDate(sampled.closedAt)}</td>
              <td>{sampled.outcome ? (OUTCOME_LABELS[sampled.outcome] ?? sampled.outcome) : '—'}</td>
              <td>{partyLabel({ role: 'complainant', name: sampled.complainantName }, props.masked)}</td>
              <td>{partyLabel({ role: 'respondent', name: sampled.respondentName, membershipNumber: sampled.respondentMembershipNumber }, props.masked)}</td>
              <td>
                <a href={`#review-${sampled.position + 1}`}>
                  <ReviewSummary sampled={sampled} />
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>Reviews</h2>
      <div class="actions">
        {sample.cases.map((sampled) => (
          <CaseReview sample={sample} sampled={sampled} failed={props.failed} csrfToken={csrf} />
        ))}
      </div>

      <h2>Findings</h2>
      {sample.findings.length === 0 ? <p>No finding has been raised on this sample.</p> : null}
      {sample.findings.map((finding) => (
        <FindingCard finding={finding}>
          {finding.status === 'answered' ? (
            <AuditForm
              id={`verdict-${finding.number}`}
              title={`Your verdict on the answer to finding ${finding.number}`}
              action={`/oversight/audits/${sample.id}/findings/${finding.id}/verdict`}
              failed={props.failed}
              csrfToken={csrf}
              submit="Record the verdict"
            >
              {(form) => (
                <>
                  <Choices
                    form={form}
                    name="verdict"
                    label="Does the answer settle the finding?"
                    required
                    options={[
                      { value: 'accepted', label: 'Yes: accept the answer and close the finding' },
                      { value: 'reopened', label: 'No: reopen the finding for a new answer' },
                    ]}
                  />
                  <TextArea form={form} name="reason" label="Reason" hint="Required when reopening; the case managers are told it." rows={3} />
                </>
              )}
            </AuditForm>
          ) : null}
        </FindingCard>
      ))}
      <div class="actions">
        <AuditForm id="finding" title="Raise a finding" action={`/oversight/audits/${sample.id}/findings`} failed={props.failed} csrfToken={csrf} submit="Raise the finding">
          {(form) => (
            <>
              <p class="hint">The organisation must answer it within its time limit; the case managers are e-mailed.</p>
              <Select form={form} name="caseId" label="Case" placeholder="The sample as a whole" options={caseOptions} />
              <Choices form={form} name="severity" label="How serious is it?" required options={FINDING_SEVERITIES.map((severity) => ({ value: severity, label: FINDING_SEVERITY_LABELS[severity] }))} />
              <TextArea form={form} name="text" label="The finding" hint="What was found, and what the organisation must answer. At least 20 characters." rows={5} required />
            </>
          )}
        </AuditForm>
      </div>
    </DeskLayout>
  );
}

/** The findings the organisation must answer, for those who answer them (case managers). */
export function AuditFindingsPage(props: { organisation: string; viewer: NonNullable<Viewer>; findings: FindingView[]; failed: ActionForm | null }) {
  const csrf = props.viewer.csrfToken;
  const awaiting = props.findings.filter((finding) => finding.status === 'awaiting_answer');
  const withOverseer = props.findings.filter((finding) => finding.status === 'answered');
  return (
    <Layout title="Audit findings" organisation={props.organisation} viewer={props.viewer}>
      <h1>Audit findings</h1>
      <p class="lead">The independent overseer audits closed cases drawn at random. Answer each finding for the organisation by its date, with the action the organisation will take.</p>
      <h2>To answer</h2>
      {awaiting.length === 0 ? <p data-testid="nothing-to-answer">No finding is waiting for an answer.</p> : null}
      {awaiting.map((finding) => (
        <FindingCard finding={finding}>
          <AuditForm id={`answer-${finding.number}`} title={`Answer finding ${finding.number}`} action={`/staff/audit-findings/${finding.id}/answer`} failed={props.failed} csrfToken={csrf} submit="Send the answer">
            {(form) => (
              <>
                <TextArea form={form} name="text" label="The organisation’s answer" hint="At least 20 characters." rows={5} required />
                <TextArea form={form} name="actionPromised" label="The action the organisation will take, and by when" hint="At least 10 characters." rows={3} required />
              </>
            )}
          </AuditForm>
        </FindingCard>
      ))}
      <h2>Answered, with the overseer</h2>
      {withOverseer.length === 0 ? <p>None.</p> : withOverseer.map((finding) => <FindingCard finding={finding} />)}
    </Layout>
  );
}
