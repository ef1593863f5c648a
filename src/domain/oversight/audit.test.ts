import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkReview, drawSample, isFindingOverdue, reproduceSample, sampleStatus, seedIssue } from './audit.js';

const POPULATION = Array.from({ length: 40 }, (_, index) => `case-${String(index).padStart(3, '0')}`);
const CHECKLIST = [
  { id: 'acknowledged', question: 'Was the complaint acknowledged on time?' },
  { id: 'parties_told', question: 'Were both parties told the outcome?' },
];

describe('audit sampling', () => {
  it('draws the N cases with the lowest SHA-256 of seed:id, as anyone can recompute by hand', () => {
    const byHand = [...POPULATION]
      .map((id) => ({ id, rank: createHash('sha256').update(`seed-1:${id}`).digest('hex') }))
      .sort((a, b) => (a.rank < b.rank ? -1 : 1))
      .slice(0, 5)
      .map((entry) => entry.id);
    expect(drawSample({ seed: 'seed-1', population: POPULATION, size: 5 })).toEqual(byHand);
  });

  it('gives the same cases from the same seed whatever order the population was read in, and others from another seed', () => {
    const drawn = drawSample({ seed: 'abc', population: POPULATION, size: 8 });
    expect(drawSample({ seed: 'abc', population: [...POPULATION].reverse(), size: 8 })).toEqual(drawn);
    expect(drawSample({ seed: 'abd', population: POPULATION, size: 8 })).not.toEqual(drawn);
    expect(reproduceSample({ seed: 'abc', population: POPULATION, size: 8, drawn })).toEqual({ matches: true, cases: drawn });
    expect(reproduceSample({ seed: 'abc', population: POPULATION, size: 8, drawn: [...drawn].reverse() }).matches).toBe(false);
    // A population that lost a drawn case cannot give the recorded sample.
    expect(reproduceSample({ seed: 'abc', population: POPULATION.filter((id) => id !== drawn[0]), size: 8, drawn }).matches).toBe(false);
  });

  it('takes the whole population when it is smaller than the sample', () => {
    expect(drawSample({ seed: 'x', population: ['b', 'a'], size: 5 }).sort()).toEqual(['a', 'b']);
  });

  it('accepts a printable seed without spaces only', () => {
    expect(seedIssue('2026-lottery-07-12-19')).toBeNull();
    expect(seedIssue('has space')).not.toBeNull();
    expect(seedIssue('')).not.toBeNull();
    expect(seedIssue('x'.repeat(101))).not.toBeNull();
  });
});

describe('the audit checklist', () => {
  it('refuses an item left unanswered and an item not met without a note, naming each field', () => {
    const { issues } = checkReview(CHECKLIST, { acknowledged: { result: 'not_met', note: 'late' } });
    expect(issues.map((issue) => issue.field)).toEqual(['note.acknowledged', 'result.parties_told']);
    expect(checkReview(CHECKLIST, { acknowledged: { result: 'maybe', note: '' }, parties_told: { result: 'met', note: '' } }).issues.map((issue) => issue.field)).toEqual([
      'result.acknowledged',
    ]);
  });

  it('records every item answered, a note kept where given', () => {
    const { items, issues } = checkReview(CHECKLIST, {
      acknowledged: { result: 'not_met', note: '  Acknowledged after 9 working days.  ' },
      parties_told: { result: 'not_applicable', note: '' },
    });
    expect(issues).toEqual([]);
    expect(items).toEqual([
      { itemId: 'acknowledged', question: CHECKLIST[0]!.question, result: 'not_met', note: 'Acknowledged after 9 working days.' },
      { itemId: 'parties_told', question: CHECKLIST[1]!.question, result: 'not_applicable', note: null },
    ]);
  });

  it('flags a finding overdue only while it waits for an answer after its date', () => {
    expect(isFindingOverdue({ status: 'awaiting_answer', answerDueOn: '2026-03-30' }, '2026-03-31')).toBe(true);
    expect(isFindingOverdue({ status: 'awaiting_answer', answerDueOn: '2026-03-31' }, '2026-03-31')).toBe(false);
    expect(isFindingOverdue({ status: 'answered', answerDueOn: '2026-03-30' }, '2026-03-31')).toBe(false);
  });

  it('says where a sample stands', () => {
    expect(sampleStatus({ cases: 3, reviewed: 1, findings: [] })).toBe('Reviewing: 1 of 3 cases reviewed');
    expect(sampleStatus({ cases: 3, reviewed: 3, findings: [{ status: 'answered' }, { status: 'accepted' }] })).toBe('Reviewed; 1 finding open');
    expect(sampleStatus({ cases: 3, reviewed: 3, findings: [{ status: 'accepted' }] })).toBe('Complete');
  });
});
