import type { ServiceContext } from '../../services/context.js';
import type { Staff } from '../../services/staff.js';
import { decideAppeal, lodgeAppealOnBehalf } from '../../services/due-process/appeals.js';
import { drawPanel, recuseFromPanel } from '../../services/due-process/convene-panel.js';
import { recordPanelDecision } from '../../services/due-process/decide-case.js';
import { postponeHearing, recordHearing, scheduleHearing } from '../../services/due-process/hearings.js';
import { issueNotice } from '../../services/due-process/issue-notice.js';
import { reviewDecision } from '../../services/due-process/review-decision.js';
import { addSupporterForParty } from '../../services/due-process/supporters.js';
import { addHearingRecordings } from '../../services/due-process/hearing-recordings.js';
import { inviteComplainant } from '../../services/due-process/invite-complainant.js';
import type { EvidenceUpload } from '../../services/intake/complaint-input.js';
import { DomainError } from '../../domain/errors.js';
import { list, text, type FormFields } from '../form-body.js';

type CaseAction = (options: { ctx: ServiceContext; staff: Staff; caseId: string; fields: FormFields; files: EvidenceUpload[] }) => Promise<void>;

/** The values of fields named `<prefix>.<key>` (one level), by key. */
function byKey(fields: FormFields, prefix: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    const match = name.startsWith(`${prefix}.`) ? name.slice(prefix.length + 1) : null;
    if (match && !match.includes('.')) found[match] = text(fields, name) ?? '';
  }
  return found;
}

/** `<prefix>.<n>.<field>` groups in order of n, stopping at the first missing index. */
function rows(fields: FormFields, prefix: string): ((name: string) => string)[] {
  const result: ((name: string) => string)[] = [];
  for (let index = 0; Object.keys(fields).some((name) => name.startsWith(`${prefix}.${index}.`)); index++) {
    result.push((name) => text(fields, `${prefix}.${index}.${name}`) ?? '');
  }
  return result;
}

/** A whole number typed in a form, or null when left blank; anything else is kept as NaN for the use case to refuse. */
function optionalNumber(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  return /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}

/** The case page's due-process forms, turned into the use cases' inputs. */
export const DUE_PROCESS_ACTIONS: Record<string, CaseAction> = {
  notice: async (o) => {
    const { fields } = o;
    const evidence = Object.fromEntries(
      Object.entries(byKey(fields, 'evidence')).map(([id, choice]) => [
        id,
        {
          disclose: choice === 'disclose',
          redactionNote: text(fields, `evidence.${id}.redactionNote`) ?? null,
          withheldReason: text(fields, `evidence.${id}.withheldReason`) ?? null,
          redactedCopy: o.files.find((file) => file.field === `evidence.${id}.redactedCopy`) ?? null,
        },
      ]),
    );
    await issueNotice({
      ...o,
      notice: {
        respondent: {
          name: text(fields, 'respondent.name') ?? '',
          email: text(fields, 'respondent.email')?.trim() || null,
          membershipNumber: text(fields, 'respondent.membershipNumber') ?? null,
          unit: text(fields, 'respondent.unit') ?? null,
          affiliations: (text(fields, 'respondent.affiliations') ?? '').split(','),
        },
        coveringLetter: text(fields, 'coveringLetter') ?? '',
        particulars: byKey(fields, 'particulars'),
        evidence,
        identityWithheldReason: text(fields, 'identityWithheldReason')?.trim() || null,
      },
    });
  },
  'draw-panel': async (o) => void (await drawPanel(o)),
  recuse: async (o) => void (await recuseFromPanel({ ...o, userId: text(o.fields, 'userId') ?? '', reason: text(o.fields, 'reason') ?? '' })),
  hearing: async (o) => void (await scheduleHearing({ ...o, date: text(o.fields, 'date') ?? '', time: text(o.fields, 'time') ?? '', location: text(o.fields, 'location') ?? '' })),
  postpone: (o) => postponeHearing({ ...o, date: text(o.fields, 'date') ?? '', reason: text(o.fields, 'reason') ?? '' }),
  'record-hearing': (o) =>
    recordHearing({
      ...o,
      attendance: rows(o.fields, 'attendance').map((row) => ({ name: row('name'), role: row('role'), present: row('present') === 'yes' })),
      record: text(o.fields, 'record') ?? '',
    }),
  decision: async (o) => {
    const { fields } = o;
    await recordPanelDecision({
      ...o,
      decision: {
        findings: rows(fields, 'findings').map((row, index) => ({
          allegationId: row('allegationId'),
          finding: row('finding'),
          reasons: row('reasons'),
          examplesRelied: list(fields, `findings.${index}.examplesRelied`),
        })),
        reasons: text(fields, 'reasons') ?? '',
        sanctionId: text(fields, 'sanctionId') ?? '',
        sanctionMonths: optionalNumber(text(fields, 'sanctionMonths')),
        justification: text(fields, 'justification') ?? '',
      },
    });
  },
  'invite-complainant': (o) => inviteComplainant(o),
  recording: (o) => addHearingRecordings({ ctx: o.ctx, staff: o.staff, caseId: o.caseId, files: o.files }),
  supporter: (o) =>
    addSupporterForParty({ ...o, forRole: text(o.fields, 'forRole') ?? '', supporter: { kind: text(o.fields, 'kind') ?? '', name: text(o.fields, 'name') ?? '', email: text(o.fields, 'email')?.trim() || null } }),
  review: async (o) => {
    const verdict = text(o.fields, 'verdict');
    if (verdict !== 'confirm' && verdict !== 'veto') throw new DomainError('validation_failed', 'Give your verdict.', [{ field: 'verdict', message: 'Choose confirm or veto.' }]);
    await reviewDecision({ ...o, confirm: verdict === 'confirm', reasons: text(o.fields, 'reasons') ?? '' });
  },
  appeal: async (o) => {
    const appellant = text(o.fields, 'appellant');
    if (appellant !== 'respondent' && appellant !== 'complainant') {
      throw new DomainError('validation_failed', 'Say who appeals.', [{ field: 'appellant', message: 'Choose the respondent or the complainant.' }]);
    }
    await lodgeAppealOnBehalf({ ...o, appellant, appeal: { grounds: list(o.fields, 'grounds'), statement: text(o.fields, 'statement') ?? '' } });
  },
  'appeal-decision': (o) =>
    decideAppeal({
      ...o,
      decision: {
        outcome: text(o.fields, 'outcome') ?? '',
        reasons: text(o.fields, 'reasons') ?? '',
        sanctionId: text(o.fields, 'sanctionId') || null,
        sanctionMonths: optionalNumber(text(o.fields, 'sanctionMonths')),
      },
    }),
};
