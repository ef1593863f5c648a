import { describe, expect, it } from 'vitest';
import type { Sanction } from '../due-process/decision.js';
import { screenCandidate, type CaseTouchPoints } from '../due-process/panel.js';
import { INDEPENDENT_BARRED_AT_DRAW, classifyScreeningReason, clauseConsistency, countByCategory, formatShare, maskScreeningReason, seatConflicts, type ClauseFinding } from './fairness.js';

const TOUCH_POINTS: CaseTouchPoints = [
  { label: "the respondent's name", value: 'Councillor Fictional' },
  { label: "the respondent's membership number", value: 'M-1001' },
  { label: "the respondent's unit", value: 'North Branch' },
];

/** The reasons the draw itself records, for a member who is involved, untrained and related to the respondent. */
const drawReasons = screenCandidate({
  candidate: {
    userId: 'u1',
    name: 'Pat Panel',
    roles: ['member'],
    interests: [{ kind: 'relationship', value: 'Cousin of Councillor Fictional', endedOn: null }],
    trainings: [],
  },
  touchPoints: TOUCH_POINTS,
  involvedUserIds: new Set(['u1']),
  requiredTraining: ['Due process and the code of conduct'],
  coolingOffYears: 5,
  today: '2026-03-02',
}).reasons;

describe('screening reasons', () => {
  it('sorts the reasons the draw records into categories', () => {
    expect(drawReasons.map((reason) => classifyScreeningReason(reason).category)).toEqual(['involved', 'training', 'interest_relationship']);
    expect(classifyScreeningReason(INDEPENDENT_BARRED_AT_DRAW).category).toBe('independent_barred');
    expect(classifyScreeningReason('Something new.').category).toBe('other');
  });

  it('masks an interest’s reason down to fixed words: no name, number or quoted value survives', () => {
    const interest = drawReasons[2]!;
    expect(interest).toContain('Councillor Fictional');
    const masked = maskScreeningReason(interest, true);
    expect(masked).toBe("Declared relationship with a person touches the respondent's name (details masked).");
    expect(maskScreeningReason(interest, false)).toBe(interest);
    expect(maskScreeningReason(drawReasons[0]!, true)).toBe(drawReasons[0]);
    // A value with quotes of its own cannot smuggle text through.
    expect(maskScreeningReason('Declared office held "Chair of "M-1001" touches" touches oddly.', true)).toBe('Declared office held touches a party or the case (details masked).');
  });

  it('counts each exclusion once per category, the most frequent first', () => {
    expect(countByCategory([drawReasons, [drawReasons[2]!, drawReasons[2]!], [INDEPENDENT_BARRED_AT_DRAW]])).toEqual([
      { category: 'interest_relationship', label: 'Declared interest: relationship with a person', count: 2 },
      { category: 'involved', label: 'Already involved in the case', count: 1 },
      { category: 'training', label: 'No training in date', count: 1 },
      { category: 'independent_barred', label: 'Political activity within the cooling-off period (independent seats)', count: 1 },
    ].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)));
  });
});

describe('seat conflicts', () => {
  const seat = { userId: 'u2', poolRole: 'member' as const, seatedOn: '2026-03-10', until: '2026-03-20', touchPoints: TOUCH_POINTS, involved: false, coolingOffYears: 5 };
  const relationship = (declaredOn: string, endedOn: string | null = null) => ({ kind: 'relationship' as const, value: 'Councillor Fictional', declaredOn, endedOn });

  it('finds an interest touching a party held at any time while the seat was held', () => {
    expect(seatConflicts({ ...seat, interests: [relationship('2025-01-01')] })).toHaveLength(1);
    // Declared after the draw but before the panel decided.
    expect(seatConflicts({ ...seat, interests: [relationship('2026-03-15')] })[0]).toContain("touches the respondent's name");
  });

  it('ignores an interest declared only after the panel finished, or ended before the member was seated', () => {
    expect(seatConflicts({ ...seat, interests: [relationship('2026-03-21')] })).toEqual([]);
    expect(seatConflicts({ ...seat, interests: [relationship('2025-01-01', '2026-03-09')] })).toEqual([]);
    expect(seatConflicts({ ...seat, interests: [{ ...relationship('2025-01-01'), value: 'Somebody Else' }] })).toEqual([]);
  });

  it('reports other involvement in the case, and an independent seat held too soon after political activity', () => {
    expect(seatConflicts({ ...seat, interests: [], involved: true }).map((reason) => classifyScreeningReason(reason).category)).toEqual(['involved']);
    const political = { kind: 'political_activity' as const, value: 'Candidate for the council', declaredOn: '2024-01-01', endedOn: '2024-05-01' };
    expect(seatConflicts({ ...seat, poolRole: 'lay', interests: [political] }).map((reason) => classifyScreeningReason(reason).category)).toEqual(['independent_barred']);
    expect(seatConflicts({ ...seat, poolRole: 'member', interests: [political] })).toEqual([]);
  });
});

describe('sanction consistency per clause', () => {
  const catalogue: Sanction[] = [
    { id: 'no_action', label: 'No action', severity: 0, months: 'none', membershipEffect: 'none', education: false },
    { id: 'formal_warning', label: 'Formal warning', severity: 2, months: 'none', membershipEffect: 'none', education: false },
    { id: 'education_course', label: 'Mandatory education course', severity: 3, months: 'none', membershipEffect: 'none', education: true },
    { id: 'expulsion', label: 'Expulsion', severity: 5, months: 'required', membershipEffect: 'expelled', education: false },
  ];
  const finding = (decisionId: string, sanctionId: string, overrides: Partial<ClauseFinding> = {}): ClauseFinding => ({
    decisionId,
    clauseKey: 'pack#c1',
    finding: 'upheld',
    sanctionId,
    status: 'in_force',
    outsideUsualRange: false,
    ...overrides,
  });

  it('counts decisions, the sanctions for upheld findings, the usual range and the departures', () => {
    const [clause] = clauseConsistency(
      [
        finding('d1', 'education_course'),
        finding('d1', 'education_course', { finding: 'partly_upheld' }),
        finding('d2', 'education_course'),
        finding('d3', 'no_action', { finding: 'not_upheld' }),
        finding('d4', 'expulsion', { outsideUsualRange: true }),
        finding('d5', 'formal_warning', { status: 'vetoed' }),
      ],
      catalogue,
      2,
    );
    expect(clause).toEqual({
      clauseKey: 'pack#c1',
      decisions: 5,
      upheld: 4,
      bySanction: [
        { sanctionId: 'formal_warning', label: 'Formal warning', count: 1 },
        { sanctionId: 'education_course', label: 'Mandatory education course', count: 2 },
        { sanctionId: 'expulsion', label: 'Expulsion', count: 1 },
      ],
      usualRange: { from: 'Mandatory education course', to: 'Expulsion' },
      outsideDecisionIds: ['d4'],
    });
    expect(clauseConsistency([finding('d1', 'education_course')], catalogue, 2)[0]!.usualRange).toBeNull();
  });

  it('writes a share as “n of m (p%)”', () => {
    expect(formatShare(14, 16)).toBe('14 of 16 (88%)');
    expect(formatShare(0, 0)).toBe('none yet');
  });
});
