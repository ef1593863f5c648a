import { ROLE_LABELS, isRole } from '../../domain/access.js';
import { normaliseReceiptCode } from '../../domain/complaint/receipt-code.js';
import { DomainError, assertNoIssues, type FieldIssue } from '../../domain/errors.js';
import { listAssignments } from '../../db/repositories/case-assignment.repository.js';
import { hasLivePartyLink, listParties, type PartyRow } from '../../db/repositories/case-party.repository.js';
import { insertCaseMessage, listCaseMessages as listMessageRows, listPartyThread, markMessagesReadByParty, type CaseMessageWithAuthors } from '../../db/repositories/case-message.repository.js';
import { findCaseById, findCaseByReceiptHash } from '../../db/repositories/case.repository.js';
import { findNotice } from '../../db/repositories/notice.repository.js';
import type { CaseRow } from '../../db/database.js';
import type { Executor } from '../../db/repositories/executor.js';
import { hashReceiptCode } from '../../infra/secrets.js';
import type { ServiceContext } from '../context.js';
import { staffActor, type Staff } from '../staff.js';
import { assertCanReadCase } from '../cases/case-access.js';
import { recordingRefusedAccess } from '../cases/refused-access.js';
import { changeCase, runCaseChange, type CaseChange } from '../cases/change-case.js';
import { queueMail } from '../mail/compose-mail.js';
import { createPartyLink, portalEntryUrl } from './party-links.js';
import { changeCaseAsParty } from './party-access.js';

/*
 * Secure messages between the staff on a case and its parties.
 *
 * Each party has one thread: the respondent (a party record, reached through
 * their portal) and the complainant (anonymous: through the receipt code on
 * the status page; named: by e-mail). Staff may also write notes that no
 * party sees, about a party's thread or about nothing in particular.
 *
 * The record keeps the person who wrote; a party sees a staff message signed
 * by the author's role on the case. Message bodies never enter events (and so
 * never the ledger): erasing one later touches one row.
 */

export const MESSAGE_RECIPIENTS = ['respondent', 'complainant', 'staff'] as const;
export type MessageRecipient = (typeof MESSAGE_RECIPIENTS)[number];
export type PartyThreadRole = Exclude<MessageRecipient, 'staff'>;

export const MESSAGE_VISIBILITIES = ['party', 'staff_on_case', 'internal'] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];
export type MessageDirection = 'to_party' | 'from_party' | 'internal';

export const VISIBILITY_LABELS: Record<MessageVisibility, string> = {
  party: 'The party it is for, and staff on the case',
  staff_on_case: 'Staff on the case only',
  internal: 'Internal note (staff only)',
};

export const MAX_MESSAGE_LENGTH = 10_000;
const NO_RECEIPT_MATCH = 'No complaint matches that receipt code. Check the digits and try again.';

/** How a party is reached, as the staff form explains it; `reachable` is false when a message to them could not be read. */
export type RecipientInfo = { role: PartyThreadRole; name: string | null; reachable: boolean; how: string };

/** A message as staff see it: who wrote it, to whom, seen by whom. */
export type StaffMessage = {
  id: string;
  direction: MessageDirection;
  visibility: MessageVisibility;
  /** The party's thread it belongs to; null for a note among staff about no party. */
  partyRole: PartyThreadRole | null;
  authorName: string;
  /** The signature the party saw (for a staff message in a party's thread). */
  signedAs: string | null;
  /** The member of staff who entered a message a party sent outside Redress. */
  recordedBy: string | null;
  body: string;
  sentAt: string;
  /** For a message to a party: read (when), unread, or e-mailed (a named complainant reads it in their mailbox). */
  delivery: { status: 'read'; at: string } | { status: 'unread' } | { status: 'emailed' } | null;
};

export type CaseMessagesView = { messages: StaffMessage[]; recipients: RecipientInfo[] };

/** A message as a party sees it: their own, or staff's signed by role. */
export type PartyMessage = { id: string; mine: boolean; signedBy: string; body: string; sentAt: string };

function checkBody(body: string, issues: FieldIssue[]): string {
  const trimmed = body.trim();
  if (trimmed.length === 0) issues.push({ field: 'body', message: 'Write the message.' });
  else if (trimmed.length > MAX_MESSAGE_LENGTH) issues.push({ field: 'body', message: `A message can be at most ${MAX_MESSAGE_LENGTH.toLocaleString('en-GB')} characters; this one has ${trimmed.length.toLocaleString('en-GB')}.` });
  return trimmed;
}

