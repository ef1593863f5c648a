import type { PartyMessage } from '../../../services/due-process/case-messages.js';
import { formatDateTime } from '../format.js';
import { CsrfField, ErrorSummary, TextArea, type FormState } from './forms.js';

/** A party's messages with the complaints team, as the party sees them: staff signed by role, never by name. */
export function PartyThread(props: { messages: PartyMessage[]; empty: string }) {
  if (props.messages.length === 0) return <p>{props.empty}</p>;
  return (
    <ol class="timeline" data-testid="party-messages">
      {props.messages.map((message) => (
        <li>
          <p>
            <strong>{message.mine ? 'You' : message.signedBy}</strong>, <time dateTime={message.sentAt}>{formatDateTime(message.sentAt)}</time>
          </p>
          <p class="prewrap">{message.body}</p>
        </li>
      ))}
    </ol>
  );
}

/**
 * The anonymous complainant's messages on the status page, and the form to
 * reply. The receipt code travels back in a hidden field of a POST (with the
 * CSRF token), never in a URL, where it would be kept in history and logs.
 */
export function ReceiptMessages(props: { messages: PartyMessage[]; receiptCode: string; csrfToken: string; form: FormState; sent: boolean }) {
  const form = { ...props.form, idPrefix: 'message' };
  return (
    <section aria-labelledby="messages-title" id="messages">
      <h2 id="messages-title">Messages with the complaints team</h2>
      {props.sent ? (
        <p class="panel--confirmation" role="status" data-testid="message-sent">
          Your message has been sent.
        </p>
      ) : null}
      <PartyThread messages={props.messages} empty="No messages yet." />
      <p class="hint">We cannot tell you when a new message arrives, because we do not know who you are. Check this page with your receipt code from time to time.</p>
      <h3 id="reply-title">Write to the complaints team</h3>
      <ErrorSummary form={form} />
      <form method="post" action="/status/message" novalidate aria-labelledby="reply-title">
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="receiptCode" value={props.receiptCode} />
        <TextArea form={form} name="body" label="Your message" hint="Up to 10,000 characters. You stay anonymous: only your receipt code links this message to your complaint." required rows={5} />
        <button type="submit" class="button">
          Send the message
        </button>
      </form>
    </section>
  );
}
