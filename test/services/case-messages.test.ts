import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { giveNoticeAndAnswer, noticeFor, RESPONDENT_EMAIL } from '../helpers/due-process.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { getPortalView } from '../../src/services/due-process/portal-view.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { checkComplaintStatus } from '../../src/services/public/check-complaint-status.js';
import {
  listCaseMessages,
  listPartyMessages,
  readMessagesByReceipt,
  recordReceivedMessage,
  replyByReceipt,
  sendCaseMessage,
  sendPartyMessage,
} from '../../src/services/due-process/case-messages.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listOutbox } from '../../src/db/repositories/outbox.repository.js';
import { refusal, typesAddedSince } from '../helpers/refusal.js';


type Mail = { to: string; subject: string; text: string };
const mailTo = async (ctx: ServiceContext, address: string): Promise<Mail[]> =>
  (await listOutbox(ctx.db)).map((row) => JSON.parse(row.payload) as Mail).filter((mail) => mail.to === address);
const messageRows = (ctx: ServiceContext, caseId: string) => ctx.db.selectFrom('case_messages').selectAll().where('case_id', '=', caseId).orderBy('sequence').execute();
const eventsOf = async (ctx: ServiceContext, caseId: string) => (await listCaseEvents(ctx.db, caseId)).map((event) => ({ type: event.type, data: event.data }));

const FOR_RESPONDENT = 'Please tell us by Friday whether you will bring a companion to the interview.';
const WRONG_CODE = '0000 0000 0000 0000';