function requireBody(body: string): string {
  const issues: FieldIssue[] = [];
  const trimmed = checkBody(body, issues);
  assertNoIssues(issues, 'The message needs correcting.');
  return trimmed;
}

/** The label a party sees for a staff author's role on the case. */
export function signatureOf(role: string | null): string {
  return role && isRole(role) ? ROLE_LABELS[role] : 'Complaints team';
}

/** The role a member of staff writes in: their assignment on the case, else the case role they hold (an intake officer reading the intake queue). */
async function authorRole(db: Executor, caseId: string, staff: Staff): Promise<string | null> {
  const order = ['case_manager', 'investigator', 'panel_member', 'intake_officer'];
  const assigned = (await listAssignments(db, caseId)).filter((assignment) => assignment.user_id === staff.userId).map((assignment) => assignment.role);
  const rank = (role: string) => (order.includes(role) ? order.indexOf(role) : order.length);
  const [best] = [...assigned].sort((a, b) => rank(a) - rank(b));
  return best ?? order.find((role) => (staff.roles as string[]).includes(role)) ?? null;
}

async function recipientsOf(ctx: ServiceContext, db: Executor, caseRow: CaseRow, parties: PartyRow[]): Promise<RecipientInfo[]> {
  const respondent = parties.find((party) => party.role === 'respondent');
  const linkLive = respondent ? await hasLivePartyLink(db, respondent.id, ctx.clock.now().toISOString()) : false;
  const notice = respondent ? await findNotice(db, caseRow.id) : undefined;
  // Staff write freely; the one thing the form must remind them of is a decision not to name the complainant.
  const withheld = notice?.identity_withheld === 1 ? " The complainant's identity is withheld from them: do not name or describe the complainant." : '';
  const base: RecipientInfo = !respondent
    ? { role: 'respondent', name: null, reachable: false, how: 'The respondent can be sent messages once they have been given notice.' }
    : respondent.email
      ? { role: 'respondent', name: respondent.name, reachable: true, how: 'Told by e-mail that there is a message (never its text); reads it and replies on their case page.' }
      : linkLive
        ? { role: 'respondent', name: respondent.name, reachable: true, how: 'No e-mail address: reads and replies on their case page, through the link on the notice letter.' }
        : { role: 'respondent', name: respondent.name, reachable: false, how: 'No e-mail address, and the link on the notice letter no longer works: write to the respondent by letter.' };
  const respondentInfo = { ...base, how: `${base.how}${withheld}` };
  const complainantInfo: RecipientInfo = caseRow.anonymous
    ? {
        role: 'complainant',
        name: null,
        reachable: caseRow.receipt_hash !== null,
        how: caseRow.receipt_hash !== null ? 'Anonymous: reads and replies on the status page with their receipt code. They are not told of new messages.' : 'Anonymous, without a receipt code: there is no way to reach them.',
      }
    : caseRow.complainant_email
      ? { role: 'complainant', name: caseRow.complainant_name, reachable: true, how: 'Sent by e-mail, with the text of the message. Record their replies with the form below.' }
      : { role: 'complainant', name: caseRow.complainant_name, reachable: false, how: 'No e-mail address: contact the complainant by phone or letter and add a note.' };
  return [respondentInfo, complainantInfo];
}

async function insertMessage(
  ctx: ServiceContext,
  change: CaseChange,
  message: {
    direction: MessageDirection;
    visibility: MessageVisibility;
    partyId: string | null;
    partyRole: string | null;
    authorUserId: string | null;
    authorPartyId: string | null;
    authorRole: string | null;
    body: string;
  },
): Promise<string> {
  const id = ctx.random.uuid();
  await insertCaseMessage(change.trx, {
    id,
    case_id: change.caseRow.id,
    direction: message.direction,
    party_id: message.partyId,
    party_role: message.partyRole,
    visibility: message.visibility,
    author_user_id: message.authorUserId,
    author_party_id: message.authorPartyId,
    author_role: message.authorRole,
    body: message.body,
    sent_at: ctx.clock.now().toISOString(),
    read_by_party_at: null,
  });
  return id;
}

/**
 * Tells the respondent there is a message, never what it says: it may
 * concern the allegations, and mailboxes are shared and forwarded. When the
 * link they were sent no longer works, a new one comes with the e-mail.
 */
