import { COMPLAINANT_RELATIONS, OUTCOME_LABELS, RELATION_LABELS } from '../../../domain/complaint/complaint.js';
import type { Clause, CodePack } from '../../../domain/code-pack/code-pack.js';
import { citationKey } from '../../../domain/code-pack/code-pack.js';
import type { ComplaintReceipt } from '../../../services/intake/create-complaint.js';
import type { ComplaintStatus } from '../../../services/public/check-complaint-status.js';
import type { ComponentChildren } from 'preact';
import { Choices, CsrfField, ErrorSummary, TextArea, TextInput, type FormState } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { formatDate } from '../format.js';

type Org = { organisation: string };

export function HomePage(props: Org & { timetable: { received: number; triage: number; investigation: number; overallMonths: number } }) {
  return (
    <Layout title="Complaints" organisation={props.organisation}>
      <h1>Make a complaint about a member’s conduct</h1>
      <p class="lead">
        You can complain about discrimination, harassment, abuse or other misconduct by a member of {props.organisation}, in your own name or
        anonymously.
      </p>
      <h2>Our timetable</h2>
      <ul>
        <li>We acknowledge every complaint at once, and pass it to triage within {props.timetable.received} working days.</li>
        <li>Triage takes up to {props.timetable.triage} working days; an investigation up to {props.timetable.investigation} working days.</li>
        <li>We aim to conclude every complaint within {props.timetable.overallMonths} months, and we tell you why if a stage needs longer.</li>
      </ul>
      <p>
        <a class="button" href="/complaints/new">
          Make a complaint
        </a>
      </p>
      <p>
        Already made a complaint anonymously? <a href="/status">Check its progress with your receipt code</a>.
      </p>
      <h2>How we are doing</h2>
      <ul>
        <li>
          <a href="/statistics">Complaints in figures</a>: how many, how they were handled and how long they took, every quarter.
        </li>
        <li>
          <a href="/decisions">Published decisions</a>: what was decided and why, without names.
        </li>
        <li>
          <a href="/commitments">Our commitments</a>: what we promised the people who raised the problem, what we have done, and an independent rating.
        </li>
        <li>
          <a href="/ledger">The record</a>: the tamper-evident log of every step, and how to check it.
        </li>
      </ul>
      <p class="small">
        Staff: <a href="/login">sign in</a>.
      </p>
    </Layout>
  );
}

export type ClauseOption = { pack: CodePack; clause: Clause };

export function ComplaintFields(props: { form: FormState; clauses: ClauseOption[]; maxFileSize?: string; maxFiles?: number }) {
  const { form } = props;
  const packs = [...new Map(props.clauses.map((option) => [option.pack, option.pack])).values()];
  return (
    <>
      <Choices
        form={form}
        name="relation"
        label="How is the complainant connected to what happened?"
        required
        options={COMPLAINANT_RELATIONS.map((relation) => ({ value: relation, label: RELATION_LABELS[relation] }))}
      />
      <fieldset class="group">
        <legend>About the complainant</legend>
        <Choices
          form={form}
          name="anonymous"
          label="Anonymous?"
          required
          hint="An anonymous complainant gets a receipt code to follow the complaint. We cannot contact them, so give as much detail as possible."
          options={[
            { value: 'no', label: 'No, contact details are given' },
            { value: 'yes', label: 'Yes, anonymous' },
          ]}
        />
        <TextInput form={form} name="complainant.name" label="Name" autocomplete="name" />
        <TextInput form={form} name="complainant.email" label="E-mail address" type="email" autocomplete="email" hint="The acknowledgement and every update are sent here." />
        <TextInput form={form} name="complainant.phone" label="Phone number" type="tel" autocomplete="tel" />
      </fieldset>
      <fieldset class="group">
        <legend>Who is the complaint about?</legend>
        <TextInput form={form} name="respondent.name" label="Their name" required />
        <TextInput form={form} name="respondent.membershipNumber" label="Their membership number, if known" width="short" />
        <TextInput form={form} name="respondent.unit" label="Their branch or unit, if known" />
      </fieldset>
      <fieldset class="group">
        <legend>What happened?</legend>
        <TextInput form={form} name="summary" label="In one line, what is the complaint about?" required />
        <TextArea form={form} name="description" label="Describe what happened" required rows={10} hint="Who said or did what, to whom, and what effect it had." />
        <TextInput form={form} name="incidentDate" label="When did it happen?" hint="For example 2026-03-14. If it went on over time, give the most recent date." width="short" />
        <TextInput form={form} name="location" label="Where did it happen?" hint="A meeting, an event, a place." />
        <TextInput form={form} name="onlinePlatform" label="If it happened online, on which platform?" hint="For example a social network, a group chat, a forum." />
        <TextInput form={form} name="onlineUrl" label="The web address of the post or page" type="url" />
        <TextArea
          form={form}
          name="perception"
          label="How would the complainant describe the conduct?"
          rows={3}
          hint="For example antisemitic, racist, sexual harassment. This view is recorded as given; the finding is made separately."
        />
      </fieldset>
      {packs.map((pack, index) => (
        <details class="clauses">
          <summary>Which parts of the {pack.title} apply? (optional)</summary>
          <p class="hint">{pack.guidance}</p>
          <Choices
            // Every pack's checkboxes share the name "clauses"; the first keeps the plain ids, which the error summary links to.
            form={index === 0 ? form : { ...form, idPrefix: pack.id }}
            name="clauses"
            label={pack.title}
            multiple
            options={props.clauses
              .filter((option) => option.pack === pack)
              .map((option) => ({ value: citationKey({ packId: pack.id, packVersion: pack.version, clauseId: option.clause.id }), label: `${option.clause.id}: ${option.clause.title}` }))}
          />
        </details>
      ))}
      <fieldset class="group">
        <legend>Evidence</legend>
        <div class="field">
          <label for="field-evidence">
            Files <span class="optional">(optional)</span>
          </label>
          <p class="hint" id="field-evidence-hint">
            Screenshots, documents or text: PDF, PNG, JPEG, GIF, WebP or plain text{props.maxFiles ? `; up to ${props.maxFiles} files of ${props.maxFileSize} each` : ''}.
          </p>
          <input type="file" id="field-evidence" name="evidence" multiple accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.txt" aria-describedby="field-evidence-hint" />
        </div>
        <TextInput form={form} name="links.0.url" label="A link to evidence online" type="url" hint="The time it was given to us is recorded." />
        <TextInput form={form} name="links.1.url" label="Another link" type="url" />
      </fieldset>
    </>
  );
}

