import { describe, expect, it } from 'vitest';
import { describeRetentionPolicy, isDueForErasure, isUpheldOutcome, retentionDue, type RetentionPolicy } from './retention.js';

const POLICY: RetentionPolicy = { closedCaseYears: 7, notUpheldYears: null, bySanction: { expulsion: null } };

describe('the retention schedule', () => {
  it('erases a closed case seven years after closure by default', () => {
    const due = retentionDue({ closedOn: '2019-03-14', outcome: 'withdrawn', sanctionId: null }, POLICY);
    expect(due).toEqual({ rule: 'closed-7-years', dueOn: '2026-03-14' });
    expect(isDueForErasure(due, '2026-03-13')).toBe(false);
    expect(isDueForErasure(due, '2026-03-14')).toBe(true);
  });

  it('keeps a case whose standing sanction is kept indefinitely, however old', () => {
    const due = retentionDue({ closedOn: '1990-01-01', outcome: 'upheld', sanctionId: 'expulsion' }, POLICY);
    expect(due).toEqual({ rule: 'sanction-expulsion-indefinite', dueOn: null });
    expect(isDueForErasure(due, '2099-12-31')).toBe(false);
  });

  it('lets a sanction set its own number of years, before the other rules', () => {
    const policy = { ...POLICY, notUpheldYears: 2, bySanction: { formal_warning: 10 } };
    expect(retentionDue({ closedOn: '2020-02-29', outcome: 'upheld', sanctionId: 'formal_warning' }, policy)).toEqual({ rule: 'sanction-formal_warning-10-years', dueOn: '2030-02-28' });
    expect(retentionDue({ closedOn: '2020-01-10', outcome: 'upheld', sanctionId: 'suspension' }, policy)).toEqual({ rule: 'closed-7-years', dueOn: '2027-01-10' });
    expect(retentionDue({ closedOn: '2020-01-10', outcome: 'not_upheld', sanctionId: 'no_action' }, { ...policy, bySanction: { no_action: 1 } })).toEqual({ rule: 'sanction-no_action-1-year', dueOn: '2021-01-10' });
  });

  it('applies the not-upheld period to every case closed without an upheld finding, when it is set', () => {
    const policy = { ...POLICY, notUpheldYears: 3 };
    for (const outcome of ['not_upheld', 'withdrawn', 'closed_at_triage', 'appeal_allowed', null]) {
      expect(retentionDue({ closedOn: '2020-05-01', outcome, sanctionId: null }, policy)).toEqual({ rule: 'not-upheld-3-years', dueOn: '2023-05-01' });
    }
    for (const outcome of ['upheld', 'partly_upheld']) expect(retentionDue({ closedOn: '2020-05-01', outcome, sanctionId: null }, policy).rule).toBe('closed-7-years');
    expect(isUpheldOutcome('partly_upheld')).toBe(true);
    expect(isUpheldOutcome('resolved_informally')).toBe(false);
  });

  it('names every rule so the ledger accepts it as an erasure rule', () => {
    const rules = [
      retentionDue({ closedOn: '2020-01-01', outcome: null, sanctionId: null }, POLICY).rule,
      retentionDue({ closedOn: '2020-01-01', outcome: null, sanctionId: null }, { ...POLICY, notUpheldYears: 1 }).rule,
      retentionDue({ closedOn: '2020-01-01', outcome: 'upheld', sanctionId: 'expulsion' }, POLICY).rule,
    ];
    for (const rule of rules) expect(rule).toMatch(/^[a-z0-9_.-]{2,64}$/i);
  });

  it('describes the schedule in words, naming sanctions by their labels', () => {
    const lines = describeRetentionPolicy({ ...POLICY, bySanction: { expulsion: null, formal_warning: 1 } }, (id) => (id === 'expulsion' ? 'Expulsion' : 'Formal warning'));
    expect(lines).toEqual([
      'Open cases are never erased.',
      'Closed cases: personal data erased 7 years after the case closed.',
      'Cases closed without an upheld finding: as other closed cases.',
      'Cases where the sanction “Expulsion” stands: kept indefinitely.',
      'Cases where the sanction “Formal warning” stands: erased 1 year after the case closed.',
    ]);
  });
});