async function tellRespondent(ctx: ServiceContext, change: CaseChange, respondent: PartyRow, signature: string): Promise<boolean> {
  if (!respondent.email) return false;
  const now = ctx.clock.now();
  let portalLink: string | null = null;
  if (!(await hasLivePartyLink(change.trx, respondent.id, now.toISOString()))) {
    const token = await createPartyLink(ctx, change.trx, respondent);
    change.record({ type: 'portal_link_issued', partyId: respondent.id, by: 'email' });
    portalLink = portalEntryUrl(ctx, token);
  }
  await queueMail(change.trx, ctx, {
    template: 'message_to_respondent',
    to: respondent.email,
    at: now.toISOString(),
    values: { name: respondent.name, reference: change.caseRow.reference, sender: signature.toLowerCase(), portalLink },
  });
  change.queuedMail();
  return true;
}

/**
 * A named complainant has no portal: their contact with the complaints team
 * is by e-mail, the channel they chose when they complained, and they already
 * receive its updates that way. So the message goes with its text.
 */
async function emailComplainant(ctx: ServiceContext, change: CaseChange, signature: string, body: string): Promise<boolean> {
  const { caseRow } = change;
  if (!caseRow.complainant_email) return false;
  await queueMail(change.trx, ctx, {
    template: 'message_to_complainant',
    to: caseRow.complainant_email,
    values: { name: caseRow.complainant_name, reference: caseRow.reference, sender: signature.toLowerCase(), message: body },
  });
  change.queuedMail();
  return true;
}

/**
 * A member of staff writes on a case: to a party (who reads it in their
 * portal, on the status page, or by e-mail), or as a note only staff see
 * (in a party's thread, or about no party). Anyone who may open the case may
 * write; a party who could not read the message is refused, not left waiting.
 */
export async function sendCaseMessage(options: { ctx: ServiceContext; staff: Staff; caseId: string; recipient: string; visibility: string; body: string }): Promise<{ messageId: string }> {
  const { ctx, staff } = options;
  const issues: FieldIssue[] = [];
  const body = checkBody(options.body, issues);
  const recipient = (MESSAGE_RECIPIENTS as readonly string[]).includes(options.recipient) ? (options.recipient as MessageRecipient) : null;
  const visibility = (MESSAGE_VISIBILITIES as readonly string[]).includes(options.visibility) ? (options.visibility as MessageVisibility) : null;
  if (!recipient) issues.push({ field: 'recipient', message: 'Choose who the message is for: the respondent, the complainant or staff only.' });
  if (!visibility) issues.push({ field: 'visibility', message: 'Choose who may read the message.' });
  if (recipient === 'staff' && visibility === 'party') issues.push({ field: 'visibility', message: 'A message for staff only cannot be shown to a party: choose staff on the case, or an internal note.' });
  assertNoIssues(issues, 'The message needs correcting.');
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.message',
    what: 'send messages on cases',
    change: async (change) => {
      const { trx, caseRow } = change;
      const parties = await listParties(trx, caseRow.id);
      const role = await authorRole(trx, caseRow.id, staff);
      const author = { authorUserId: staff.userId, authorPartyId: null, authorRole: role, body };
      if (recipient === 'staff') {
        const messageId = await insertMessage(ctx, change, { ...author, direction: 'internal', visibility: visibility!, partyId: null, partyRole: null });
        change.record({ type: 'message_sent', messageId, direction: 'internal', visibility: visibility!, partyRole: null, partyId: null, emailed: false });
        return { messageId };
      }
      const info = (await recipientsOf(ctx, trx, caseRow, parties)).find((candidate) => candidate.role === recipient)!;
      const party = parties.find((candidate) => candidate.role === recipient);
      if (recipient === 'respondent' && !party) throw new DomainError('rule_violated', info.how, [{ field: 'recipient', message: info.how }]);
      const toParty = visibility === 'party';
      if (toParty && !info.reachable) throw new DomainError('rule_violated', info.how, [{ field: 'recipient', message: info.how }]);
      const direction: MessageDirection = toParty ? 'to_party' : 'internal';
      const partyId = party?.id ?? null;
      const messageId = await insertMessage(ctx, change, { ...author, direction, visibility: visibility!, partyId, partyRole: recipient });
      let emailed = false;
      if (toParty) {
        if (recipient === 'respondent') emailed = await tellRespondent(ctx, change, party!, signatureOf(role));
        else if (!caseRow.anonymous) emailed = await emailComplainant(ctx, change, signatureOf(role), body);
      }
      change.record({ type: 'message_sent', messageId, direction, visibility: visibility!, partyRole: recipient, partyId, emailed });
      return { messageId };
    },
  });
}

