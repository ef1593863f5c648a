import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  authoriseTransition,
  blockingReasons,
  createWorkflow,
  DEFAULT_STAGES,
  findStage,
  transitionsFrom,
  type CaseFacts,
  type TransitionDefinition,
} from './workflow.js';

const workflow = createWorkflow();

/** A case at triage on which every guard holds; override one fact to break one guard. */
function facts(overrides: Partial<CaseFacts> = {}): CaseFacts {
  return {
    stage: 'triage',
    clockPaused: false,
    triageRecorded: true,
    withinJurisdiction: true,
    assignedRoles: new Set(['case_manager', 'investigator']),
    investigationReportRecorded: false,
    respondentHeard: false,
    panelSeated: false,
    hearingRequired: false,
    hearingHeld: false,
    appealWindowOpen: null,
    ...overrides,
  };
}

function refusal(action: string, caseFacts: CaseFacts): DomainError {
  try {
    authoriseTransition(workflow, action, caseFacts);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error(`expected "${action}" to be refused`);
}

describe('authoriseTransition', () => {
  it('allows opening an investigation when every guard holds', () => {
    const transition = authoriseTransition(workflow, 'open_investigation', facts());
    expect(transition.to).toBe('investigation');
  });

  it.each([
    ['start_triage', 'triage'],
    ['open_investigation', 'received'],
    ['open_investigation', 'investigation'],
    ['refer_for_decision', 'triage'],
    ['record_decision', 'investigation'],
    ['withdraw', 'closed'],
    ['merge', 'closed'],
  ])('refuses %s from the %s stage with transition_not_allowed', (action, stage) => {
    const error = refusal(action, facts({ stage, investigationReportRecorded: true }));
    expect(error.code).toBe('transition_not_allowed');
    expect(error.message).toContain(findStage(workflow, stage).label);
  });

  it.each<[string, Partial<CaseFacts>, string]>([
    ['the clock is paused', { clockPaused: true }, 'clock is paused'],
    ['no triage is recorded', { triageRecorded: false, withinJurisdiction: null }, 'triage checklist'],
    ['triage found it outside jurisdiction', { withinJurisdiction: false }, 'outside jurisdiction'],
    ['no investigator is assigned', { assignedRoles: new Set(['case_manager']) }, 'investigator must be assigned'],
    ['no case manager is assigned', { assignedRoles: new Set(['investigator']) }, 'case manager must be assigned'],
  ])('refuses to open an investigation when %s, with rule_violated naming the guard', (_, broken, reason) => {
    const error = refusal('open_investigation', facts(broken));
    expect(error.code).toBe('rule_violated');
    expect(error.message).toContain(reason);
  });

  it('names every failing guard at once', () => {
    const error = refusal('open_investigation', facts({ clockPaused: true, triageRecorded: false, withinJurisdiction: null, assignedRoles: new Set() }));
    expect(error.code).toBe('rule_violated');
    for (const reason of ['clock is paused', 'triage checklist', 'investigator must be assigned', 'case manager must be assigned']) {
      expect(error.message).toContain(reason);
    }
  });

  it('refuses to refer for decision until the report is recorded and the respondent has been heard', () => {
    const atInvestigation = facts({ stage: 'investigation', respondentHeard: true });
    const error = refusal('refer_for_decision', atInvestigation);
    expect(error.code).toBe('rule_violated');
    expect(error.message).toContain('report');
    const unheard = refusal('refer_for_decision', { ...atInvestigation, investigationReportRecorded: true, respondentHeard: false });
    expect(unheard.message).toContain('notice');
    expect(authoriseTransition(workflow, 'refer_for_decision', { ...atInvestigation, investigationReportRecorded: true }).to).toBe('decision');
  });

  it('refuses to record a decision while the clock is paused, without a full panel, or without a hearing that is required', () => {
    const ready = facts({ stage: 'decision', panelSeated: true });
    expect(refusal('record_decision', { ...ready, clockPaused: true }).code).toBe('rule_violated');
    expect(refusal('record_decision', { ...ready, panelSeated: false }).message).toContain('panel');
    expect(refusal('record_decision', { ...ready, hearingRequired: true }).message).toContain('hearing');
    expect(authoriseTransition(workflow, 'record_decision', { ...ready, hearingRequired: true, hearingHeld: true }).to).toBe('appeal_window');
    expect(authoriseTransition(workflow, 'record_decision', ready).to).toBe('appeal_window');
  });

  it('opens an appeal only inside the window, and closes the case only after it', () => {
    const inWindow = facts({ stage: 'appeal_window', appealWindowOpen: true });
    expect(authoriseTransition(workflow, 'lodge_appeal', inWindow).to).toBe('appeal');
    expect(refusal('close_after_appeal_window', inWindow).message).toContain('still open');
    const lapsed = { ...inWindow, appealWindowOpen: false };
    expect(refusal('lodge_appeal', lapsed).message).toContain('appeal window has closed');
    expect(authoriseTransition(workflow, 'close_after_appeal_window', lapsed).to).toBe('closed');
  });

  it('refuses withdrawal once a panel has decided', () => {
    for (const stage of ['appeal_window', 'appeal']) expect(refusal('withdraw', facts({ stage })).code).toBe('transition_not_allowed');
  });

  it('routes the decision through independent review only where it is configured', () => {
    const reviewed = createWorkflow({ independentReview: true });
    expect(authoriseTransition(reviewed, 'record_decision', facts({ stage: 'decision', panelSeated: true })).to).toBe('review');
    expect(authoriseTransition(reviewed, 'veto_decision', facts({ stage: 'review' })).to).toBe('decision');
    expect(workflow.stages.map((stage) => stage.id)).not.toContain('review');
    expect(refusal('confirm_decision', facts({ stage: 'review' })).code).toBe('not_found');
  });

  it('lets a withdrawal through from any open stage, even with the clock paused and nothing recorded', () => {
    for (const stage of ['received', 'triage', 'investigation', 'decision']) {
      const bare = facts({ stage, clockPaused: true, triageRecorded: false, withinJurisdiction: null, assignedRoles: new Set() });
      expect(authoriseTransition(workflow, 'withdraw', bare).to).toBe('closed');
    }
  });

  it('lets a case outside jurisdiction be closed at triage, but not resolved informally without triage', () => {
    expect(authoriseTransition(workflow, 'close_at_triage', facts({ withinJurisdiction: false, assignedRoles: new Set() })).to).toBe('closed');
    expect(refusal('resolve_informally', facts({ triageRecorded: false })).code).toBe('rule_violated');
  });

  it('refuses an unknown action with not_found', () => {
    expect(refusal('fast_track', facts()).code).toBe('not_found');
  });
});

describe('blockingReasons and transitionsFrom', () => {
  it('offers the transitions whose starting stage is the case’s stage', () => {
    expect(transitionsFrom(workflow, 'triage').map((transition) => transition.action)).toEqual([
      'open_investigation',
      'resolve_informally',
      'close_at_triage',
      'withdraw',
      'merge',
    ]);
    expect(transitionsFrom(workflow, 'closed')).toEqual([]);
  });

  it('lists nothing blocking when every guard holds', () => {
    const open = workflow.transitions.find((transition) => transition.action === 'open_investigation') as TransitionDefinition;
    expect(blockingReasons(open, facts())).toEqual([]);
    expect(blockingReasons(open, facts({ clockPaused: true }))).toHaveLength(1);
  });
});

describe('createWorkflow', () => {
  it('uses the default limits when none are given', () => {
    expect(workflow.stages.map((stage) => [stage.id, stage.limitWorkingDays])).toEqual([
      ['received', 5],
      ['triage', 10],
      ['investigation', 40],
      ['decision', 30],
      ['appeal_window', 10],
      ['appeal', 20],
      ['closed', null],
    ]);
  });

  it('overrides the limits it is given and keeps the others', () => {
    const custom = createWorkflow({ limits: { triage: 15, investigation: 60 } });
    expect(findStage(custom, 'triage').limitWorkingDays).toBe(15);
    expect(findStage(custom, 'investigation').limitWorkingDays).toBe(60);
    expect(findStage(custom, 'received').limitWorkingDays).toBe(5);
  });

  it('never gives the closed stage a limit', () => {
    const custom = createWorkflow({ limits: { closed: 5 } });
    expect(findStage(custom, 'closed').limitWorkingDays).toBeNull();
  });

  it('does not change the shared defaults', () => {
    const custom = createWorkflow({ limits: { triage: 15 } });
    custom.transitions[0]!.guards.push('triage_recorded');
    custom.transitions[0]!.from.push('closed');
    expect(DEFAULT_STAGES.find((stage) => stage.id === 'triage')!.limitWorkingDays).toBe(10);
    expect(createWorkflow().transitions[0]!.guards).toEqual(['clock_running']);
    expect(createWorkflow().transitions[0]!.from).toEqual(['received']);
  });

  it('refuses an unknown stage with not_found', () => {
    expect(() => findStage(workflow, 'review')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
