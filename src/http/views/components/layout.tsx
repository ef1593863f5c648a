import type { ComponentChildren } from 'preact';
import { hasCaseRole, hasPermission, isRole, type Permission } from '../../../domain/access.js';

export type Viewer = { name: string; roles: string[]; csrfToken: string } | null;

export type LayoutProps = {
  title: string;
  organisation: string;
  viewer?: Viewer;
  children: ComponentChildren;
};

function StaffNav({ viewer }: { viewer: NonNullable<Viewer> }) {
  const roles = viewer.roles.filter(isRole);
  const caseRoles = hasCaseRole(roles);
  const may = (permission: Permission) => hasPermission(roles, permission);
  return (
    <nav aria-label="Staff">
      <ul>
        {caseRoles ? (
          <>
            <li>
              <a href="/staff">Dashboard</a>
            </li>
            <li>
              <a href="/staff/cases">Cases</a>
            </li>
          </>
        ) : null}
        {may('cases.record') ? (
          <li>
            <a href="/staff/cases/new">Record a complaint</a>
          </li>
        ) : null}
        {may('panels.manage') ? (
          <li>
            <a href="/staff/panel-pool">Panel pool</a>
          </li>
        ) : null}
        {may('cases.sit_on_panel') ? (
          <li>
            <a href="/staff/interests">My interests</a>
          </li>
        ) : null}
        {may('sanctions.read') ? (
          <li>
            <a href="/staff/sanctions">Sanctions register</a>
          </li>
        ) : null}
        {may('contacts.record') || may('contacts.declare_own') ? (
          <li>
            <a href="/staff/contacts/new">Record an outside contact</a>
          </li>
        ) : null}
        {may('audits.answer') ? (
          <li>
            <a href="/staff/audit-findings">Audit findings</a>
          </li>
        ) : null}
        {may('oversight.read') ? (
          <li>
            <a href="/oversight">Overseer’s desk</a>
          </li>
        ) : null}
        {may('statistics.read') ? (
          <li>
            <a href="/staff/statistics">Statistics</a>
          </li>
        ) : null}
        {may('data_protection.manage') ? (
          <li>
            <a href="/staff/data-protection">Data protection</a>
          </li>
        ) : null}
        {may('commitments.manage') || may('commitments.rate') ? (
          <li>
            <a href="/staff/commitments">Commitments</a>
          </li>
        ) : null}
        {may('publications.edit') ? (
          <li>
            <a href="/staff/publications">Publications</a>
          </li>
        ) : null}
        {may('users.manage') ? (
          <li>
            <a href="/staff/users">Users</a>
          </li>
        ) : null}
        {may('templates.manage') ? (
          <li>
            <a href="/staff/templates">E-mail templates</a>
          </li>
        ) : null}
        <li>
          <a href="/staff/account">Account</a>
        </li>
        <li>
          <form method="post" action="/logout" class="inline">
            <input type="hidden" name="_csrf" value={viewer.csrfToken} />
            <button type="submit" class="link-button">
              Sign out ({viewer.name})
            </button>
          </form>
        </li>
      </ul>
    </nav>
  );
}

export function Layout(props: LayoutProps) {
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${props.organisation} complaints`}</title>
        <link rel="stylesheet" href="/static/redress.css" />
        <script src="/static/redress.js" defer />
      </head>
      <body>
        <a href="#main" class="skip-link">
          Skip to main content
        </a>
        <header class="site-header">
          <a href="/" class="brand">
            {props.organisation} <span>complaints</span>
          </a>
          {props.viewer ? <StaffNav viewer={props.viewer} /> : null}
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <p>
            Powered by Redress. Complaints are handled on a published timetable; every step is recorded.
          </p>
        </footer>
      </body>
    </html>
  );
}
