import type { DemoAccount } from '../../../services/demo/load-demo.js';
import { CsrfField, ErrorSummary, TextInput, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { ROLE_LABELS } from '../../../domain/access.js';

type Org = { organisation: string };

export function LoginPage(props: Org & { form: FormState; csrfToken: string; singleSignOn?: { label: string } | null }) {
  const next = String(props.form.values.next ?? '');
  return (
    <Layout title="Sign in" organisation={props.organisation}>
      <h1>Staff sign-in</h1>
      <ErrorSummary form={props.form} />
      <form method="post" action="/login" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="next" value={next} />
        <TextInput form={props.form} name="email" label="E-mail address" type="email" autocomplete="username" required />
        <TextInput form={props.form} name="password" label="Password" type="password" autocomplete="current-password" required />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
      {props.singleSignOn ? (
        <p>
          <a class="button button--secondary" href={next ? `/login/sso?next=${encodeURIComponent(next)}` : '/login/sso'}>
            {props.singleSignOn.label}
          </a>
        </p>
      ) : null}
    </Layout>
  );
}

export function SecondFactorPage(props: Org & { form: FormState; csrfToken: string }) {
  return (
    <Layout title="Authenticator code" organisation={props.organisation}>
      <h1>Enter your authenticator code</h1>
      <ErrorSummary form={props.form} />
      <form method="post" action="/login/second-factor" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput form={props.form} name="code" label="6-digit code" inputmode="numeric" autocomplete="one-time-code" required width="short" />
        <button type="submit" class="button">
          Continue
        </button>
      </form>
    </Layout>
  );
}

export function TotpEnrolPage(props: Org & { form: FormState; csrfToken: string; secret: string; uri: string }) {
  return (
    <Layout title="Set up an authenticator" organisation={props.organisation}>
      <h1>Set up an authenticator app</h1>
      <p>Your role needs a second factor. Add this account to an authenticator app (any app that supports TOTP), then enter the code it shows.</p>
      <p>
        Secret key: <code class="secret">{props.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <details>
        <summary>Set-up link for apps that accept one</summary>
        <p>
          <code class="wrap">{props.uri}</code>
        </p>
      </details>
      <ErrorSummary form={props.form} />
      <form method="post" action="/account/second-factor" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput form={props.form} name="code" label="6-digit code" inputmode="numeric" autocomplete="one-time-code" required width="short" />
        <button type="submit" class="button">
          Turn on
        </button>
      </form>
    </Layout>
  );
}

export function SetupPage(props: Org & { form: FormState; csrfToken: string; token: string }) {
  return (
    <Layout title="Set up Redress" organisation={props.organisation}>
      <h1>Set up Redress</h1>
      <p>Create the first administrator. Administrators manage accounts; they cannot read cases unless they are also given a case role.</p>
      <ErrorSummary form={props.form} />
      <form method="post" action="/setup" novalidate>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="token" value={props.token} />
        <TextInput form={props.form} name="displayName" label="Your name" autocomplete="name" required />
        <TextInput form={props.form} name="email" label="E-mail address" type="email" autocomplete="username" required />
        <TextInput form={props.form} name="password" label="Password" type="password" autocomplete="new-password" hint="At least 12 characters." required />
        <div class="choice">
          <input type="checkbox" id="field-loadDemo" name="loadDemo" value="yes" checked={props.form.values.loadDemo === 'yes'} />
          <label for="field-loadDemo">Load the demonstration organisation (about 200 fictional cases and staff accounts)</label>
        </div>
        <button type="submit" class="button">
          Create the administrator
        </button>
      </form>
    </Layout>
  );
}

export function SetupDonePage(props: Org & { used: boolean; demo?: { accounts: DemoAccount[]; password: string; cases: number } | null; viewer?: Viewer }) {
  if (props.used) {
    return (
      <Layout title="Set-up link used" organisation={props.organisation}>
        <h1>This set-up link cannot be used</h1>
        <p>
          Redress is already set up, or the link is wrong. <a href="/login">Sign in</a> instead.
        </p>
      </Layout>
    );
  }
  return (
    <Layout title="Redress is ready" organisation={props.organisation} viewer={props.viewer ?? null}>
      <h1>Redress is ready</h1>
      <p>You are signed in as the administrator.</p>
      {props.demo ? (
        <>
          <h2>Demonstration organisation</h2>
          <p>
            {props.demo.cases} fictional cases were loaded. Sign out and sign in as one of these staff accounts to work on them; they all use the password{' '}
            <code data-testid="demo-password">{props.demo.password}</code>.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Roles</th>
              </tr>
            </thead>
            <tbody>
              {props.demo.accounts.map((account) => (
                <tr>
                  <td>{account.displayName}</td>
                  <td>{account.email}</td>
                  <td>{account.roles.map((role) => ROLE_LABELS[role]).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <p>
        <a class="button" href="/staff/users">
          Manage staff accounts
        </a>
      </p>
    </Layout>
  );
}
