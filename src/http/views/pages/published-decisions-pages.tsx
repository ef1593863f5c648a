import type { DecisionRegister } from '../../../services/publication/search-published-decisions.js';
import type { PublishedDecision } from '../../../services/publication/published-decision.js';
import { Select, emptyForm } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { formatDate } from '../format.js';

type Org = { organisation: string };

const paragraphs = (text: string) => text.split(/\n\s*\n/).map((paragraph) => <p>{paragraph.trim()}</p>);

function registerHref(query: { clause: string; sanction: string }, page: number): string {
  const params = new URLSearchParams();
  if (query.clause) params.set('clause', query.clause);
  if (query.sanction) params.set('sanction', query.sanction);
  if (page > 1) params.set('page', String(page));
  const search = params.toString();
  return `/decisions${search ? `?${search}` : ''}`;
}

/** The public register of decisions: anonymised summaries, newest first, searchable by clause and sanction. */
export function DecisionRegisterPage(props: Org & { register: DecisionRegister }) {
  const { register } = props;
  const form = emptyForm({ clause: register.query.clause, sanction: register.query.sanction });
  const searched = register.query.clause !== '' || register.query.sanction !== '';
  return (
    <Layout title="Published decisions" organisation={props.organisation}>
      <h1>Published decisions</h1>
      <p class="lead">
        What our independent panels decided about complaints, and why: anonymised summaries of the facts, the clauses of the code of conduct, the finding, the reasons and the sanction. No one is
        named.
      </p>
      <p>
        Follow new decisions in a feed reader: <a href="/decisions/feed.atom">Atom feed of published decisions</a>.
      </p>
      <form method="get" action="/decisions" class="search" aria-label="Search the decisions">
        <Select form={form} name="clause" label="Clause of the code" placeholder="Any clause" options={register.clauseOptions} />
        <Select form={form} name="sanction" label="Sanction" placeholder="Any sanction" options={register.sanctionOptions} />
        <button type="submit" class="button">
          Search
        </button>
        {searched ? (
          <p>
            <a href="/decisions">Show all decisions</a>
          </p>
        ) : null}
      </form>
      <p role="status" data-testid="register-count">
        {register.total === 0
          ? searched
            ? 'No published decision matches the search.'
            : 'No decisions have been published yet.'
          : `${register.total} decision${register.total === 1 ? '' : 's'}${searched ? ' match the search' : ' published'}${register.pages > 1 ? `; page ${register.page} of ${register.pages}` : ''}.`}
      </p>
      {register.decisions.length > 0 ? (
        <table data-testid="decisions">
          <caption>Published decisions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col">Published</th>
              <th scope="col">Clauses</th>
              <th scope="col">Finding</th>
              <th scope="col">Sanction</th>
            </tr>
          </thead>
          <tbody>
            {register.decisions.map((decision) => (
              <tr>
                <th scope="row">
                  <a href={`/decisions/${decision.slug}`}>{decision.number}</a>
                </th>
                <td>{formatDate(decision.publishedOn)}</td>
                <td>{decision.clauses.map((clause) => `${clause.clauseId} (${clause.title})`).join('; ')}</td>
                <td>{decision.finding}</td>
                <td>{decision.sanction}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {register.pages > 1 ? (
        <nav aria-label="Pages of decisions" class="pagination">
          <ul>
            {register.page > 1 ? (
              <li>
                <a href={registerHref(register.query, register.page - 1)} rel="prev">
                  Newer decisions
                </a>
              </li>
            ) : null}
            {register.page < register.pages ? (
              <li>
                <a href={registerHref(register.query, register.page + 1)} rel="next">
                  Older decisions
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </Layout>
  );
}

/** The clauses a decision considered, with the finding on each (its label): on the public page and the editor's. */
export function ClauseFindings(props: { clauses: readonly { clauseId: string; title: string; finding: string }[] }) {
  return (
    <table>
      <caption>The clauses considered and the finding on each</caption>
      <thead>
        <tr>
          <th scope="col">Clause</th>
          <th scope="col">Finding</th>
        </tr>
      </thead>
      <tbody>
        {props.clauses.map((clause) => (
          <tr>
            <th scope="row">
              {clause.clauseId}: {clause.title}
            </th>
            <td>{clause.finding}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One published decision: its number, when it was published, and the anonymised summary; nothing else about the case. */
export function PublishedDecisionPage(props: Org & { decision: PublishedDecision }) {
  const { decision } = props;
  return (
    <Layout title={`Decision ${decision.number}`} organisation={props.organisation}>
      <p class="caption">
        <a href="/decisions">Published decisions</a>
      </p>
      <h1>Decision {decision.number}</h1>
      <dl class="summary-list">
        <dt>Published</dt>
        <dd data-testid="published-on">{formatDate(decision.publishedOn)}</dd>
        <dt>Finding</dt>
        <dd data-testid="finding">{decision.finding}</dd>
        <dt>Sanction</dt>
        <dd data-testid="sanction">{decision.sanction}</dd>
      </dl>
      <h2>Clauses of the code</h2>
      <ClauseFindings clauses={decision.clauses} />
      <h2>The facts</h2>
      <div data-testid="facts">{paragraphs(decision.facts)}</div>
      <h2>The reasons</h2>
      <div data-testid="reasons">{paragraphs(decision.reasons)}</div>
      <p class="small">This summary is anonymised: it does not name the people involved. See the other decisions on <a href="/decisions">the register</a>.</p>
    </Layout>
  );
}
