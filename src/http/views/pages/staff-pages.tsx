import { ROLES, ROLE_LABELS } from '../../../domain/access.js';
import { CHANNEL_LABELS, STAFF_CHANNELS } from '../../../domain/complaint/complaint.js';
import type { ApiTokenRow } from '../../../db/repositories/api-token.repository.js';
import type { UserWithRoles } from '../../../db/repositories/user.repository.js';
import type { CaseList, Dashboard } from '../../../services/cases/list-cases.js';
import type { InterimReviewDue } from '../../../services/due-process/interim-measures.js';
import { CaseTable } from '../components/case-table.js';
import { Choices, CsrfField, ErrorSummary, RowAction, Select, TextInput, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDate, formatDateTime } from '../format.js';
import { ComplaintFields, type ClauseOption } from './public-pages.js';

type Staffed = { organisation: string; viewer: NonNullable<Viewer> };

export function DashboardPage(props: Staffed & { dashboard: Dashboard; handedOn: boolean; interimReviews: InterimReviewDue[] | null }) {
  const { dashboard } = props;
  return (
    <Layout title="Dashboard" organisation={props.organisation} viewer={props.viewer}>
      <h1>Dashboard</h1>
      {props.handedOn ? (
        <div class="panel panel--confirmation" role="status">
          <p>Done. The case has moved on to the people now assigned to it, so it is no longer in your view.</p>
        </div>
      ) : null}
      <ul class="stats">
        <li>
          <a href="/staff/cases?assignee=me&amp;open=yes">
            <strong>{dashboard.mine.total}</strong> my open cases
          </a>
        </li>
        <li>
          <a href="/staff/cases?overdue=yes">
            <strong>{dashboard.overdue.total}</strong> overdue
          </a>
        </li>
        <li>
          <a href="/staff/cases?due=week">
            <strong>{dashboard.dueThisWeek.total}</strong> due within a week
          </a>
        </li>
      </ul>
      {dashboard.intakeQueue ? <CaseTable items={dashboard.intakeQueue.items} caption="New complaints awaiting triage" empty="No new complaints are waiting." /> : null}
      <CaseTable items={dashboard.overdue.items} caption="Overdue" empty="Nothing you can see is overdue." />
      {props.interimReviews ? <InterimReviewTable items={props.interimReviews} /> : null}
      <CaseTable items={dashboard.mine.items} caption="My cases" empty="No open cases are assigned to you." />
      <CaseTable items={dashboard.dueThisWeek.items} caption="Due within a week" empty="Nothing falls due within a week." />
    </Layout>
  );
}

