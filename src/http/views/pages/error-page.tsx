import type { FieldIssue } from '../../../domain/errors.js';
import { Layout, type Viewer } from '../components/layout.js';

const TITLES: Record<number, string> = {
  400: 'Please check what you sent',
  401: 'Please sign in',
  403: 'You cannot do that',
  404: 'Not found',
  409: 'That cannot be done now',
  413: 'Too large',
  415: 'File type not accepted',
  422: 'That breaks a rule of the process',
  423: 'Account locked',
  429: 'Too many attempts',
  500: 'Something went wrong',
};

export function ErrorPage(props: { organisation: string; viewer: Viewer; status: number; message: string; issues: FieldIssue[]; wayOn?: { href: string; label: string } | null }) {
  const title = TITLES[props.status] ?? 'There is a problem';
  return (
    <Layout title={title} organisation={props.organisation} viewer={props.viewer}>
      <h1>{title}</h1>
      <p>{props.message}</p>
      {props.issues.length > 0 ? (
        <ul>
          {props.issues.map((issue) => (
            <li>{issue.message}</li>
          ))}
        </ul>
      ) : null}
      {props.wayOn ? (
        <p>
          <a href={props.wayOn.href}>{props.wayOn.label}</a>
        </p>
      ) : null}
      <p>
        Use your browser’s back button to return to the form, or <a href="/">go to the start</a>.
      </p>
    </Layout>
  );
}
