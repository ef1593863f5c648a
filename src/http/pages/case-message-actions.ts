import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { recordReceivedMessage, sendCaseMessage } from '../../services/due-process/case-messages.js';
import { text, type FormFields } from '../form-body.js';

type CaseAction = (options: { ctx: ServiceContext; staff: Staff; caseId: string; fields: FormFields }) => Promise<void>;

/** The case page's message forms, turned into the use cases' inputs. */
export const CASE_MESSAGE_ACTIONS: Record<string, CaseAction> = {
  messages: async (o) =>
    void (await sendCaseMessage({ ...o, recipient: text(o.fields, 'recipient') ?? '', visibility: text(o.fields, 'visibility') ?? '', body: text(o.fields, 'body') ?? '' })),
  'messages-received': async (o) => void (await recordReceivedMessage({ ...o, from: text(o.fields, 'from') ?? '', body: text(o.fields, 'body') ?? '' })),
};
