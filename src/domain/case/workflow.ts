import { DomainError } from '../errors.js';

/**
 * The stages a case moves through and the actions that move it, as data.
 * Later processes (hearings, appeals) add stages and transitions here; the
 * use cases only ever ask the workflow whether a move is allowed.
 */
export type StageId = string;

export type StageDefinition = {
  id: StageId;
  label: string;
  /** Working days the stage may take; null for a stage with no limit (closed). */
  limitWorkingDays: number | null;
  terminal: boolean;
  /** Told to the complainant: what happens while the case is in this stage. */
  publicDescription: string;
};

/** Names of the checks a transition needs; each is a pure predicate over CaseFacts. */
export type GuardId =
  | 'clock_running'
  | 'triage_recorded'
  | 'within_jurisdiction'
  | 'investigator_assigned'
  | 'case_manager_assigned'
  | 'investigation_report_recorded'
  | 'respondent_heard'
  | 'panel_seated'
  | 'hearing_held_if_required'
  | 'appeal_window_open'
  | 'appeal_window_passed';

export type TransitionDefinition = {
  action: string;
  label: string;
  from: StageId[];
  to: StageId;
  guards: GuardId[];
};

export type Workflow = {
  stages: StageDefinition[];
  transitions: TransitionDefinition[];
};

/** What the guards need to know about a case, gathered by the use case. */
export type CaseFacts = {
  stage: StageId;
  clockPaused: boolean;
  triageRecorded: boolean;
  withinJurisdiction: boolean | null;
  assignedRoles: ReadonlySet<string>;
  investigationReportRecorded: boolean;
  /** The respondent was given notice and either answered or let the deadline pass. */
  respondentHeard: boolean;
  /** The panel for the current stage is drawn and every seat is filled by someone not recused. */
  panelSeated: boolean;
  hearingRequired: boolean;
  hearingHeld: boolean;
  /** True while today is within the appeal window; null when no window is running. */
  appealWindowOpen: boolean | null;
};

const GUARDS: Record<GuardId, (facts: CaseFacts) => string | null> = {
  clock_running: (facts) => (facts.clockPaused ? 'The case clock is paused; resume it before moving the case on.' : null),
  triage_recorded: (facts) => (facts.triageRecorded ? null : 'The triage checklist must be completed first.'),
  within_jurisdiction: (facts) =>
    facts.withinJurisdiction === false ? 'The triage found the complaint outside jurisdiction, so it cannot be investigated.' : null,
  investigator_assigned: (facts) =>
    facts.assignedRoles.has('investigator') ? null : 'An investigator must be assigned before the investigation opens.',
  case_manager_assigned: (facts) =>
    facts.assignedRoles.has('case_manager') ? null : 'A case manager must be assigned first.',
  investigation_report_recorded: (facts) =>
    facts.investigationReportRecorded ? null : "The investigator's report must be recorded before the case goes for decision.",
  respondent_heard: (facts) =>
    facts.respondentHeard ? null : 'The respondent must be given written notice and the chance to reply (until the response deadline) before the case goes for decision.',
  panel_seated: (facts) => (facts.panelSeated ? null : 'A full panel must be drawn, with every seat filled, first.'),
  hearing_held_if_required: (facts) =>
    !facts.hearingRequired || facts.hearingHeld ? null : 'A hearing is required in this case and has not been held.',
  appeal_window_open: (facts) => (facts.appealWindowOpen === true ? null : 'The appeal window has closed, so no appeal can be lodged.'),
  appeal_window_passed: (facts) => (facts.appealWindowOpen === false ? null : 'The appeal window is still open.'),
};

export const DEFAULT_STAGES: StageDefinition[] = [
  {
    id: 'received',
    label: 'Received',
    limitWorkingDays: 5,
    terminal: false,
    publicDescription: 'Your complaint has been received and acknowledged. It will be passed to triage.',
  },
  {
    id: 'triage',
    label: 'Triage',
    limitWorkingDays: 10,
    terminal: false,
    publicDescription: 'We are checking whether the complaint is within our rules, how urgent it is and whether any interim action is needed.',
  },
  {
    id: 'investigation',
    label: 'Investigation',
    limitWorkingDays: 40,
    terminal: false,
    publicDescription: 'An investigator is gathering the evidence and the accounts of the people involved.',
  },
  {
    id: 'decision',
    label: 'Decision',
    limitWorkingDays: 30,
    terminal: false,
    publicDescription: 'An independent panel, screened for conflicts of interest, will consider the case (at a hearing where one is held) and decide it with written reasons.',
  },
  {
    id: 'review',
    label: 'Independent review',
    limitWorkingDays: 10,
    terminal: false,
    publicDescription: "An independent reviewer is checking the panel's decision before it takes effect.",
  },
  {
    id: 'appeal_window',
    label: 'Open to appeal',
    limitWorkingDays: 10,
    terminal: false,
    publicDescription: 'The panel has decided. The parties may appeal within the appeal window; after it the decision is final.',
  },
  {
    id: 'appeal',
    label: 'Appeal',
    limitWorkingDays: 20,
    terminal: false,
    publicDescription: 'An appeal has been lodged and will be decided by a panel of people who have had nothing to do with the case.',
  },
  {
    id: 'closed',
    label: 'Closed',
    limitWorkingDays: null,
    terminal: true,
    publicDescription: 'The complaint has been concluded.',
  },
];