for (const kind of testDatabaseKinds()) {
  describe(`case messages (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff;
    let investigator: Staff;

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer'], 'Ines Intake');
      manager = await createStaff(ctx, ['case_manager'], 'Cara Manager');
      investigator = await createStaff(ctx, ['investigator'], 'Ivan Investigator');
    });
    afterEach(async () => t.close());

    async function atInvestigation(overrides: Record<string, unknown> = {}): Promise<{ caseId: string; reference: string }> {
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(overrides), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      return { caseId: receipt.caseId, reference: receipt.reference };
    }

    /** A case whose respondent has been given notice and answered through the portal. */
    async function withRespondent(): Promise<{ caseId: string; reference: string; token: string }> {
      const at = await atInvestigation();
      const { token } = await giveNoticeAndAnswer(ctx, { investigator, caseId: at.caseId });
      return { ...at, token };
    }

    async function anonymousComplaint(): Promise<{ caseId: string; receiptCode: string }> {
      const receipt = await submitComplaint({ ctx, complaint: complaintInput({ anonymous: true, relation: 'witness', complainant: {} }), files: [], channel: 'web' });
      return { caseId: receipt.caseId, receiptCode: receipt.receiptCode! };
    }

    it('shows a staff message to the respondent in the portal signed by role, never by name, and e-mails them without the text', async () => {
      const { caseId, reference, token } = await withRespondent();
      const mailBefore = (await mailTo(ctx, RESPONDENT_EMAIL)).length;
      const { messageId } = await sendCaseMessage({ ctx, staff: investigator, caseId, recipient: 'respondent', visibility: 'party', body: `  ${FOR_RESPONDENT}\n` });

      const view = await getPortalView({ ctx, token });
      expect(view.messages).toEqual([{ id: messageId, mine: false, signedBy: 'Investigator', body: FOR_RESPONDENT, sentAt: expect.any(String) }]);
      expect(JSON.stringify(view)).not.toContain('Ivan Investigator');
      expect(await listPartyMessages({ ctx, token })).toEqual(view.messages);

      // The e-mail says there is a message and where to read it; the text stays in Redress.
      const mail = await mailTo(ctx, RESPONDENT_EMAIL);
      expect(mail).toHaveLength(mailBefore + 1);
      expect(mail.at(-1)!.subject).toBe(`New message about ${reference}`);
      expect(mail.at(-1)!.text).toContain('You have a new message about');
      expect(mail.at(-1)!.text).toContain('from the investigator');
      expect(mail.at(-1)!.text).not.toContain('companion to the interview');
      expect(mail.at(-1)!.text).not.toContain('Ivan');

      // Staff see the person, the signature the party saw, and that it was read (once: the second read is not recorded again).
      const staffView = await listCaseMessages({ ctx, staff: manager, caseId });
      expect(staffView.messages).toEqual([
        expect.objectContaining({ id: messageId, direction: 'to_party', visibility: 'party', partyRole: 'respondent', authorName: 'Ivan Investigator', signedAs: 'Investigator', delivery: { status: 'read', at: expect.any(String) } }),
      ]);
      const events = await eventsOf(ctx, caseId);
      const sent = events.filter((event) => event.type === 'message_sent');
      expect(sent.map((event) => JSON.parse(event.data))).toEqual([{ messageId, direction: 'to_party', visibility: 'party', partyRole: 'respondent', partyId: expect.any(String), emailed: true }]);
      expect(events.filter((event) => event.type === 'messages_read').map((event) => JSON.parse(event.data))).toEqual([{ messageIds: [messageId] }]);
      expect(events.map((event) => event.data).join('\n')).not.toContain('companion to the interview');
    });

    it("shows the respondent's reply to the staff on the case, with the party who wrote it", async () => {
      const { caseId, token } = await withRespondent();
      await sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'respondent', visibility: 'party', body: FOR_RESPONDENT });
      const { messageId } = await sendPartyMessage({ ctx, token, body: 'Yes: my union representative, Sam Example, will come with me.' });

      const staffView = await listCaseMessages({ ctx, staff: investigator, caseId });
      expect(staffView.messages.at(-1)).toEqual(
        expect.objectContaining({ id: messageId, direction: 'from_party', visibility: 'party', partyRole: 'respondent', authorName: 'Councillor Fictional', recordedBy: null, body: 'Yes: my union representative, Sam Example, will come with me.' }),
      );
      expect((await listPartyMessages({ ctx, token })).map((message) => [message.signedBy, message.mine])).toEqual([
        ['Case manager', false],
        ['You', true],
      ]);
      const event = (await listCaseEvents(ctx.db, caseId)).find((candidate) => candidate.type === 'message_sent' && candidate.data.includes(messageId))!;
      expect(JSON.parse(event.actor)).toMatchObject({ kind: 'party', role: 'respondent' });
    });

    it('never shows a staff-only message or an internal note to the party, and sends them no mail', async () => {
      const { caseId, token } = await withRespondent();
      const mailBefore = (await mailTo(ctx, RESPONDENT_EMAIL)).length;
      await sendCaseMessage({ ctx, staff: investigator, caseId, recipient: 'respondent', visibility: 'staff_on_case', body: 'The respondent sounded distressed on the phone; offer the support line.' });
      await sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'respondent', visibility: 'internal', body: 'Internal: check the membership record before replying.' });
      await sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'staff', visibility: 'internal', body: 'Internal: the panel pool is short of lawyers this month.' });
      await sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'staff', visibility: 'staff_on_case', body: 'For the team: the interview room is booked.' });

      expect((await getPortalView({ ctx, token })).messages).toEqual([]);
      expect(await listPartyMessages({ ctx, token })).toEqual([]);
      expect(await mailTo(ctx, RESPONDENT_EMAIL)).toHaveLength(mailBefore);
      const staffView = await listCaseMessages({ ctx, staff: investigator, caseId });
      expect(staffView.messages.map((message) => [message.direction, message.visibility, message.partyRole, message.delivery])).toEqual([
        ['internal', 'staff_on_case', 'respondent', null],
        ['internal', 'internal', 'respondent', null],
        ['internal', 'internal', null, null],
        ['internal', 'staff_on_case', null, null],
      ]);

      // A staff-only message cannot be shown to a party.
      const error = await refusal(() => sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'staff', visibility: 'party', body: 'Who sees this?' }));
      expect(error.code).toBe('validation_failed');
      expect(error.issues.map((issue) => issue.field)).toEqual(['visibility']);
    });

    it('lets the anonymous complainant read and reply with the receipt code, and refuses a wrong code without saying anything more', async () => {
      const { caseId, receiptCode } = await anonymousComplaint();
      // At intake the intake officer reads the case through the queue, and writes signed by that role.
      const { messageId } = await sendCaseMessage({ ctx, staff: intake, caseId, recipient: 'complainant', visibility: 'party', body: 'Could you tell us roughly when the post appeared?' });
      expect(await listOutbox(ctx.db)).toEqual([]);

      const read = await readMessagesByReceipt({ ctx, receiptCode });
      expect(read).toEqual([{ id: messageId, mine: false, signedBy: 'Intake officer', body: 'Could you tell us roughly when the post appeared?', sentAt: expect.any(String) }]);
      const reply = await replyByReceipt({ ctx, receiptCode: receiptCode.replaceAll(' ', ''), body: 'On the evening of 20 February, around 6pm.' });
      expect((await readMessagesByReceipt({ ctx, receiptCode })).map((message) => [message.signedBy, message.body])).toEqual([
        ['Intake officer', 'Could you tell us roughly when the post appeared?'],
        ['You', 'On the evening of 20 February, around 6pm.'],
      ]);
      const staffView = await listCaseMessages({ ctx, staff: intake, caseId });
      expect(staffView.messages.at(-1)).toEqual(expect.objectContaining({ id: reply.messageId, direction: 'from_party', partyRole: 'complainant', authorName: 'The anonymous complainant' }));
      expect(staffView.messages[0]!.delivery).toEqual({ status: 'read', at: expect.any(String) });

      // A wrong code gets the status check's words, and changes nothing.
      const rows = await messageRows(ctx, caseId);
      const events = await eventsOf(ctx, caseId);
      const statusRefusal = await refusal(() => checkComplaintStatus({ ctx, receiptCode: WRONG_CODE }));
      for (const attempt of [() => replyByReceipt({ ctx, receiptCode: WRONG_CODE, body: 'Let me in.' }), () => readMessagesByReceipt({ ctx, receiptCode: WRONG_CODE })]) {
        const error = await refusal(attempt);
        expect(error.code).toBe('not_found');
        expect(error.message).toBe(statusRefusal.message);
        expect(error.issues).toEqual([]);
      }
      const malformed = await refusal(() => replyByReceipt({ ctx, receiptCode: '1234', body: 'Hello' }));
      expect(malformed.code).toBe('validation_failed');
      expect(malformed.issues.map((issue) => issue.field)).toEqual(['receiptCode']);
      expect(await messageRows(ctx, caseId)).toEqual(rows);
      expect(await eventsOf(ctx, caseId)).toEqual(events);
    });

    it('refuses someone not on the case, and a role that may not message, writing only the record of the refused attempts', async () => {
      const { caseId } = await withRespondent();
      const outsider = await createStaff(ctx, ['investigator'], 'Olive Outsider');
      const admin = await createStaff(ctx, ['system_admin'], 'Adam Admin');
      await sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'staff', visibility: 'internal', body: 'Something only the case team should read.' });
      const rows = await messageRows(ctx, caseId);
      const events = await eventsOf(ctx, caseId);
      const mail = await listOutbox(ctx.db);

      for (const attempt of [
        () => sendCaseMessage({ ctx, staff: outsider, caseId, recipient: 'respondent', visibility: 'party', body: 'Hello from someone else.' }),
        () => recordReceivedMessage({ ctx, staff: outsider, caseId, from: 'respondent', body: 'Hello from someone else.' }),
        () => listCaseMessages({ ctx, staff: outsider, caseId }),
        () => listCaseMessages({ ctx, staff: outsider, caseId, recordRead: true }),
        () => sendCaseMessage({ ctx, staff: admin, caseId, recipient: 'staff', visibility: 'internal', body: 'Administrators do not read cases.' }),
        () => listCaseMessages({ ctx, staff: admin, caseId }),
      ]) {
        const error = await refusal(attempt);
        expect(error.code).toBe('forbidden');
      }
      expect(await messageRows(ctx, caseId)).toEqual(rows);
      const after = await eventsOf(ctx, caseId);
      expect(after.slice(0, events.length)).toEqual(events);
      // The outsider's attempts that opened the case are recorded; the administrator's role stopped them before it was opened.
      expect(typesAddedSince(events, after)).toEqual(['access_refused', 'access_refused', 'access_refused']);
      expect(await listOutbox(ctx.db)).toEqual(mail);
    });

    it('refuses an empty or oversized message, naming the body, and writes nothing', async () => {
      const { caseId, token } = await withRespondent();
      const { receiptCode, caseId: anonymousId } = await anonymousComplaint();
      const rows = async () => [...(await messageRows(ctx, caseId)), ...(await messageRows(ctx, anonymousId))];
      const before = await rows();
      const events = await eventsOf(ctx, caseId);
      const tooLong = 'x'.repeat(10_001);
      for (const body of ['', '   \n  ', tooLong]) {
        for (const attempt of [
          () => sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'respondent', visibility: 'party', body }),
          () => recordReceivedMessage({ ctx, staff: manager, caseId, from: 'respondent', body }),
          () => sendPartyMessage({ ctx, token, body }),
          () => replyByReceipt({ ctx, receiptCode, body }),
        ]) {
          const error = await refusal(attempt);
          expect(error.code).toBe('validation_failed');
          expect(error.issues.map((issue) => issue.field)).toEqual(['body']);
        }
      }
      expect(await rows()).toEqual(before);
      expect(await eventsOf(ctx, caseId)).toEqual(events);
      // Exactly the limit, once trimmed, is accepted.
      await sendPartyMessage({ ctx, token, body: ` ${'y'.repeat(10_000)} ` });
      expect((await messageRows(ctx, caseId)).at(-1)!.body).toHaveLength(10_000);
    });

    it('e-mails a named complainant the text, records their reply entered by staff, and refuses parties who cannot be reached', async () => {
      const { caseId, reference } = await atInvestigation();
      const { messageId } = await sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'complainant', visibility: 'party', body: 'Thank you. Do you still have the original messages on your phone?' });
      const [mail] = await mailTo(ctx, 'ruth@example.test').then((all) => all.filter((message) => message.subject.includes('A message about')));
      expect(mail!.subject).toBe(`A message about your complaint ${reference}`);
      expect(mail!.text).toContain('The case manager handling your complaint');
      expect(mail!.text).toContain('Do you still have the original messages on your phone?');
      expect(mail!.text).not.toContain('Cara');

      const recorded = await recordReceivedMessage({ ctx, staff: manager, caseId, from: 'complainant', body: 'Yes, I kept them all.' });
      const view = await listCaseMessages({ ctx, staff: investigator, caseId });
      expect(view.messages.map((message) => [message.id, message.direction, message.authorName, message.recordedBy, message.delivery])).toEqual([
        [messageId, 'to_party', 'Cara Manager', null, { status: 'emailed' }],
        [recorded.messageId, 'from_party', 'Ruth Example', 'Cara Manager', null],
      ]);
      expect((await listCaseEvents(ctx.db, caseId)).filter((event) => event.type === 'message_recorded').map((event) => JSON.parse(event.data))).toEqual([
        { messageId: recorded.messageId, partyRole: 'complainant', partyId: null },
      ]);

      // Before notice there is no respondent to write to; a complainant with no e-mail address cannot be reached here.
      const beforeNotice = await refusal(() => sendCaseMessage({ ctx, staff: manager, caseId, recipient: 'respondent', visibility: 'party', body: 'Hello.' }));
      expect(beforeNotice.code).toBe('rule_violated');
      expect(beforeNotice.issues.map((issue) => issue.field)).toEqual(['recipient']);
      const phoneOnly = await atInvestigation({ complainant: { name: 'Pat Phone', phone: '01234 567890' } });
      const unreachable = await refusal(() => sendCaseMessage({ ctx, staff: manager, caseId: phoneOnly.caseId, recipient: 'complainant', visibility: 'party', body: 'Hello.' }));
      expect(unreachable.code).toBe('rule_violated');
      expect(unreachable.message).toContain('No e-mail address');
      expect(await messageRows(ctx, phoneOnly.caseId)).toEqual([]);
      // A note about them is still possible.
      await sendCaseMessage({ ctx, staff: manager, caseId: phoneOnly.caseId, recipient: 'complainant', visibility: 'staff_on_case', body: 'Phoned Pat: they will send the screenshots by post.' });
      expect(await messageRows(ctx, phoneOnly.caseId)).toHaveLength(1);
    });

    it("reminds staff writing to the respondent when the complainant's identity is withheld from them", async () => {
      const { caseId } = await atInvestigation();
      expect((await listCaseMessages({ ctx, staff: manager, caseId })).recipients[0]).toMatchObject({ role: 'respondent', reachable: false });
      await issueNotice({ ctx, staff: investigator, caseId, notice: await noticeFor(ctx, caseId, { identityWithheldReason: 'The complainant fears reprisals from others in the branch.' }) });
      const [respondent] = (await listCaseMessages({ ctx, staff: manager, caseId })).recipients;
      expect(respondent).toMatchObject({ role: 'respondent', name: 'Councillor Fictional', reachable: true });
      expect(respondent!.how).toContain("The complainant's identity is withheld from them");
    });
  });
}
