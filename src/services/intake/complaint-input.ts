import { z } from 'zod';
import { isLocalDate } from '../../domain/calendar/local-date.js';
import { COMPLAINANT_RELATIONS } from '../../domain/complaint/complaint.js';
import { SHOW_WITH_OTHER_ISSUES } from '../cross-field-rules.js';

/**
 * The shape of a complaint, shared by the public form, the staff form and the
 * JSON API. Messages are written for the person filling in the form.
 */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Keep this under ${max} characters.`)
    .optional()
    .transform((value) => (value ? value : undefined));

const ZWebUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'Enter a full web address starting with https:// or http://.');

export const ZEvidenceLink = z.object({
  url: ZWebUrl,
  capturedAt: z.iso.datetime({ offset: true, message: 'Give the time the link was captured as a date and time.' }).optional(),
  description: optionalText(500),
});

export const ZComplaintInput = z
  .object({
    relation: z.enum(COMPLAINANT_RELATIONS, { message: 'Choose how you are connected to what happened.' }),
    anonymous: z.boolean().default(false),
    complainant: z
      .object({
        name: optionalText(200),
        email: z
          .string()
          .trim()
          .max(320)
          .optional()
          .transform((value) => (value ? value.toLowerCase() : undefined))
          .pipe(z.email('Enter an e-mail address like name@example.org.').optional()),
        phone: optionalText(40),
      })
      .prefault({}),
    respondent: z.object({
      name: z.string().trim().min(2, 'Enter the name of the person the complaint is about.').max(200),
      membershipNumber: optionalText(60),
      unit: optionalText(200),
    }),
    summary: z.string().trim().min(5, 'Give a short summary of at least 5 characters.').max(200, 'Keep the summary under 200 characters.'),
    description: z.string().trim().min(20, 'Describe what happened in at least 20 characters.').max(20000, 'Keep the description under 20,000 characters.'),
    incidentDate: z
      .string()
      .trim()
      .optional()
      .transform((value) => (value ? value : undefined))
      .refine((value) => value === undefined || isLocalDate(value), 'Enter the date as YYYY-MM-DD, for example 2026-03-14.'),
    location: optionalText(300),
    onlinePlatform: optionalText(100),
    onlineUrl: ZWebUrl.optional().or(z.literal('').transform(() => undefined)),
    perception: optionalText(2000),
    clauses: z.array(z.string().max(120)).max(20, 'Choose at most 20 clauses.').default([]),
    links: z.array(ZEvidenceLink).max(10, 'Give at most 10 links.').default([]),
  })
  .superRefine((complaint, context) => {
    if (complaint.anonymous) return;
    if (!complaint.complainant?.name) {
      context.addIssue({ code: 'custom', path: ['complainant', 'name'], message: 'Enter your name, or choose to complain anonymously.' });
    }
    if (!complaint.complainant?.email && !complaint.complainant?.phone) {
      context.addIssue({ code: 'custom', path: ['complainant', 'email'], message: 'Give an e-mail address or a phone number so we can reply, or choose to complain anonymously.' });
    }
  }, SHOW_WITH_OTHER_ISSUES);

export type ComplaintInput = z.output<typeof ZComplaintInput>;

/** An uploaded file; `field` is the form field it came in, where a form has several. */
export type EvidenceUpload = { filename: string; bytes: Uint8Array; field?: string };
