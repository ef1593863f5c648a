import { hasPermission, type Role } from '../../../domain/access.js';
import type { CaseEvent } from '../../../domain/case/case-event.js';
import { MAX_MESSAGE_LENGTH, VISIBILITY_LABELS, type CaseMessagesView, type StaffMessage } from '../../../services/due-process/case-messages.js';
import { ActionBox, type ActionForm } from '../components/action-box.js';
import { Choices, Select, TextArea } from '../components/forms.js';
import { formatDateTime } from '../format.js';

type Props = {
  caseId: string;
  messages: CaseMessagesView;
  viewer: { roles: string[]; csrfToken: string };
  failed: ActionForm | null;
};

/** The timeline's line for a message: who it went to and how, never what it said. */
export function describeMessageEvent(event: Extract<CaseEvent, { type: 'message_sent' }>): string {
  switch (event.direction) {
    case 'to_party':
      if (event.partyRole === 'respondent') return `Message to the respondent${event.emailed ? ', who was told of it by e-mail' : ', to read on their case page'}.`;
      return `Message to the ${event.partyRole ?? 'party'}${event.emailed ? ', sent by e-mail' : ', to read with the receipt code'}.`;
    case 'from_party':
      return `Message from the ${event.partyRole ?? 'party'}.`;
    case 'internal':
      return `${event.visibility === 'internal' ? 'Internal note' : 'Message to the staff on the case'}${event.partyRole ? ` about the ${event.partyRole}` : ''}.`;
  }
}

function addressee(message: StaffMessage): string {
  switch (message.direction) {
    case 'to_party':
      return `to the ${message.partyRole}`;
    case 'from_party':
      return 'to the staff on the case';
    case 'internal':
      return `${message.visibility === 'internal' ? 'internal note' : 'to the staff on the case'}${message.partyRole ? `, about the ${message.partyRole}` : ''}`;
  }
}

function delivery(message: StaffMessage): string | null {
  switch (message.delivery?.status) {
    case 'read':
      return `Read by the ${message.partyRole} ${formatDateTime(message.delivery.at)}.`;
    case 'unread':
      return `Not read by the ${message.partyRole} yet.`;
    case 'emailed':
      return 'Sent by e-mail.';
    default:
      return null;
  }
}

/** The case's messages, as staff see them (the person who wrote each, and what the party saw), and the forms to write. */
export function CaseMessagesSection(props: Props) {
  const { messages, viewer } = props;
  const may = hasPermission(viewer.roles as Role[], 'cases.message');
  const box = { failed: props.failed, viewer, caseId: props.caseId };
  const recipientLabel = (role: string) => {
    const info = messages.recipients.find((recipient) => recipient.role === role);
    const name = info?.name ? ` (${info.name})` : '';
    return `The ${role}${name}${info && !info.reachable ? ' — cannot be reached here' : ''}`;
  };
  return (
    <section aria-labelledby="messages-title" id="messages">
      <h2 id="messages-title">Messages</h2>
      <ul>
        {messages.recipients.map((recipient) => (
          <li>
            <strong>The {recipient.role}:</strong> {recipient.how}
          </li>
        ))}
      </ul>
      {messages.messages.length === 0 ? <p>No messages yet.</p> : null}
      <ol class="timeline" data-testid="case-messages" hidden={messages.messages.length === 0}>
        {messages.messages.map((message) => (
          <li data-visibility={message.visibility}>
            <p>
              <strong>{message.authorName}</strong>
              {message.signedAs ? ` (signed “${message.signedAs}”)` : ''}
              {message.recordedBy ? ` (received outside Redress, entered by ${message.recordedBy})` : ''}, {addressee(message)},{' '}
              <time dateTime={message.sentAt}>{formatDateTime(message.sentAt)}</time>
              {message.visibility !== 'party' ? <span class="tag tag--paused">{message.visibility === 'internal' ? 'Internal' : 'Staff only'}</span> : null}
            </p>
            <p class="prewrap">{message.body}</p>
            {delivery(message) ? <p class="hint">{delivery(message)}</p> : null}
          </li>
        ))}
      </ol>
      {may ? (
        <>
          <ActionBox {...box} id="message" action="messages" title="Write a message" submit="Send the message">
            {(form) => (
              <>
                <Select
                  form={form}
                  name="recipient"
                  label="For"
                  required
                  options={[
                    { value: 'respondent', label: recipientLabel('respondent') },
                    { value: 'complainant', label: recipientLabel('complainant') },
                    { value: 'staff', label: 'Staff only' },
                  ]}
                />
                <Choices
                  form={{ ...form, values: { visibility: 'party', ...form.values } }}
                  name="visibility"
                  label="Who may read it"
                  required
                  options={[
                    { value: 'party', label: VISIBILITY_LABELS.party, hint: 'The party sees it signed by your role on the case, not your name.' },
                    { value: 'staff_on_case', label: VISIBILITY_LABELS.staff_on_case },
                    { value: 'internal', label: VISIBILITY_LABELS.internal },
                  ]}
                />
                <TextArea form={form} name="body" label="Message" hint={`Up to ${MAX_MESSAGE_LENGTH.toLocaleString('en-GB')} characters.`} required rows={5} />
              </>
            )}
          </ActionBox>
          <ActionBox {...box} id="received-message" action="messages-received" title="Record a message a party sent by e-mail, letter or phone" submit="Record the message">
            {(form) => (
              <>
                <Select
                  form={form}
                  name="from"
                  label="From"
                  required
                  options={[
                    { value: 'complainant', label: 'The complainant' },
                    { value: 'respondent', label: 'The respondent' },
                  ]}
                />
                <TextArea form={form} name="body" label="What they wrote or said" required rows={4} />
              </>
            )}
          </ActionBox>
        </>
      ) : null}
    </section>
  );
}
