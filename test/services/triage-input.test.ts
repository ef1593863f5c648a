import { describe, expect, it } from 'vitest';
import { ZTriageInput } from '../../src/services/cases/triage-input.js';

describe('the triage checklist', () => {
  it('names every problem at once: missing answers and the rules between answers', () => {
    const result = ZTriageInput.safeParse({ outcome: 'investigate', policeReferral: true });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(fields).toEqual(expect.arrayContaining(['withinJurisdiction', 'membershipStatus', 'riskLevel', 'interimActionNeeded', 'interimActionReasons', 'policeReferralNotes', 'caseManagerId', 'investigatorId']));
  });

  it('requires an explanation for an outcome the complainant is told about, and a reason to close', () => {
    const result = ZTriageInput.safeParse({
      withinJurisdiction: false,
      membershipStatus: 'member',
      riskLevel: 'low',
      interimActionNeeded: false,
      interimActionReasons: 'No risk to anyone at present.',
      policeReferral: false,
      outcome: 'close',
    });
    expect(result.error!.issues.map((issue) => issue.path.join('.')).sort()).toEqual(['closureReason', 'explanation']);
  });
});
