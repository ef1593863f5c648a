import { z } from 'zod';
import { ROLES } from '../domain/access.js';

/**
 * The organisation's configuration file. Every field has a documented
 * default, so an empty file (or none) is a working configuration; see
 * docs/configuration.md for the meaning of each field.
 */
const ZStageLimits = z
  .object({
    received: z.number().int().min(1).max(60).default(5).describe('Working days to acknowledge and pass a complaint to triage.'),
    triage: z.number().int().min(1).max(60).default(10),
    investigation: z.number().int().min(1).max(250).default(40),
    decision: z.number().int().min(1).max(120).default(10),
  })
  .strict();

const ZClosureReason = z.object({ id: z.string().regex(/^[a-z0-9_]+$/, 'use lower-case letters, digits and _'), label: z.string().min(3) }).strict();

export const DEFAULT_CLOSURE_REASONS = [
  { id: 'outside_jurisdiction', label: 'Outside our jurisdiction' },
  { id: 'respondent_not_member', label: 'The person complained about is not a member' },
  { id: 'duplicate', label: 'Duplicate of another complaint' },
  { id: 'insufficient_information', label: 'Not enough information to proceed, after asking for more' },
  { id: 'no_breach_alleged', label: 'Even if true, the conduct would not breach the code' },
  { id: 'respondent_left', label: 'The person complained about has left the organisation' },
  { id: 'vexatious', label: 'Vexatious or malicious complaint' },
];

export const ZOrganisationConfig = z
  .object({
    organisation: z
      .object({
        name: z.string().min(2).default('Example Organisation'),
        referencePrefix: z.string().regex(/^[A-Z]{2,8}$/, 'use 2 to 8 capital letters').default('RDR'),
        timeZone: z
          .string()
          .refine((zone) => {
            try {
              new Intl.DateTimeFormat('en-GB', { timeZone: zone });
              return true;
            } catch {
              return false;
            }
          }, 'not a known IANA time zone (for example Europe/London)')
          .default('Europe/London'),
        contactEmail: z.email().default('complaints@example.org'),
      })
      .strict()
      .prefault({}),
    calendar: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/, 'use a two-letter country code such as GB').default('GB'),
        region: z.string().regex(/^[A-Z0-9]{1,4}$/).nullable().default('ENG'),
      })
      .strict()
      .prefault({}),
    timetable: z
      .object({
        stages: ZStageLimits.prefault({}),
        overallTargetMonths: z.number().int().min(1).max(36).default(4),
        dueSoonWorkingDays: z.number().int().min(1).max(20).default(5),
      })
      .strict()
      .prefault({}),
    codePacks: z
      .object({
        inForce: z
          .array(z.string().regex(/^[a-z0-9-]+@[A-Za-z0-9.-]+$/, 'write packs as id@version'))
          .min(1)
          .default(['ihra-wda@2016-05-26', 'example-rulebook@1']),
      })
      .strict()
      .prefault({}),
    closureReasons: z.array(ZClosureReason).min(1).default(DEFAULT_CLOSURE_REASONS),
    /** Filled in by the due-process work; kept so configuration files can already carry it. */
    sanctions: z.array(z.object({ id: z.string(), label: z.string() }).strict()).default([]),
    security: z
      .object({
        requireTotpForRoles: z.array(z.enum(ROLES)).default([]),
        maxFailedLogins: z.number().int().min(3).max(20).default(5),
        lockoutMinutes: z.number().int().min(1).max(1440).default(15),
        sessionHours: z.number().int().min(1).max(72).default(12),
      })
      .strict()
      .prefault({}),
    uploads: z
      .object({
        maxFileBytes: z.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
        maxFiles: z.number().int().min(1).max(20).default(5),
      })
      .strict()
      .prefault({}),
    ledger: z
      .object({
        origin: z
          .string()
          .regex(/^[^\s+]+$/, 'use one word without spaces or "+", for example complaints.example.org/ledger')
          .nullable()
          .default(null)
          .describe('The name of the log in its checkpoints; null derives it from REDRESS_PUBLIC_URL.'),
        checkpointEveryEntries: z.number().int().min(1).max(1_000_000).default(1000),
        checkpointEverySeconds: z.number().int().min(5).max(86_400).default(300),
      })
      .strict()
      .prefault({}),
    mail: z
      .object({
        from: z.string().min(3).default('Redress <no-reply@example.org>'),
        smtpUrl: z
          .string()
          .regex(/^smtps?:\/\//, 'use an smtp:// or smtps:// URL')
          .nullable()
          .default(null)
          .describe('Null writes each message as a file under the data directory instead of sending it.'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type OrganisationConfig = z.infer<typeof ZOrganisationConfig>;
