import type { LocalDate } from '../calendar/local-date.js';
import type { FieldIssue } from '../errors.js';
import { SMALL_CELL } from './small-numbers.js';

/**
 * The confidence survey offered to complainants and respondents when a case
 * closes, and its results by quarter. A response keeps only the role, the
 * quarter the case closed and the quarter it was given, never the case or
 * the person; results for fewer than MIN_CELL responses are suppressed, so a
 * cell can never be traced back to one person.
 */

export const SURVEY_ROLES = ['complainant', 'respondent'] as const;
export type SurveyRole = (typeof SURVEY_ROLES)[number];

export const SURVEY_ROLE_LABELS: Record<SurveyRole, string> = { complainant: 'Complainants', respondent: 'Respondents' };

export const SURVEY_QUESTIONS = [
  { id: 'fair', statement: 'I was treated fairly.' },
  { id: 'informed', statement: 'I was kept informed.' },
  { id: 'timely', statement: 'The case was handled in reasonable time.' },
  { id: 'confidence', statement: 'I have confidence in the complaints process.' },
] as const;
export type SurveyQuestionId = (typeof SURVEY_QUESTIONS)[number]['id'];

export const SCALE = [
  { value: 1, label: 'Strongly disagree' },
  { value: 2, label: 'Disagree' },
  { value: 3, label: 'Neither agree nor disagree' },
  { value: 4, label: 'Agree' },
  { value: 5, label: 'Strongly agree' },
] as const;

/** How long an invitation can be answered. */
export const SURVEY_VALID_DAYS = 60;

/** Results of fewer responses than this are not shown. */
export const MIN_CELL = SMALL_CELL;

export const MAX_COMMENT = 2000;

export type SurveyScores = Record<SurveyQuestionId, number>;

/** A calendar quarter, written `2026-Q1`. */
export function quarterOf(date: LocalDate): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** `2026-Q1` as people read it: `January to March 2026`. */
export function quarterLabel(quarter: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) return quarter;
  const months = ['January to March', 'April to June', 'July to September', 'October to December'][Number(match[2]) - 1];
  return `${months} ${match[1]}`;
}

/** Checks a survey as the form sends it: each statement answered 1 to 5, the comment optional. */
export function checkSurveyAnswers(raw: { scores: Partial<Record<string, string>>; comment: string }): { scores: SurveyScores; comment: string | null; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const scores = {} as SurveyScores;
  for (const question of SURVEY_QUESTIONS) {
    const value = Number(raw.scores[question.id]);
    if (!Number.isInteger(value) || value < 1 || value > 5) issues.push({ field: question.id, message: `Choose how far you agree: “${question.statement}”` });
    else scores[question.id] = value;
  }
  const comment = raw.comment.trim();
  if (comment.length > MAX_COMMENT) issues.push({ field: 'comment', message: `Keep the comment to ${MAX_COMMENT} characters.` });
  return { scores, comment: comment === '' ? null : comment, issues };
}

export type SurveyResponse = { role: SurveyRole; responseQuarter: string; scores: SurveyScores; comment: string | null };
/** Invitations of one role and quarter of closure, answered or not, counted. */
export type InvitationCount = { role: SurveyRole; quarter: string; answered: boolean; count: number };

export type QuestionResult = { id: SurveyQuestionId; statement: string; mean: number; agreeingPercent: number };

/** One quarter and role: suppressed below MIN_CELL responses, so only the fact that there were few is shown. */
export type ResultCell =
  | { role: SurveyRole; suppressed: true }
  | { role: SurveyRole; suppressed: false; responses: number; questions: QuestionResult[]; comments: string[] };

export type QuarterResults = { quarter: string; cells: ResultCell[] };

export type ResponseRate = { quarter: string; role: SurveyRole; invited: number; answered: number; percent: number };

export type ConfidenceResults = { quarters: QuarterResults[]; responseRates: ResponseRate[] };

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

function cellOf(role: SurveyRole, responses: readonly SurveyResponse[]): ResultCell {
  if (responses.length < MIN_CELL) return { role, suppressed: true };
  return {
    role,
    suppressed: false,
    responses: responses.length,
    questions: SURVEY_QUESTIONS.map((question) => {
      const values = responses.map((response) => response.scores[question.id]);
      return {
        id: question.id,
        statement: question.statement,
        mean: round(values.reduce((sum, value) => sum + value, 0) / values.length, 1),
        agreeingPercent: Math.round((100 * values.filter((value) => value >= 4).length) / values.length),
      };
    }),
    comments: responses.map((response) => response.comment).filter((comment): comment is string => comment !== null),
  };
}

/**
 * The survey's results: by quarter of response and role, the number of
 * responses, each statement's mean (1 to 5) and share agreeing (4 or 5),
 * with cells of fewer than MIN_CELL responses suppressed; and, by quarter of
 * closure and role, how many of those invited answered. Newest quarter first.
 */
export function confidenceResults(responses: readonly SurveyResponse[], invitations: readonly InvitationCount[]): ConfidenceResults {
  const quarters = [...new Set(responses.map((response) => response.responseQuarter))].sort().reverse();
  const invitedQuarters = [...new Set(invitations.map((invitation) => invitation.quarter))].sort().reverse();
  return {
    quarters: quarters.map((quarter) => ({
      quarter,
      cells: SURVEY_ROLES.map((role) => cellOf(role, responses.filter((response) => response.responseQuarter === quarter && response.role === role))),
    })),
    responseRates: invitedQuarters.flatMap((quarter) =>
      SURVEY_ROLES.flatMap((role) => {
        const counts = invitations.filter((invitation) => invitation.quarter === quarter && invitation.role === role);
        const invited = counts.reduce((sum, entry) => sum + entry.count, 0);
        const answered = counts.filter((entry) => entry.answered).reduce((sum, entry) => sum + entry.count, 0);
        return invited === 0 ? [] : [{ quarter, role, invited, answered, percent: Math.round((100 * answered) / invited) }];
      }),
    ),
  };
}
