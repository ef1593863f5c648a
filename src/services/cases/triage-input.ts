import { z } from 'zod';
import { MEMBERSHIP_STATUSES, RISK_LEVELS, TRIAGE_OUTCOMES } from '../../domain/complaint/complaint.js';
import { SHOW_WITH_OTHER_ISSUES } from '../cross-field-rules.js';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

/** The triage checklist and its outcome. Each answer is required: a blank is not a "no". */
export const ZTriageInput = z
  .object({
    withinJurisdiction: z.boolean({ message: 'Say whether the complaint is within jurisdiction.' }),
    membershipStatus: z.enum(MEMBERSHIP_STATUSES, { message: "Record the respondent's membership status." }),
    riskLevel: z.enum(RISK_LEVELS, { message: 'Choose a risk level.' }),
    urgent: z.boolean().default(false),
    interimActionNeeded: z.boolean({ message: 'Record whether interim action is needed.' }),
    interimActionReasons: optionalText(4000),
    policeReferral: z.boolean({ message: 'Record whether the matter is referred to the police.' }),
    policeReferralNotes: optionalText(4000),
    outcome: z.enum(TRIAGE_OUTCOMES, { message: 'Choose the outcome of triage.' }),
    caseManagerId: optionalText(64),
    investigatorId: optionalText(64),
    closureReason: optionalText(64),
    explanation: optionalText(8000),
    notes: optionalText(8000),
  })
  .superRefine((input, context) => {
    const need = (condition: boolean, path: string, message: string) => {
      if (condition) context.addIssue({ code: 'custom', path: [path], message });
    };
    need(!input.interimActionReasons || input.interimActionReasons.length < 10, 'interimActionReasons', 'Give the reasons for the interim-action decision, whichever way it went (at least 10 characters).');
    need(input.policeReferral && !input.policeReferralNotes, 'policeReferralNotes', 'Record when and how the matter was referred to the police.');
    if (input.outcome === 'investigate') {
      need(!input.caseManagerId, 'caseManagerId', 'Choose the case manager who will run the investigation.');
      need(!input.investigatorId, 'investigatorId', 'Choose the investigator.');
    }
    if (input.outcome === 'close') need(!input.closureReason, 'closureReason', 'Choose the reason for closing the complaint.');
    if (input.outcome !== 'investigate') {
      need(!input.explanation || input.explanation.length < 20, 'explanation', 'Explain the outcome in at least 20 characters; the complainant is told this.');
    }
  }, SHOW_WITH_OTHER_ISSUES);

export type TriageInput = z.output<typeof ZTriageInput>;