/**
 * Enters a message a party sent outside Redress (a named complainant's
 * e-mail, a letter, a call) into their thread, so the conversation reads
 * whole. The record keeps who entered it.
 */
export async function recordReceivedMessage(options: { ctx: ServiceContext; staff: Staff; caseId: string; from: string; body: string }): Promise<{ messageId: string }> {
  const { ctx, staff } = options;
  const issues: FieldIssue[] = [];
  const body = checkBody(options.body, issues);
  const from = options.from === 'respondent' || options.from === 'complainant' ? options.from : null;
  if (!from) issues.push({ field: 'from', message: 'Choose who sent the message: the respondent or the complainant.' });
  assertNoIssues(issues, 'The message needs correcting.');
  return changeCase({
    ctx,
    staff,
    caseId: options.caseId,
    permission: 'cases.message',
    what: 'record messages on cases',
    change: async (change) => {
      const party = (await listParties(change.trx, change.caseRow.id)).find((candidate) => candidate.role === from);
      if (from === 'respondent' && !party) {
        throw new DomainError('rule_violated', 'The respondent has not been given notice, so there is no thread with them yet.', [{ field: 'from', message: 'Give the respondent notice first.' }]);
      }
      const partyId = party?.id ?? null;
      const messageId = await insertMessage(ctx, change, { direction: 'from_party', visibility: 'party', partyId, partyRole: from!, authorUserId: staff.userId, authorPartyId: partyId, authorRole: null, body });
      change.record({ type: 'message_recorded', messageId, partyRole: from!, partyId });
      return { messageId };
    },
  });
}

function toStaffMessage(caseRow: CaseRow, row: CaseMessageWithAuthors): StaffMessage {
  const partyRole = row.party_role === 'respondent' || row.party_role === 'complainant' ? row.party_role : null;
  const direction = row.direction as MessageDirection;
  const partyName =
    row.author_party_name ??
    (partyRole === 'complainant' ? (caseRow.anonymous ? 'The anonymous complainant' : (caseRow.complainant_name ?? 'The complainant')) : partyRole === 'respondent' ? 'The respondent' : 'A party');
  const fromParty = direction === 'from_party';
  return {
    id: row.id,
    direction,
    visibility: row.visibility as MessageVisibility,
    partyRole,
    authorName: fromParty ? partyName : (row.author_user_name ?? 'A former member of staff'),
    signedAs: !fromParty && partyRole !== null ? signatureOf(row.author_role) : null,
    recordedBy: fromParty && row.author_user_id !== null ? (row.author_user_name ?? 'a former member of staff') : null,
    body: row.body,
    sentAt: row.sent_at,
    delivery:
      direction !== 'to_party'
        ? null
        : row.read_by_party_at
          ? { status: 'read', at: row.read_by_party_at }
          : partyRole === 'complainant' && !caseRow.anonymous
            ? { status: 'emailed' }
            : { status: 'unread' },
  };
}

/**
 * Every message on a case, for the staff who may open it, with how each
 * party can be reached. The case page's own read is what it records; the API
 * asks for the read of the messages to be recorded (`recordRead`).
 */
export async function listCaseMessages(options: { ctx: ServiceContext; staff: Staff; caseId: string; recordRead?: boolean }): Promise<CaseMessagesView> {
  const { ctx, staff } = options;
  const load = async (db: Executor, caseRow: CaseRow): Promise<CaseMessagesView> => {
    const [rows, parties] = await Promise.all([listMessageRows(db, caseRow.id), listParties(db, caseRow.id)]);
    return { messages: rows.map((row) => toStaffMessage(caseRow, row)), recipients: await recipientsOf(ctx, db, caseRow, parties) };
  };
  if (options.recordRead) {
    return recordingRefusedAccess(ctx, staff, 'read the messages', () => runCaseChange({
      ctx,
      caseId: options.caseId,
      actor: staffActor(staff),
      authorise: (trx, caseRow) => assertCanReadCase(trx, ctx, staff, caseRow),
      change: async (change) => {
        const view = await load(change.trx, change.caseRow);
        change.record({ type: 'messages_read', messageIds: view.messages.map((message) => message.id) });
        return view;
      },
    }));
  }
  const caseRow = await findCaseById(ctx.db, options.caseId);
  if (!caseRow) throw new DomainError('not_found', 'There is no such case.');
  await assertCanReadCase(ctx.db, ctx, staff, caseRow);
  return load(ctx.db, caseRow);
}

