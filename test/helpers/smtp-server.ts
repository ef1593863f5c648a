import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerError, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject, type EmailAddress } from 'mailparser';

/** One message as the test SMTP server received it. */
export type ReceivedMail = {
  /** The From header as `Name <address>` (or just the address), e.g. `Redress <no-reply@example.org>`. */
  from: string;
  /** The addresses in the To header(s). */
  to: string[];
  subject: string;
  /** The plain-text body, decoded, without the line break SMTP adds at the end of DATA. */
  text: string;
  /** The whole message as it came over the wire (headers and body). */
  raw: string;
  /** The SMTP envelope: MAIL FROM and RCPT TO, which may differ from the headers. */
  envelope: { mailFrom: string; rcptTo: string[] };
};

export type TestSmtpServer = {
  /** `smtp://127.0.0.1:PORT`, usable as is by nodemailer (and `createMailer`). */
  url: string;
  /** Accepted messages, in the order they arrived. */
  messages: ReceivedMail[];
  /** Messages the server refused because of `rejectNext`, in the order they arrived. */
  refused: ReceivedMail[];
  /** Refuse the next `count` messages with a temporary SMTP error (451) at the end of DATA. */
  rejectNext(count: number): void;
  /** Resolves with the accepted messages once there are at least `count`; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
};

function addresses(header: AddressObject | AddressObject[] | undefined): string[] {
  const flatten = (entries: EmailAddress[]): string[] => entries.flatMap((entry) => (entry.group ? flatten(entry.group) : entry.address ? [entry.address] : []));
  return (header === undefined ? [] : Array.isArray(header) ? header : [header]).flatMap((object) => flatten(object.value));
}

function mailboxes(header: AddressObject | undefined): string {
  return (header?.value ?? []).map((entry) => (entry.name ? `${entry.name} <${entry.address ?? ''}>` : (entry.address ?? ''))).join(', ');
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function parse(raw: Buffer, session: SMTPServerSession): Promise<ReceivedMail> {
  const parsed = await simpleParser(raw);
  const mailFrom = session.envelope.mailFrom;
  return {
    from: mailboxes(parsed.from),
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    text: (parsed.text ?? '').replace(/\r?\n$/, ''),
    raw: raw.toString('utf8'),
    envelope: { mailFrom: mailFrom ? mailFrom.address : '', rcptTo: session.envelope.rcptTo.map((recipient) => recipient.address) },
  };
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, for tests that send mail
 * over the wire. Plain SMTP only: STARTTLS is not offered, so nodemailer's
 * opportunistic STARTTLS never starts and no certificate is involved.
 * Authentication is optional; any credentials are accepted.
 */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const refused: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let toReject = 0;

  const server = new SMTPServer({
    name: 'smtp.test.invalid',
    banner: 'Redress test SMTP server',
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1_000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'test' });
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then((raw) => parse(raw, session))
        .then((mail) => {
          if (toReject > 0) {
            toReject -= 1;
            refused.push(mail);
            const error: SMTPServerError = new Error('4.3.0 Test server refusing this message, try again later');
            error.responseCode = 451;
            callback(error);
            return;
          }
          messages.push(mail);
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) => {
          const failure: SMTPServerError = new Error(`Test server could not read the message: ${(error as Error).message}`);
          failure.responseCode = 554;
          callback(failure);
        });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refused,
    rejectNext(count) {
      toReject = count;
    },
    waitFor(count, timeoutMs = 5_000) {
      if (messages.length >= count) return Promise.resolve([...messages]);
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`test SMTP server: expected ${count} message(s) within ${timeoutMs} ms, received ${messages.length}`));
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
