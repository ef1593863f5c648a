import type { ComponentChildren } from 'preact';
import { CsrfField, ErrorSummary, emptyForm, type FormState } from './forms.js';

export type ActionForm = { action: string; form: FormState };

/** A form for one action on a case, showing the values and problems again when that action was just refused. */
export function ActionBox(props: {
  id: string;
  title: string;
  failed: ActionForm | null;
  action: string;
  viewer: { csrfToken: string };
  caseId: string;
  children: (form: FormState) => ComponentChildren;
  submit: string;
  multipart?: boolean;
}) {
  const form = { ...(props.failed?.action === props.action ? props.failed.form : emptyForm()), idPrefix: props.id };
  return (
    <section class="action" aria-labelledby={`${props.id}-title`} id={props.id}>
      <h3 id={`${props.id}-title`}>{props.title}</h3>
      <ErrorSummary form={form} />
      <form method="post" action={`/staff/cases/${props.caseId}/${props.action}`} enctype={props.multipart ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        {props.children(form)}
        <button type="submit" class="button">
          {props.submit}
        </button>
      </form>
    </section>
  );
}