/** Interim measures whose review is overdue or falls due within the week, for those who review them. */
function InterimReviewTable(props: { items: InterimReviewDue[] }) {
  if (props.items.length === 0) return <p class="empty">No interim measure is due for review.</p>;
  return (
    <table class="case-table" data-testid="interim-reviews-due">
      <caption>Interim measures due for review ({props.items.length})</caption>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Respondent</th>
          <th scope="col">Review due</th>
          <th scope="col">Lapses after</th>
        </tr>
      </thead>
      <tbody>
        {props.items.map((item) => (
          <tr>
            <td>
              <a href={`/staff/cases/${item.caseId}#interim-title`}>{item.caseReference}</a>
            </td>
            <td>{item.personName}</td>
            <td>
              {formatDate(item.reviewDueOn)}
              {item.overdue ? <span class="tag tag--overdue"> Review overdue</span> : null}
            </td>
            <td>{formatDate(item.endsOn)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CaseListPage(props: Staffed & { list: CaseList; form: FormState; stages: { value: string; label: string }[]; clauses: { value: string; label: string }[]; query: string }) {
  const { list, form } = props;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  return (
    <Layout title="Cases" organisation={props.organisation} viewer={props.viewer}>
      <h1>Cases</h1>
      <form method="get" action="/staff/cases" class="filters" role="search">
        <TextInput form={form} name="q" label="Search" hint="Words from the summary, description, names or reference." />
        <Select form={form} name="stage" label="Stage" options={props.stages} placeholder="Any stage" />
        <Select form={form} name="clause" label="Clause cited" options={props.clauses} placeholder="Any clause" />
        <Select
          form={form}
          name="assignee"
          label="Assigned"
          options={[{ value: 'me', label: 'Assigned to me' }]}
          placeholder="Anyone"
        />
        <Choices form={form} name="overdue" label="Only overdue" multiple options={[{ value: 'yes', label: 'Overdue cases only' }]} />
        <button type="submit" class="button button--secondary">
          Apply
        </button>
      </form>
      <p aria-live="polite">
        {list.total} case{list.total === 1 ? '' : 's'} found.
      </p>
      <CaseTable items={list.items} caption="Matching cases" empty="No cases match." />
      {pages > 1 ? (
        <nav aria-label="Pages" class="pagination">
          {list.page > 1 ? <a href={`/staff/cases?${props.query}&page=${list.page - 1}`}>Previous</a> : null}
          <span>
            Page {list.page} of {pages}
          </span>
          {list.page < pages ? <a href={`/staff/cases?${props.query}&page=${list.page + 1}`}>Next</a> : null}
        </nav>
      ) : null}
    </Layout>
  );
}

export function RecordComplaintPage(props: Staffed & { form: FormState; clauses: ClauseOption[] }) {
  return (
    <Layout title="Record a complaint" organisation={props.organisation} viewer={props.viewer}>
      <h1>Record a complaint received another way</h1>
      <ErrorSummary form={props.form} />
      <form method="post" action="/staff/cases/new" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        <Choices
          form={props.form}
          name="channel"
          label="How did the complaint arrive?"
          required
          options={STAFF_CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABELS[channel] }))}
        />
        <TextInput form={props.form} name="receivedAt" label="When was it received?" hint="Date and time, for example 2026-03-14 09:30. Leave empty for now." />
        <ComplaintFields form={props.form} clauses={props.clauses} />
        <button type="submit" class="button">
          Record the complaint
        </button>
      </form>
    </Layout>
  );
}

export function UsersPage(props: Staffed & { users: UserWithRoles[]; form: FormState }) {
  return (
    <Layout title="Users" organisation={props.organisation} viewer={props.viewer}>
      <h1>Staff accounts</h1>
      <table>
        <caption>Accounts</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Roles</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.users.map((user) => (
            <tr>
              <td>{user.display_name}</td>
              <td>{user.email}</td>
              <td>{user.roles.map((role) => ROLE_LABELS[role as keyof typeof ROLE_LABELS] ?? role).join(', ')}</td>
              <td>
                {user.disabled_at ? (
                  'Disabled'
                ) : (
                  <RowAction action={`/staff/users/${user.id}/disable`} csrfToken={props.viewer.csrfToken} label="Disable" subject={user.display_name}>
                    Active{user.totp_enabled ? ', authenticator on' : ''}{' '}
                  </RowAction>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add an account</h2>
      <ErrorSummary form={props.form} />
      <form method="post" action="/staff/users" novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        <TextInput form={props.form} name="displayName" label="Name" required />
        <TextInput form={props.form} name="email" label="E-mail address" type="email" required />
        <TextInput form={props.form} name="password" label="First password" type="password" autocomplete="new-password" hint="At least 12 characters; tell the person privately." required />
        <Choices form={props.form} name="roles" label="Roles" multiple required options={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))} />
        <button type="submit" class="button">
          Add the account
        </button>
      </form>
    </Layout>
  );
}

export function AccountPage(props: Staffed & { tokens: ApiTokenRow[]; newToken: string | null; form: FormState; totpEnabled: boolean }) {
  return (
    <Layout title="Your account" organisation={props.organisation} viewer={props.viewer}>
      <h1>Your account</h1>
      <h2>Second factor</h2>
      {props.totpEnabled ? (
        <p>An authenticator app is set up for this account.</p>
      ) : (
        <p>
          No authenticator is set up. <a href="/account/second-factor">Set one up</a>.
        </p>
      )}
      <h2>API tokens</h2>
      <p>A token lets a program use the JSON API as you, with your roles. It is shown once.</p>
      {props.newToken ? (
        <div class="panel panel--confirmation" role="status">
          <p>Your new token (copy it now):</p>
          <p>
            <code class="wrap" data-testid="api-token">
              {props.newToken}
            </code>
          </p>
        </div>
      ) : null}
      {props.tokens.length > 0 ? (
        <table>
          <caption>Your tokens</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((token) => (
              <tr>
                <td>{token.name}</td>
                <td>{formatDateTime(token.created_at)}</td>
                <td>{formatDateTime(token.last_used_at)}</td>
                <td>
                  {token.revoked_at ? (
                    'Revoked'
                  ) : (
                    <RowAction action={`/staff/account/tokens/${token.id}/revoke`} csrfToken={props.viewer.csrfToken} label="Revoke" subject={token.name} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ErrorSummary form={props.form} />
      <form method="post" action="/staff/account/tokens" novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        <TextInput form={props.form} name="name" label="Token name" hint="What will use it, for example “intake from the website”." required />
        <button type="submit" class="button button--secondary">
          Create a token
        </button>
      </form>
    </Layout>
  );
}
