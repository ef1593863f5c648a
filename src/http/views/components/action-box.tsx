import type { ComponentChildren } from 'preact';
import { FormBox } from './form-box.js';
import type { FormState } from './forms.js';

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
  return (
    <FormBox
      id={props.id}
      title={props.title}
      url={`/staff/cases/${props.caseId}/${props.action}`}
      failed={props.failed?.action === props.action ? props.failed.form : null}
      csrfToken={props.viewer.csrfToken}
      submit={props.submit}
      multipart={props.multipart}
    >
      {props.children}
    </FormBox>
  );
}

