import { CONTACT_CHANNEL_LABELS, CONTACT_CHANNELS, REACHED_DECISION_MAKER, REACHED_LABELS } from '../../../domain/oversight/outside-contact.js';
import { Choices, CsrfField, ErrorSummary, Select, TextArea, TextInput, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';

type Staffed = { organisation: string; viewer: NonNullable<Viewer> };

/**
 * The interference register's form. Staff record a contact made to them;
 * someone in a political or executive office declares a contact they made.
 */
export function RecordContactPage(props: Staffed & { form: FormState; source: 'received' | 'declared'; recordedNumber: number | null }) {
  const { form } = props;
  const received = props.source === 'received';
  return (
    <Layout title={received ? 'Record an outside contact' : 'Declare a contact you made'} organisation={props.organisation} viewer={props.viewer}>
      <h1>{received ? 'Record an outside contact' : 'Declare a contact you made'}</h1>
      {props.recordedNumber !== null ? (
        <div class="panel--confirmation" role="status">
          <p>
            Recorded as no. {props.recordedNumber} in the interference register. The independent overseer has been told.
          </p>
        </div>
      ) : null}
      <p class="lead">
        {received
          ? 'Record here every contact about a case from anyone outside the complaints process: a party official, an elected representative, a member of staff who is not working on the case, a journalist. Record it even if nothing was asked for.'
          : 'Declare here any contact you made about a case with anyone handling it. Declaring it is what keeps the process independent: only the independent overseer reads the register.'}
      </p>
      <p>Only the independent overseer reads the register. Recording a contact does not open the case to you, and no one working on the case is shown the entry.</p>
      <ErrorSummary form={form} />
      <form method="post" action="/staff/contacts/new" novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        <TextInput form={form} name="reference" label="Case reference" hint="For example RDR-2026-000123." width="short" required />
        {received ? (
          <TextInput form={form} name="contactName" label="Who contacted you" required />
        ) : (
          <TextInput form={form} name="contactedName" label="Whom you contacted" hint="The person handling the case you spoke or wrote to." required />
        )}
        <TextInput form={form} name="contactOffice" label={received ? 'Their office or position' : 'Your office or position'} hint="For example General Secretary, Member of Parliament, regional organiser, or none." required />
        <TextInput form={form} name="occurredAt" label="When" hint="Date, and time if known, like 2026-03-14 09:30." width="short" required />
        <Select form={form} name="channel" label="How" options={CONTACT_CHANNELS.map((value) => ({ value, label: CONTACT_CHANNEL_LABELS[value] }))} placeholder="Choose" required />
        <TextArea form={form} name="content" label="What was asked or said" rows={6} required />
        <Choices form={form} name="reachedDecisionMaker" label="Did it reach anyone deciding the case (a panel member, the independent reviewer)?" options={REACHED_DECISION_MAKER.map((value) => ({ value, label: REACHED_LABELS[value] }))} required />
        <button type="submit" class="button">
          {received ? 'Record the contact' : 'Declare the contact'}
        </button>
      </form>
    </Layout>
  );
}

/** Emergency access: the case, the reason, and what follows from using it. */
export function EmergencyAccessPage(props: Staffed & { form: FormState; hours: number }) {
  const { form } = props;
  return (
    <Layout title="Emergency access to a case" organisation={props.organisation} viewer={props.viewer}>
      <h1>Emergency access to a case</h1>
      <p class="lead">Use this only when a case you are not assigned to needs action that cannot wait for an assignment, for example a new threat to someone’s safety while the assigned case manager is away.</p>
      <ul>
        <li>Every overseer is told at once, with your reason.</li>
        <li>The access ends by itself after {props.hours} hours; you can end it sooner from the case.</li>
        <li>The case shows that it was opened this way, and everything you do is in its record.</li>
      </ul>
      <ErrorSummary form={form} />
      <form method="post" action="/staff/emergency-access" novalidate>
        <CsrfField token={props.viewer.csrfToken} />
        <TextInput form={form} name="reference" label="Case reference" width="short" required />
        <TextArea form={form} name="reason" label="Why this cannot wait" hint="At least 20 characters. The overseer reads this." rows={4} required />
        <button type="submit" class="button">
          Open the case with emergency access
        </button>
      </form>
    </Layout>
  );
}
