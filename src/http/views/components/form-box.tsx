import type { ComponentChildren } from 'preact';
import { CsrfField, ErrorSummary, emptyForm, type FormState } from './forms.js';

/**
 * One form in a section of its own, with its heading and error summary. It
 * shows the values and problems again when it was the form just refused
 * (`failed` holds the refused form's own state, or null).
 */
export function FormBox(props: {
  id: string;
  title: string;
  url: string;
  failed: FormState | null;
  csrfToken: string;
  submit: string;
  multipart?: boolean | undefined;
  children: (form: FormState) => ComponentChildren;
}) {
  const form = { ...(props.failed ?? emptyForm()), idPrefix: props.id };
  return (
    <section class="action" aria-labelledby={`${props.id}-title`} id={props.id}>
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <ErrorSummary form={form} />
      <form method="post" action={props.url} enctype={props.multipart ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.children(form)}
        <button type="submit" class="button">
          {props.submit}
        </button>
      </form>
    </section>
  );
}