/**
 * A party's thread as they see it, in the caller's change: staff messages
 * signed by role, and their own. Messages to them not read before are marked
 * read, and that read is recorded.
 */
/**
 * Which messages make up a party's thread: the complainant has one thread
 * however they reach it (receipt code, e-mail or their case page); every
 * other party has their own.
 */
export function threadOf(party: { id: string; role: string }): { partyId: string } | { partyRole: 'complainant' } {
  return party.role === 'complainant' ? { partyRole: 'complainant' } : { partyId: party.id };
}

export async function readPartyThread(ctx: ServiceContext, change: CaseChange, thread: { partyId: string } | { partyRole: 'complainant' }): Promise<PartyMessage[]> {
  const rows = await listPartyThread(change.trx, change.caseRow.id, thread);
  const unread = rows.filter((row) => row.direction === 'to_party' && row.read_by_party_at === null).map((row) => row.id);
  if (unread.length > 0) {
    await markMessagesReadByParty(change.trx, unread, ctx.clock.now().toISOString());
    change.record({ type: 'messages_read', messageIds: unread });
  }
  return rows.map((row) => ({ id: row.id, mine: row.direction === 'from_party', signedBy: row.direction === 'from_party' ? 'You' : signatureOf(row.author_role), body: row.body, sentAt: row.sent_at }));
}

/** A party writes to the staff on their case through their portal. */
export async function sendPartyMessage(options: { ctx: ServiceContext; token: string; body: string }): Promise<{ messageId: string }> {
  const { ctx } = options;
  const body = requireBody(options.body);
  return changeCaseAsParty({
    ctx,
    token: options.token,
    change: async (change, party, holder) => {
      // The thread is the party's; the author is whoever holds the link (the party, or their representative).
      const messageId = await insertMessage(ctx, change, { direction: 'from_party', visibility: 'party', partyId: party.id, partyRole: party.role, authorUserId: null, authorPartyId: holder.id, authorRole: null, body });
      change.record({ type: 'message_sent', messageId, direction: 'from_party', visibility: 'party', partyRole: party.role, partyId: party.id, emailed: false });
      return { messageId };
    },
  });
}

/** A party's messages, through their portal token. */
export async function listPartyMessages(options: { ctx: ServiceContext; token: string }): Promise<PartyMessage[]> {
  return changeCaseAsParty({ ctx: options.ctx, token: options.token, change: (change, party) => readPartyThread(options.ctx, change, threadOf(party)) });
}

/**
 * A change made by the holder of a receipt code: the anonymous complainant.
 * An unknown code is refused with the words the status check uses, so the
 * two cannot be told apart; the routes are rate-limited.
 */
async function changeCaseByReceipt<T>(ctx: ServiceContext, receiptCode: string, change: (change: CaseChange) => Promise<T>): Promise<T> {
  const digits = normaliseReceiptCode(receiptCode);
  if (!digits) throw new DomainError('validation_failed', 'A receipt code is 16 digits.', [{ field: 'receiptCode', message: 'Enter the 16-digit code you were given.' }]);
  const found = await findCaseByReceiptHash(ctx.db, await hashReceiptCode(digits, ctx.receiptSalt));
  if (!found) throw new DomainError('not_found', NO_RECEIPT_MATCH);
  return runCaseChange({ ctx, caseId: found.id, actor: { kind: 'receipt_holder' }, authorise: async () => {}, change });
}

/** The anonymous complainant's messages, read with their receipt code. */
export async function readMessagesByReceipt(options: { ctx: ServiceContext; receiptCode: string }): Promise<PartyMessage[]> {
  return changeCaseByReceipt(options.ctx, options.receiptCode, (change) => readPartyThread(options.ctx, change, { partyRole: 'complainant' }));
}

/** The anonymous complainant writes to the staff on their case, with their receipt code. */
export async function replyByReceipt(options: { ctx: ServiceContext; receiptCode: string; body: string }): Promise<{ messageId: string }> {
  const { ctx } = options;
  const body = requireBody(options.body);
  return changeCaseByReceipt(ctx, options.receiptCode, async (change) => {
    const messageId = await insertMessage(ctx, change, { direction: 'from_party', visibility: 'party', partyId: null, partyRole: 'complainant', authorUserId: null, authorPartyId: null, authorRole: null, body });
    change.record({ type: 'message_sent', messageId, direction: 'from_party', visibility: 'party', partyRole: 'complainant', partyId: null, emailed: false });
    return { messageId };
  });
}
