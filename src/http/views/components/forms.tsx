import type { ComponentChildren } from 'preact';
import type { FieldIssue } from '../../../domain/errors.js';

/**
 * What a form page needs to show again after a refusal: the values typed and
 * the problems found. `idPrefix` keeps ids unique when one page holds several
 * forms with fields of the same name.
 */
export type FormState = { values: Record<string, unknown>; issues: FieldIssue[]; message?: string | undefined; idPrefix?: string | undefined };

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ values, issues: [] });

export function fieldId(name: string, prefix?: string): string {
  return `field-${prefix ? `${prefix}-` : ''}${name.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

function issueFor(form: FormState, name: string): string | undefined {
  return form.issues.find((issue) => issue.field === name)?.message;
}

function valueOf(form: FormState, name: string): string {
  const value = form.values[name];
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** The list of problems at the top of a refused form, each linking to its field (GOV.UK pattern). */
export function ErrorSummary({ form }: { form: FormState }) {
  if (form.issues.length === 0 && !form.message) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} data-autofocus>
      <h2 id="error-summary-title">There is a problem</h2>
      {form.message && form.issues.length === 0 ? <p>{form.message}</p> : null}
      <ul>
        {form.issues.map((issue) => (
          <li>
            <a href={`#${fieldId(issue.field, form.idPrefix)}`}>{issue.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A field's hint and error message, with the ids its control's aria-describedby points to. */
function HintAndError(props: { id: string; hint?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="error-message" id={`${props.id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

type FieldProps = { form: FormState; name: string; label: string; hint?: string; required?: boolean };

function Field(props: FieldProps & { children: ComponentChildren }) {
  const error = issueFor(props.form, props.name);
  const id = fieldId(props.name, props.form.idPrefix);
  return (
    <div class={`field${error ? ' field--error' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required ? null : <span class="optional"> (optional)</span>}
      </label>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const id = fieldId(props.name, props.form.idPrefix);
  const parts = [props.hint ? `${id}-hint` : '', issueFor(props.form, props.name) ? `${id}-error` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

export function TextInput(props: FieldProps & { type?: string; autocomplete?: string; inputmode?: string; width?: 'short' | 'full' }) {
  return (
    <Field {...props}>
      <input
        id={fieldId(props.name, props.form.idPrefix)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? '' : valueOf(props.form, props.name)}
        required={props.required}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode as never}
        class={props.width === 'short' ? 'input--short' : undefined}
        aria-describedby={describedBy(props)}
        aria-invalid={issueFor(props.form, props.name) ? 'true' : undefined}
      />
    </Field>
  );
}

export function TextArea(props: FieldProps & { rows?: number }) {
  return (
    <Field {...props}>
      <textarea
        id={fieldId(props.name, props.form.idPrefix)}
        name={props.name}
        rows={props.rows ?? 6}
        required={props.required}
        aria-describedby={describedBy(props)}
        aria-invalid={issueFor(props.form, props.name) ? 'true' : undefined}
      >
        {valueOf(props.form, props.name)}
      </textarea>
    </Field>
  );
}

export function Select(props: FieldProps & { options: { value: string; label: string }[]; placeholder?: string }) {
  const current = valueOf(props.form, props.name);
  return (
    <Field {...props}>
      <select
        id={fieldId(props.name, props.form.idPrefix)}
        name={props.name}
        required={props.required}
        aria-describedby={describedBy(props)}
        aria-invalid={issueFor(props.form, props.name) ? 'true' : undefined}
      >
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === current}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A group of radio buttons (or checkboxes, with `multiple`) in a fieldset with its legend. */
export function Choices(props: FieldProps & { options: { value: string; label: string; hint?: string }[]; multiple?: boolean }) {
  const error = issueFor(props.form, props.name);
  const raw = props.form.values[props.name];
  const selected = new Set(Array.isArray(raw) ? raw.map(String) : raw === undefined || raw === null ? [] : [String(raw)]);
  const id = fieldId(props.name, props.form.idPrefix);
  return (
    <fieldset class={`field${error ? ' field--error' : ''}`} id={id} aria-describedby={describedBy(props)}>
      <legend>
        {props.label}
        {props.required ? null : <span class="optional"> (optional)</span>}
      </legend>
      <HintAndError id={id} hint={props.hint} error={error} />
      {props.options.map((option, index) => (
        <div class="choice">
          <input
            type={props.multiple ? 'checkbox' : 'radio'}
            id={`${id}-${index}`}
            name={props.name}
            value={option.value}
            checked={selected.has(option.value)}
          />
          <label for={`${id}-${index}`}>
            {option.label}
            {option.hint ? <span class="hint"> {option.hint}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A one-button form for an action on a row of a table, named for screen readers by the row it acts on. */
export function RowAction(props: { action: string; csrfToken: string; label: string; subject: string; children?: ComponentChildren }) {
  return (
    <form method="post" action={props.action} class="inline">
      <CsrfField token={props.csrfToken} />
      {props.children}
      <button type="submit" class="link-button">
        {props.label}
        <span class="visually-hidden"> {props.subject}</span>
      </button>
    </form>
  );
}
