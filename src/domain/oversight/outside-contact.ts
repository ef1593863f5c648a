import { z } from 'zod';
import { isLocalDate } from '../calendar/local-date.js';

/** How a contact from outside the process reached someone working on a case. */
export const CONTACT_CHANNELS = ['in_person', 'phone', 'email', 'text_message', 'social_media', 'letter', 'other'] as const;
export const CONTACT_CHANNEL_LABELS: Record<(typeof CONTACT_CHANNELS)[number], string> = {
  in_person: 'In person',
  phone: 'Phone call',
  email: 'E-mail',
  text_message: 'Text or messaging app',
  social_media: 'Social media',
  letter: 'Letter',
  other: 'Other',
};

export const REACHED_DECISION_MAKER = ['yes', 'no', 'unknown'] as const;
export const REACHED_LABELS: Record<(typeof REACHED_DECISION_MAKER)[number], string> = { yes: 'Yes', no: 'No', unknown: 'Not known' };

/**
 * An entry in the interference register. Received: recorded by the person
 * working on the case who was contacted (the contact is whoever approached
 * them). Declared: recorded by the person outside the process who made the
 * contact (they are the contact; they name whom they approached).
 */
export const ZOutsideContactInput = z.object({
  reference: z.string().trim().min(1, 'Enter the case reference, such as RDR-2026-000123.').max(40),
  contactName: z.string().trim().max(200).optional(),
  contactOffice: z.string().trim().min(2, 'Give the office or position the contact holds (for example "General Secretary", "MP", "none").').max(200),
  contactedName: z.string().trim().max(200).optional(),
  occurredAt: z
    .string()
    .trim()
    .refine((value) => {
      const match = /^(\d{4}-\d{2}-\d{2})(?:[ T]([01]\d|2[0-3]):[0-5]\d)?$/.exec(value);
      return match !== null && isLocalDate(match[1]!);
    }, 'Enter a real date (and time if known) like 2026-03-14 09:30.'),
  channel: z.enum(CONTACT_CHANNELS, { message: 'Choose how the contact was made.' }),
  content: z.string().trim().min(10, 'Write what was asked or said (at least 10 characters).').max(5000),
  reachedDecisionMaker: z.enum(REACHED_DECISION_MAKER, { message: 'Say whether it reached anyone deciding the case.' }),
});