/** Withdrawal and merger are possible until a panel has decided; after that the decision stands. */
const OPEN_BEFORE_DECISION: StageId[] = ['received', 'triage', 'investigation', 'decision'];

export const DEFAULT_TRANSITIONS: TransitionDefinition[] = [
  { action: 'start_triage', label: 'Start triage', from: ['received'], to: 'triage', guards: ['clock_running'] },
  {
    action: 'open_investigation',
    label: 'Open an investigation',
    from: ['triage'],
    to: 'investigation',
    guards: ['clock_running', 'triage_recorded', 'within_jurisdiction', 'case_manager_assigned', 'investigator_assigned'],
  },
  { action: 'resolve_informally', label: 'Resolve informally', from: ['triage'], to: 'closed', guards: ['clock_running', 'triage_recorded'] },
  { action: 'close_at_triage', label: 'Close at triage', from: ['triage'], to: 'closed', guards: ['triage_recorded'] },
  {
    action: 'refer_for_decision',
    label: 'Refer for decision',
    from: ['investigation'],
    to: 'decision',
    guards: ['clock_running', 'investigation_report_recorded', 'respondent_heard'],
  },
  { action: 'record_decision', label: 'Record the decision', from: ['decision'], to: 'appeal_window', guards: ['clock_running', 'panel_seated', 'hearing_held_if_required'] },
  { action: 'confirm_decision', label: 'Confirm the decision', from: ['review'], to: 'appeal_window', guards: [] },
  { action: 'veto_decision', label: 'Veto the decision', from: ['review'], to: 'decision', guards: [] },
  { action: 'lodge_appeal', label: 'Lodge an appeal', from: ['appeal_window'], to: 'appeal', guards: ['appeal_window_open'] },
  { action: 'close_after_appeal_window', label: 'Close: no appeal in time', from: ['appeal_window'], to: 'closed', guards: ['appeal_window_passed'] },
  { action: 'decide_appeal', label: 'Decide the appeal', from: ['appeal'], to: 'closed', guards: ['clock_running', 'panel_seated'] },
  { action: 'order_rehearing', label: 'Order a re-hearing', from: ['appeal'], to: 'decision', guards: ['clock_running', 'panel_seated'] },
  { action: 'withdraw', label: 'Record withdrawal', from: OPEN_BEFORE_DECISION, to: 'closed', guards: [] },
  { action: 'merge', label: 'Merge into another case', from: OPEN_BEFORE_DECISION, to: 'closed', guards: [] },
];

/**
 * The workflow for one organisation: its stage limits, and the independent
 * review stage between decision and appeal only where it is configured.
 */
export function createWorkflow(options: { limits?: Partial<Record<StageId, number>>; independentReview?: boolean } = {}): Workflow {
  const review = options.independentReview ?? false;
  const stages = DEFAULT_STAGES.filter((stage) => review || stage.id !== 'review').map((stage) => {
    const limit = options.limits?.[stage.id];
    return limit === undefined || stage.terminal ? { ...stage } : { ...stage, limitWorkingDays: limit };
  });
  const transitions = DEFAULT_TRANSITIONS.filter((transition) => review || !transition.from.includes('review')).map((transition) => ({
    ...transition,
    to: review && transition.action === 'record_decision' ? 'review' : transition.to,
    from: [...transition.from],
    guards: [...transition.guards],
  }));
  return { stages, transitions };
}

export function findStage(workflow: Workflow, stageId: StageId): StageDefinition {
  const stage = workflow.stages.find((candidate) => candidate.id === stageId);
  if (!stage) throw new DomainError('not_found', `Unknown stage "${stageId}".`);
  return stage;
}

/** The transitions whose starting stage matches; the case page offers these. */
export function transitionsFrom(workflow: Workflow, stageId: StageId): TransitionDefinition[] {
  return workflow.transitions.filter((transition) => transition.from.includes(stageId));
}

/** Reasons the guards refuse the action, empty when it may go ahead. */
export function blockingReasons(transition: TransitionDefinition, facts: CaseFacts): string[] {
  return transition.guards.map((guard) => GUARDS[guard](facts)).filter((reason): reason is string => reason !== null);
}

/**
 * Returns the transition for `action` from the case's current stage, or throws
 * a domain error naming the rule that refuses it.
 */
export function authoriseTransition(workflow: Workflow, action: string, facts: CaseFacts): TransitionDefinition {
  const transition = workflow.transitions.find((candidate) => candidate.action === action);
  if (!transition) throw new DomainError('not_found', `Unknown action "${action}".`);
  if (!transition.from.includes(facts.stage)) {
    const stage = findStage(workflow, facts.stage);
    throw new DomainError('transition_not_allowed', `"${transition.label}" is not possible while the case is at the ${stage.label} stage.`);
  }
  const reasons = blockingReasons(transition, facts);
  if (reasons.length > 0) throw new DomainError('rule_violated', reasons.join(' '));
  return transition;
}
