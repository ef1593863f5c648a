import { MAX_COMMENT, MIN_CELL, SCALE, SURVEY_QUESTIONS, SURVEY_ROLE_LABELS, quarterLabel, type ConfidenceResults, type ResultCell, type SurveyRole } from '../../../domain/oversight/confidence.js';
import { DeskLayout, type DeskProps } from '../components/desk-layout.js';
import { Choices, CsrfField, ErrorSummary, TextArea, type FormState } from '../components/forms.js';
import { Layout } from '../components/layout.js';

type Org = { organisation: string };

/** The survey a party reached from their link: four statements and a comment. */
export function SurveyPage(props: Org & { token: string; role: SurveyRole; form: FormState; csrfToken: string }) {
  return (
    <Layout title="How was your case handled?" organisation={props.organisation}>
      <h1>How was your case handled?</h1>
      <p class="lead">Your case has closed. Tell us how you found the way it was handled, whatever its outcome.</p>
      <p>
        Your answers are kept apart from the case. We store them with the quarter the case closed and that you were the {props.role}, nothing else, and report them only in groups of{' '}
        {MIN_CELL} or more. You can answer once.
      </p>
      <ErrorSummary form={props.form} />
      <form method="post" action={`/survey/${props.token}`} novalidate>
        <CsrfField token={props.csrfToken} />
        {SURVEY_QUESTIONS.map((question) => (
          <Choices form={props.form} name={question.id} label={question.statement} required options={SCALE.map((point) => ({ value: String(point.value), label: point.label }))} />
        ))}
        <TextArea
          form={props.form}
          name="comment"
          label="Anything else you want to tell us"
          hint={`Up to ${MAX_COMMENT} characters. Please do not name anyone: the independent overseer may read it.`}
          rows={5}
        />
        <button type="submit" class="button">
          Send my answers
        </button>
      </form>
    </Layout>
  );
}

/** Thanks, or why the link cannot be used (answered already, expired, unknown). */
export function SurveyMessagePage(props: Org & { title: string; message: string }) {
  return (
    <Layout title={props.title} organisation={props.organisation}>
      <h1>{props.title}</h1>
      <p data-testid="survey-message">{props.message}</p>
    </Layout>
  );
}

const SUPPRESSED = `fewer than ${MIN_CELL} responses`;

function cellFor(cells: ResultCell[], role: SurveyRole): ResultCell {
  return cells.find((cell) => cell.role === role) ?? { role, suppressed: true };
}

/** The confidence survey's results on the overseer's desk. */
export function ConfidencePage(props: DeskProps & { results: ConfidenceResults }) {
  const roles = Object.keys(SURVEY_ROLE_LABELS) as SurveyRole[];
  return (
    <DeskLayout {...props} title="Confidence in the process" current="/oversight/confidence">
      <p class="lead">
        When a case closes, the complainant and the respondent are invited (where we have an e-mail address) to say how far they agree with four statements, from 1 (strongly disagree) to 5
        (strongly agree).
      </p>
      <p>
        Answers are stored with the role and the quarter only, never the case or the person. Results for fewer than {MIN_CELL} responses are not shown. Comments are free text and may name
        people, so they are counted here and shown only when identities are shown.
      </p>
      {props.results.quarters.length === 0 ? <p data-testid="no-responses">No survey has been answered yet.</p> : null}
      {props.results.quarters.map((quarter) => (
        <table data-testid={`quarter-${quarter.quarter}`}>
          <caption>Answers given in {quarterLabel(quarter.quarter)}</caption>
          <thead>
            <tr>
              <th scope="col">Statement</th>
              {roles.map((role) => (
                <th scope="col">{SURVEY_ROLE_LABELS[role]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Responses</th>
              {roles.map((role) => {
                const cell = cellFor(quarter.cells, role);
                return <td>{cell.suppressed ? SUPPRESSED : cell.responses}</td>;
              })}
            </tr>
            {SURVEY_QUESTIONS.map((question) => (
              <tr>
                <th scope="row">{question.statement}</th>
                {roles.map((role) => {
                  const cell = cellFor(quarter.cells, role);
                  if (cell.suppressed) return <td>{SUPPRESSED}</td>;
                  const result = cell.questions.find((entry) => entry.id === question.id)!;
                  return (
                    <td>
                      Mean {result.mean.toFixed(1)}; {result.agreeingPercent}% agree
                    </td>
                  );
                })}
              </tr>
            ))}
            <tr>
              <th scope="row">Comments</th>
              {roles.map((role) => {
                const cell = cellFor(quarter.cells, role);
                if (cell.suppressed) return <td>{SUPPRESSED}</td>;
                if (props.masked || cell.comments.length === 0) return <td>{cell.comments.length}</td>;
                return (
                  <td>
                    <ul>
                      {cell.comments.map((comment) => (
                        <li class="prewrap">{comment}</li>
                      ))}
                    </ul>
                  </td>
                );
              })}
            </tr>
          </tbody>
        </table>
      ))}
      <h2>Response rate</h2>
      {props.results.responseRates.length === 0 ? (
        <p>No invitation has been sent yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Invitations sent and answered, by quarter of closure</caption>
          <thead>
            <tr>
              <th scope="col">Cases closed in</th>
              <th scope="col">Invited</th>
              <th scope="col">Invitations</th>
              <th scope="col">Answered</th>
              <th scope="col">Response rate</th>
            </tr>
          </thead>
          <tbody data-testid="response-rates">
            {props.results.responseRates.map((rate) => (
              <tr>
                <td>{quarterLabel(rate.quarter)}</td>
                <td>{SURVEY_ROLE_LABELS[rate.role]}</td>
                <td>{rate.invited}</td>
                <td>{rate.answered}</td>
                <td>{rate.percent}%</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DeskLayout>
  );
}