export function ComplaintFormPage(props: Org & { form: FormState; csrfToken: string; clauses: ClauseOption[]; maxFileSize: string; maxFiles: number }) {
  return (
    <Layout title="Make a complaint" organisation={props.organisation}>
      <h1>Make a complaint</h1>
      <p>Questions about “the complainant” mean you, if you are making the complaint yourself.</p>
      <ErrorSummary form={props.form} />
      <form method="post" action="/complaints" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrfToken} />
        <ComplaintFields form={props.form} clauses={props.clauses} maxFileSize={props.maxFileSize} maxFiles={props.maxFiles} />
        <button type="submit" class="button">
          Send the complaint
        </button>
      </form>
    </Layout>
  );
}

export function ReceiptPage(props: Org & { receipt: ComplaintReceipt }) {
  const { receipt } = props;
  return (
    <Layout title="Complaint received" organisation={props.organisation}>
      <div class="panel panel--confirmation">
        <h1>Complaint received</h1>
        <p>
          Your reference is <strong data-testid="reference">{receipt.reference}</strong>
        </p>
      </div>
      {receipt.receiptCode ? (
        <section class="receipt" aria-labelledby="receipt-title">
          <h2 id="receipt-title">Your receipt code</h2>
          <p class="receipt-code" data-testid="receipt-code">
            {receipt.receiptCode}
          </p>
          <p>
            <strong>Write this code down now.</strong> It is shown only once and we cannot recover it. With it you can check the progress and outcome of your complaint at{' '}
            <a href="/status">the status page</a>.
          </p>
        </section>
      ) : null}
      <h2>What happens next</h2>
      <ul>
        <li>We acknowledged your complaint on {formatDate(receipt.receivedAt)}{receipt.acknowledgedByEmail ? ', and sent you an e-mail' : ''}.</li>
        <li>It will be passed to triage by {formatDate(receipt.stageDueOn)}.</li>
        <li>We aim to conclude it by {formatDate(receipt.overallDueOn)}. If a stage needs more time, we will say why.</li>
      </ul>
      {receipt.evidence.length > 0 ? (
        <>
          <h2>Evidence received</h2>
          <ul>
            {receipt.evidence.map((item) =>
              item.sha256 ? (
                <li>
                  {item.filename} — SHA-256 <code class="hash">{item.sha256}</code>
                </li>
              ) : (
                <li>{item.url}</li>
              ),
            )}
          </ul>
        </>
      ) : null}
    </Layout>
  );
}

export function StatusFormPage(props: Org & { form: FormState; csrfToken: string }) {
  return (
    <Layout title="Check a complaint" organisation={props.organisation}>
      <h1>Check the progress of your complaint</h1>
      <ErrorSummary form={props.form} />
      <form method="post" action="/status" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextInput form={props.form} name="receiptCode" label="Your 16-digit receipt code" required inputmode="numeric" autocomplete="off" />
        <button type="submit" class="button">
          Check progress
        </button>
      </form>
    </Layout>
  );
}

export function StatusPage(props: Org & { status: ComplaintStatus; children?: ComponentChildren }) {
  const { status } = props;
  return (
    <Layout title={`Complaint ${status.reference}`} organisation={props.organisation}>
      <h1>Complaint {status.reference}</h1>
      <dl class="summary-list">
        <dt>Received</dt>
        <dd>{formatDate(status.receivedAt)}</dd>
        <dt>Current stage</dt>
        <dd data-testid="status-stage">{status.stage.label}</dd>
        {status.outcome ? (
          <>
            <dt>Outcome</dt>
            <dd data-testid="status-outcome">{OUTCOME_LABELS[status.outcome.outcome] ?? status.outcome.outcome}</dd>
            <dt>Concluded</dt>
            <dd>{formatDate(status.outcome.closedAt)}</dd>
          </>
        ) : (
          <>
            <dt>This stage is due to finish by</dt>
            <dd>{status.paused ? 'The timetable is paused at the moment' : formatDate(status.stageDueOn)}</dd>
            <dt>We aim to conclude by</dt>
            <dd>{formatDate(status.overallDueOn)}</dd>
          </>
        )}
      </dl>
      <p>{status.stage.publicDescription}</p>
      {status.outcome ? (
        <>
          <h2>The outcome</h2>
          <p class="prewrap">{status.outcome.explanation}</p>
        </>
      ) : null}
      {status.extensions.length > 0 ? (
        <>
          <h2>Extra time taken</h2>
          <ul>
            {status.extensions.map((extension) => (
              <li>
                {formatDate(extension.on)}: {extension.workingDays} working days, because {extension.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Progress</h2>
      <ol>
        {status.stageHistory.map((step) => (
          <li>
            {step.stage} — {formatDate(step.on)}
          </li>
        ))}
      </ol>
      {props.children}
    </Layout>
  );
}
