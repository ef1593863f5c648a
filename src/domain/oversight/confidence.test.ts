import { describe, expect, it } from 'vitest';
import { checkSurveyAnswers, confidenceResults, quarterLabel, quarterOf, type ResultCell, type SurveyResponse } from './confidence.js';

const response = (overrides: Partial<SurveyResponse> & { score?: number } = {}): SurveyResponse => {
  const score = overrides.score ?? 4;
  return { role: 'complainant', responseQuarter: '2026-Q1', scores: { fair: score, informed: score, timely: score, confidence: score }, comment: null, ...overrides };
};

describe('the confidence survey', () => {
  it('names quarters from local dates', () => {
    expect(['2026-01-01', '2026-03-31', '2026-04-01', '2026-09-30', '2026-12-31'].map(quarterOf)).toEqual(['2026-Q1', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(quarterLabel('2026-Q2')).toBe('April to June 2026');
  });

  it('suppresses a quarter and role with 4 responses, and shows one with 5', () => {
    const four = [1, 2, 4, 5].map((score) => response({ score }));
    const five = [...four, response({ score: 5, comment: 'The investigator kept me informed.' })];
    expect(confidenceResults(four, []).quarters).toEqual([{ quarter: '2026-Q1', cells: [{ role: 'complainant', suppressed: true }, { role: 'respondent', suppressed: true }] }]);
    const [quarter] = confidenceResults(five, []).quarters;
    expect(quarter!.cells[1]).toEqual({ role: 'respondent', suppressed: true });
    expect(quarter!.cells[0]).toMatchObject({ role: 'complainant', suppressed: false, responses: 5, comments: ['The investigator kept me informed.'] });
    const cell = quarter!.cells[0] as Extract<ResultCell, { suppressed: false }>;
    // (1 + 2 + 4 + 5 + 5) / 5 = 3.4; three of five agree (4 or 5).
    expect(cell.questions.map((question) => [question.id, question.mean, question.agreeingPercent])).toEqual([
      ['fair', 3.4, 60],
      ['informed', 3.4, 60],
      ['timely', 3.4, 60],
      ['confidence', 3.4, 60],
    ]);
  });

  it('groups by quarter of response and role, newest quarter first', () => {
    const responses = [...Array.from({ length: 5 }, () => response({ role: 'respondent', responseQuarter: '2026-Q2', score: 2 })), response({ responseQuarter: '2026-Q1' })];
    const { quarters } = confidenceResults(responses, []);
    expect(quarters.map((quarter) => quarter.quarter)).toEqual(['2026-Q2', '2026-Q1']);
    expect(quarters[0]!.cells.map((cell) => cell.suppressed)).toEqual([true, false]);
  });

  it('gives the response rate by quarter of closure and role', () => {
    const { responseRates } = confidenceResults([], [
      { role: 'respondent', quarter: '2026-Q1', answered: false, count: 3 },
      { role: 'complainant', quarter: '2026-Q1', answered: true, count: 1 },
      { role: 'complainant', quarter: '2026-Q1', answered: false, count: 3 },
      { role: 'complainant', quarter: '2026-Q2', answered: false, count: 2 },
    ]);
    expect(responseRates).toEqual([
      { quarter: '2026-Q2', role: 'complainant', invited: 2, answered: 0, percent: 0 },
      { quarter: '2026-Q1', role: 'complainant', invited: 4, answered: 1, percent: 25 },
      { quarter: '2026-Q1', role: 'respondent', invited: 3, answered: 0, percent: 0 },
    ]);
  });

  it('refuses a statement left unanswered or out of the scale, and a comment too long', () => {
    const { issues } = checkSurveyAnswers({ scores: { fair: '5', informed: '0', timely: '' }, comment: 'x'.repeat(2001) });
    expect(issues.map((issue) => issue.field)).toEqual(['informed', 'timely', 'confidence', 'comment']);
    expect(checkSurveyAnswers({ scores: { fair: '5', informed: '4', timely: '3', confidence: '1' }, comment: '  ' })).toEqual({
      scores: { fair: 5, informed: 4, timely: 3, confidence: 1 },
      comment: null,
      issues: [],
    });
  });
});
