import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { createMailer, type Mailer, type OutgoingMail } from '../../src/infra/mailer.js';
import { deliverOutbox } from '../../src/services/mail/deliver-outbox.js';
import { enqueueOutbox, listOutbox, type OutboxRow } from '../../src/db/repositories/outbox.repository.js';

const FROM = 'Redress <no-reply@example.org>';

const acknowledgement: OutgoingMail = {
  to: 'siobhan.obriain@example.com',
  subject: 'We have received your complaint – RED-2026-0001',
  text: 'Dear Siobhán Ó Briain,\n\nThank you: we received your complaint on 2 March 2026.\nWe will write again by 16 March 2026.\n\nRedress',
};
const reminder: OutgoingMail = {
  to: 'casework@example.net',
  subject: 'Triage due tomorrow',
  text: 'Case RED-2026-0002 must be triaged by 3 March 2026.',
};

describe.each(testDatabaseKinds())('delivering the outbox over SMTP (%s)', (kind) => {
  let t: TestContext;
  let server: TestSmtpServer;
  let mailer: Mailer;

  beforeEach(async () => {
    t = await createTestContext(kind);
    server = await startTestSmtpServer();
    mailer = createMailer({ from: FROM, smtpUrl: server.url, mailDir: path.join(t.dataDir, 'mail') });
  });
  afterEach(async () => {
    await server?.close();
    await t?.close();
  });

  const now = () => t.clock.now().toISOString();
  const queue = (message: OutgoingMail, at = now()) => enqueueOutbox(t.ctx.db, { kind: 'email', payload: message, at });
  const deliver = () => deliverOutbox({ ctx: t.ctx, mailer });

  async function onlyRow(): Promise<OutboxRow> {
    const rows = await listOutbox(t.ctx.db);
    expect(rows).toHaveLength(1);
    return rows[0]!;
  }

  it('delivers queued messages with the configured sender, the recipient, the subject and the body, and marks them sent', async () => {
    await queue(acknowledgement);
    await queue(reminder);
    const sentAt = now();

    expect(await deliver()).toEqual({ sent: 2, failed: 0 });

    const received = await server.waitFor(2);
    expect(received.map(({ from, to, subject, text, envelope }) => ({ from, to, subject, text, envelope }))).toEqual([
      { from: FROM, to: [acknowledgement.to], subject: acknowledgement.subject, text: acknowledgement.text, envelope: { mailFrom: 'no-reply@example.org', rcptTo: [acknowledgement.to] } },
      { from: FROM, to: [reminder.to], subject: reminder.subject, text: reminder.text, envelope: { mailFrom: 'no-reply@example.org', rcptTo: [reminder.to] } },
    ]);
    // The non-ASCII subject went over the wire encoded, not as raw bytes.
    expect(received[0]!.raw).toMatch(/^Subject: =\?UTF-8\?/m);

    const rows = await listOutbox(t.ctx.db);
    expect(rows.map((row) => ({ sent_at: row.sent_at, attempts: row.attempts, last_error: row.last_error }))).toEqual([
      { sent_at: sentAt, attempts: 0, last_error: null },
      { sent_at: sentAt, attempts: 0, last_error: null },
    ]);

    // A second run finds nothing left to send.
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    expect(server.messages).toHaveLength(2);
  });

  it('keeps a refused message for a later attempt, and delivers it once, when it is due again', async () => {
    await queue(acknowledgement);
    server.rejectNext(1);

    expect(await deliver()).toEqual({ sent: 0, failed: 1 });

    // The server really was asked, and said no.
    expect(server.refused.map((mail) => mail.subject)).toEqual([acknowledgement.subject]);
    expect(server.messages).toEqual([]);
    const failed = await onlyRow();
    expect(failed.sent_at).toBeNull();
    expect(failed.attempts).toBe(1);
    expect(failed.last_error).toMatch(/451/);
    expect(failed.last_error).toMatch(/refusing this message/);
    expect(Date.parse(failed.next_attempt_at)).toBeGreaterThan(t.clock.now().getTime());

    // Before the retry time, nothing is tried again.
    t.clock.set(new Date(Date.parse(failed.next_attempt_at) - 1_000).toISOString());
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    expect(server.messages).toHaveLength(0);
    expect(server.refused).toHaveLength(1);

    // Past it, the message goes, once.
    t.clock.set(new Date(Date.parse(failed.next_attempt_at) + 1_000).toISOString());
    const retriedAt = now();
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await server.waitFor(1);
    expect(mail).toMatchObject({ from: FROM, to: [acknowledgement.to], subject: acknowledgement.subject, text: acknowledgement.text });

    const sent = await onlyRow();
    expect(sent).toMatchObject({ sent_at: retriedAt, attempts: 1, last_error: null });

    t.clock.advanceDays(1);
    expect(await deliver()).toEqual({ sent: 0, failed: 0 });
    expect(server.messages).toHaveLength(1);
    expect(server.refused).toHaveLength(1);
  });

  it('does not let one refused message hold back the others in the batch', async () => {
    await queue(acknowledgement);
    await queue(reminder);
    server.rejectNext(1);

    expect(await deliver()).toEqual({ sent: 1, failed: 1 });

    expect(server.refused.map((mail) => mail.to)).toEqual([[acknowledgement.to]]);
    expect(server.messages.map((mail) => mail.to)).toEqual([[reminder.to]]);
    const [first, second] = await listOutbox(t.ctx.db);
    expect(first).toMatchObject({ sent_at: null, attempts: 1 });
    expect(second).toMatchObject({ sent_at: now(), attempts: 0, last_error: null });
  });

  it('does not send a message before it is due', async () => {
    const tomorrow = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    await queue(reminder, tomorrow);
    await queue(acknowledgement);

    expect(await deliver()).toEqual({ sent: 1, failed: 0 });

    expect(server.messages.map((mail) => mail.subject)).toEqual([acknowledgement.subject]);
    const [later] = await listOutbox(t.ctx.db);
    expect(later).toMatchObject({ next_attempt_at: tomorrow, sent_at: null, attempts: 0, last_error: null });

    t.clock.advanceDays(1);
    expect(await deliver()).toEqual({ sent: 1, failed: 0 });
    expect(server.messages.map((mail) => mail.subject)).toEqual([acknowledgement.subject, reminder.subject]);
  });
});
