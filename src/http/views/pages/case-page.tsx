import { ROLE_LABELS, hasPermission, type Role } from '../../../domain/access.js';
import { actorName, type CaseEvent } from '../../../domain/case/case-event.js';
import { CHANNEL_LABELS, MEMBERSHIP_STATUSES, OUTCOME_LABELS, RELATION_LABELS, RISK_LEVELS, type Channel, type ComplainantRelation } from '../../../domain/complaint/complaint.js';
import type { CaseDetail } from '../../../services/cases/get-case.js';
import { Choices, CsrfField, RowAction, Select, TextArea, TextInput, type FormState } from '../components/forms.js';
import { ActionBox } from '../components/action-box.js';
import { DueProcessSection } from './due-process-section.js';
import { InterimMeasuresSection } from './interim-measures-section.js';
import type { InterimMeasuresView } from '../../../services/due-process/interim-measures.js';
import { CaseMessagesSection, describeMessageEvent } from './case-messages-section.js';
import type { CaseMessagesView } from '../../../services/due-process/case-messages.js';
import type { DueProcessView } from '../../../services/due-process/get-due-process.js';
import { Layout, type Viewer } from '../components/layout.js';
import { describeSpecialCategories } from '../../../domain/data-protection/special-category.js';
import { DataProtectionSection } from './data-protection-section.js';
import { DecisionSummarySection } from './decision-summary-section.js';
import type { CaseDecisionSummary } from '../../../services/publication/get-case-decision-summary.js';
import { formatDate, formatDateTime, humanise } from '../format.js';

export type { ActionForm } from '../components/action-box.js';
import type { ActionForm } from '../components/action-box.js';

type Props = {
  organisation: string;
  viewer: NonNullable<Viewer> & { userId: string };
  detail: CaseDetail;
  failed: ActionForm | null;
  people: { caseManagers: { value: string; label: string }[]; investigators: { value: string; label: string }[]; reviewers: { value: string; label: string }[] };
  closureReasons: { id: string; label: string }[];
  dueProcess: DueProcessView;
  interimMeasures: InterimMeasuresView;
  sanctions: { id: string; label: string }[];
  postponementWorkingDays: number;
  messages: CaseMessagesView;
  /** The anonymised summary of the decision for publication (published-decisions). */
  decisionSummary?: CaseDecisionSummary | undefined;
};

/** The actions shown open on the page; the rest sit under "Other actions" unless one of them was just refused. */
const PRIMARY_ACTIONS = new Set(['start-triage', 'triage', 'report']);

const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
];

function describeEvent(event: CaseEvent): string {
  if (event.erasedUnderRule) return `${humanise(event.type)} (details erased under retention rule ${event.erasedUnderRule}).`;
  switch (event.type) {
    case 'complaint_received':
      return `Complaint received by ${CHANNEL_LABELS[event.channel as Channel] ?? event.channel}${event.anonymous ? ', anonymously' : ''}.`;
    case 'complaint_acknowledged':
      return `Acknowledged (${event.by.join(' and ')}).`;
    case 'allegation_cited':
      return `Clause cited by the ${event.source}: ${event.packId} ${event.clauseId} (version ${event.packVersion}).`;
    case 'evidence_added':
      return event.kind === 'file' ? `Evidence file ${event.filename} (SHA-256 ${event.sha256?.slice(0, 12)}…).` : `Evidence link ${event.url}.`;
    case 'stage_changed':
      return `Moved from ${humanise(event.from)} to ${humanise(event.to)}${event.dueOn ? `; due ${formatDate(event.dueOn)}` : ''}.`;
    case 'triage_recorded':
      return `Triage recorded: ${event.withinJurisdiction ? 'within' : 'outside'} jurisdiction, ${humanise(event.membershipStatus).toLowerCase()}, ${event.riskLevel} risk, interim action ${event.interimActionNeeded ? 'needed' : 'not needed'}, police referral ${event.policeReferral ? 'made' : 'not made'}; outcome ${humanise(event.outcome).toLowerCase()}.`;
    case 'clock_paused':
      return `Clock paused: ${event.reason}`;
    case 'clock_resumed':
      return `Clock resumed: ${event.reason} (due ${formatDate(event.dueOnBefore)} → ${formatDate(event.dueOnAfter)}).`;
    case 'deadline_extended':
      return `Deadline extended by ${event.workingDays} working days (${formatDate(event.dueOnBefore)} → ${formatDate(event.dueOnAfter)}): ${event.reason}`;
    case 'case_assigned':
      return `${event.userName} assigned as ${humanise(event.role).toLowerCase()}.`;
    case 'case_linked':
      return `Linked to ${event.otherReference}.`;
    case 'case_merged':
      return `Merged into ${event.intoReference}.`;
    case 'case_absorbed':
      return `${event.fromReference} was merged into this case.`;
    case 'note_added':
      return `Note: ${event.text}`;
    case 'investigation_report_recorded':
      return `Investigation report: ${event.summary} Recommendation: ${event.recommendation}`;
    case 'decision_recorded':
      return `Decision: ${OUTCOME_LABELS[event.outcome] ?? event.outcome}. Reasons: ${event.reasons}`;
    case 'case_closed':
      return `Closed: ${OUTCOME_LABELS[event.outcome] ?? event.outcome}${event.reason ? ` (${humanise(event.reason).toLowerCase()})` : ''}. ${event.explanation}`;
    case 'payload_erased':
      return `The details of an earlier entry were erased under retention rule ${event.rule}; the ledger keeps its fingerprint.`;
    case 'case_viewed':
      return 'Opened the case.';
    case 'evidence_downloaded':
      return 'Downloaded an evidence file.';
    case 'status_checked_by_receipt':
      return 'Checked the status with the receipt code.';
    case 'portal_opened':
      return 'A party opened their case page.';
    case 'document_generated':
      return `Generated the ${humanise(event.document).toLowerCase()} (SHA-256 ${event.sha256.slice(0, 12)}…).`;
    case 'access_refused':
      return `Was refused: tried to ${event.attempted} without being assigned.`;
    case 'break_glass_opened':
      return `Opened the case with emergency (break-glass) access until ${formatDateTime(new Date(event.expiresAt))}. Reason: ${event.reason}`;
    case 'break_glass_ended':
      return 'Ended their emergency access.';
    case 'outside_contact_recorded':
      return `Outside contact no. ${event.number} recorded for the overseer.`;
    case 'special_category_flagged':
      return event.categories.length > 0
        ? `Special-category data flagged: ${describeSpecialCategories(event.categories)}. Reason: ${event.reason}`
        : `Special-category flags cleared. Reason: ${event.reason}`;
    case 'case_erased_under_retention':
      return `Personal data erased under retention rule ${event.rule}: ${event.payloadsErased} timeline entries, ${event.notesErased} note(s), ${event.messagesErased} message(s), ${event.evidenceErased} item(s) of evidence (${event.filesRemoved} file(s) deleted).`;
    case 'audit_sampled':
      return `Drawn into audit sample no. ${event.number}; the overseer may read the case for the audit.`;
    case 'audit_reviewed':
      return `Reviewed for audit sample no. ${event.number}: ${event.met} met, ${event.notMet} not met, ${event.notApplicable} not applicable.`;
    case 'subject_access_exported':
      return `Included in a subject access export (${event.format.toUpperCase()}) for the ${event.roles.map((role) => humanise(role).toLowerCase()).join(' and ')}.`;
    case 'decision_summary_drafted':
      return `${event.redraft ? 'Redrafted' : 'Drafted'} the anonymised summary of the decision for publication (${event.flags} anonymity flag(s)).`;
    case 'decision_summary_edited':
      return `${event.editorName} (publications editor) edited the summary for publication (${event.flags} anonymity flag(s)).`;
    case 'decision_summary_published':
      return `${event.editorName} (publications editor) approved the summary; published as decision ${event.number}${event.flagsAccepted ? ` with ${event.flagsAccepted} flag(s) marked not identifying` : ''}.`;
    case 'decision_summary_returned':
      return `${event.editorName} (publications editor) returned the summary to the drafter: ${event.reason}`;
    case 'decision_summary_withdrawn':
      return `${event.editorName} (publications editor) withdrew published decision ${event.number}: ${event.reason}`;
    // (descriptions of later event types go above this line)
    case 'message_sent':
      return describeMessageEvent(event);
    case 'message_recorded':
      return `Recorded a message the ${event.partyRole} sent outside Redress.`;
    case 'messages_read':
      return `Read ${event.messageIds.length} message(s).`;
    case 'party_added':
      return `${humanise(event.role)} added: ${event.name}.`;
    case 'notice_issued':
      return `Notice given to the respondent (${event.by.join(' and ')}): ${event.allegationIds.length} allegation(s), ${event.disclosedEvidenceIds.length} item(s) of evidence disclosed, ${event.withheldEvidence.length} withheld${event.identityWithheld ? `, complainant's identity withheld (${event.identityWithheldReason})` : ''}; response due ${formatDate(event.responseDueOn)}.`;
    case 'notice_answered':
      return `The respondent answered ${event.answeredAllegationIds.length} allegation(s)${event.evidenceIds.length ? ` with ${event.evidenceIds.length} file(s)` : ''}${event.hearingRequested ? ' and asked for a hearing' : ''}.`;
    case 'panel_drawn':
      return `${humanise(event.purpose)} panel drawn by ${event.method} (seed ${event.seed}): ${event.seats.map((seat) => `${seat.name} (${seat.seat}, ${seat.role})`).join(', ')}; ${event.excluded.length} pool member(s) excluded by screening.`;
    case 'panel_member_recused':
      return `${event.name} recused: ${event.reason}${event.replacement ? ` Replaced by ${event.replacement.name}.` : ' No replacement was available.'}`;
    case 'panel_dissolved':
      return `Panel stood down: ${event.reason}`;
    case 'hearing_scheduled':
      return `Hearing scheduled for ${formatDate(event.date)} at ${event.time}, ${event.location}.`;
    case 'hearing_postponed':
      return `Hearing postponed from ${formatDate(event.from)} to ${formatDate(event.to)}: ${event.reason}`;
    case 'hearing_held':
      return `Hearing held; present: ${event.attendance.filter((entry) => entry.present).map((entry) => entry.name).join(', ') || 'nobody recorded'}.`;
    case 'panel_decision_recorded':
      return `${event.kind === 'appeal' ? 'Appeal panel' : 'Panel'} decision: ${OUTCOME_LABELS[event.outcome] ?? event.outcome}; sanction ${humanise(event.sanctionId).toLowerCase()}${event.sanctionMonths ? ` (${event.sanctionMonths} months)` : ''}${event.outsideUsualRange ? `, outside the usual range: ${event.justification}` : ''}.`;
    case 'appeal_lodged':
      return `Appeal lodged by the ${event.appellantRole} on ${event.grounds.length} ground(s): ${event.grounds.map(humanise).join(', ').toLowerCase()}.`;
    case 'appeal_decided':
      return `Appeal decided: ${humanise(event.outcome)}. ${event.reasons}`;
    case 'portal_link_issued':
      return `A new case-page link was issued to a party (by ${event.by}); earlier links were revoked.`;
    case 'decision_reviewed':
      return `Independent review: the decision is ${event.confirmed ? 'confirmed' : 'vetoed, and goes to a newly drawn panel'}. ${event.reasons}`;
    case 'interim_measure_imposed':
      return `Interim measure imposed for up to ${event.weeks} week(s), from ${formatDate(event.startsOn)} to ${formatDate(event.endsOn)} at the latest: ${event.effects.map((effect) => effect.label).join('; ')}. Review due ${formatDate(event.reviewDueOn)}. Reasons: ${event.reasons}`;
    case 'interim_measure_reviewed':
      return `Interim measure reviewed: ${event.outcome === 'lifted' ? 'lifted' : `continued, next review due ${formatDate(event.nextReviewDueOn)}`}. Reasons: ${event.reasons}`;
    case 'interim_measure_ended':
      return `Interim measure ${event.how === 'lifted' ? 'lifted' : 'lapsed'}: ${event.reason}`;
  }
}

/** Emergency access is marked on the case for everyone who opens it; its holder can end it here. */
function EmergencyAccessBanner(props: { grants: CaseDetail['emergencyAccess']; viewer: Props['viewer']; caseId: string }) {
  if (props.grants.length === 0) return null;
  return (
    <section class="banner--emergency" aria-labelledby="emergency-title">
      <h2 id="emergency-title">Opened with emergency access</h2>
      <ul>
        {props.grants.map((grant) => (
          <li>
            {grant.user_name}, until {formatDateTime(grant.expires_at)}: {grant.reason}
            {grant.user_id === props.viewer.userId ? (
              <>
                {' '}
                <RowAction action={`/staff/cases/${props.caseId}/end-emergency-access`} csrfToken={props.viewer.csrfToken} label="End my emergency access" subject="to this case" />
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <p class="small">The overseer was told when it was opened. Everything done on the case is in its record.</p>
    </section>
  );
}

export function CasePage(props: Props) {
  const { detail, viewer } = props;
  const c = detail.caseRow;
  const roles = viewer.roles as Role[];
  const may = (permission: Parameters<typeof hasPermission>[1]) => hasPermission(roles, permission);
  const mine = (role: string) => detail.assignments.some((assignment) => assignment.user_id === viewer.userId && assignment.role === role);
  const open = !c.closed_at;
  const box = { failed: props.failed, viewer, caseId: c.id };
  const blocked = (action: string) => detail.actions.find((candidate) => candidate.action === action)?.blockedBy ?? [];
  return (
    <Layout title={c.reference} organisation={props.organisation} viewer={viewer}>
      <p class="caption">{c.reference}</p>
      <h1>{c.summary}</h1>
      <EmergencyAccessBanner grants={detail.emergencyAccess} viewer={viewer} caseId={c.id} />
      {may('contacts.record') ? (
        <p class="small">
          Contacted about this case by anyone outside the process? <a href={`/staff/contacts/new?reference=${encodeURIComponent(c.reference)}`}>Record the contact</a> for the independent overseer.
        </p>
      ) : null}
      {/* data-protection: section */}
      <DataProtectionSection caseRow={c} viewer={viewer} failed={props.failed} />
      <section class="clock" aria-label="Timetable">
        <p>
          Stage: <strong data-testid="case-stage">{detail.stage.label}</strong>
          {c.outcome ? (
            <>
              {' '}
              — outcome <strong data-testid="case-outcome">{OUTCOME_LABELS[c.outcome] ?? c.outcome}</strong>
            </>
          ) : null}
        </p>
        {open ? (
          <ul>
            <li>
              Stage due: <strong>{detail.clock.pausedSince ? `paused since ${formatDate(detail.clock.pausedSince)}` : formatDate(detail.clock.stageDueOn)}</strong>
              {detail.clock.overdue ? <span class="tag tag--overdue"> Overdue by {detail.clock.workingDaysOverdue} working days</span> : null}
            </li>
            <li>
              Acknowledgement due {formatDate(c.acknowledgement_due_on)}; {c.acknowledged_at ? `acknowledged ${formatDateTime(c.acknowledged_at)}` : 'not yet acknowledged'}.
            </li>
            <li>
              Overall target: {formatDate(detail.clock.overallDueOn)}
              {detail.clock.overallBreached ? <span class="tag tag--overdue"> Missed</span> : null}
            </li>
          </ul>
        ) : (
          <p>Closed {formatDateTime(c.closed_at)}.</p>
        )}
      </section>

      {open ? (
        <section aria-labelledby="actions-title" class="actions">
          <h2 id="actions-title">What can be done now</h2>
          {c.stage === 'received' && may('cases.triage') ? (
            <form method="post" action={`/staff/cases/${c.id}/start-triage`}>
              <CsrfField token={viewer.csrfToken} />
              <button type="submit" class="button">
                Start triage
              </button>
            </form>
          ) : null}
          {c.stage === 'triage' && may('cases.triage') ? (
            <ActionBox {...box} id="triage" action="triage" title="Triage checklist" submit="Record triage">
              {(form) => (
                <>
                  <Choices form={form} name="withinJurisdiction" label="Is the complaint within our jurisdiction?" required options={YES_NO} />
                  <Select form={form} name="membershipStatus" label="The respondent’s membership status" required placeholder="Choose" options={MEMBERSHIP_STATUSES.map((value) => ({ value, label: humanise(value) }))} />
                  <Select form={form} name="riskLevel" label="Risk" required placeholder="Choose" options={RISK_LEVELS.map((value) => ({ value, label: humanise(value) }))} />
                  <Choices form={form} name="urgent" label="Urgent?" required options={YES_NO} />
                  <Choices form={form} name="interimActionNeeded" label="Is interim action (such as suspension) needed?" required options={YES_NO} />
                  <TextArea form={form} name="interimActionReasons" label="Reasons for the interim-action decision" required rows={3} />
                  <Choices form={form} name="policeReferral" label="Referred to the police?" required options={YES_NO} />
                  <TextArea form={form} name="policeReferralNotes" label="Police referral details" rows={2} />
                  <Choices
                    form={form}
                    name="outcome"
                    label="Outcome of triage"
                    required
                    options={[
                      { value: 'investigate', label: 'Open an investigation' },
                      { value: 'resolve_informally', label: 'Resolve informally' },
                      { value: 'close', label: 'Close with a reason' },
                    ]}
                  />
                  <Select form={form} name="caseManagerId" label="Case manager (for an investigation)" placeholder="Choose" options={props.people.caseManagers} />
                  <Select form={form} name="investigatorId" label="Investigator (for an investigation)" placeholder="Choose" options={props.people.investigators} />
                  <Select form={form} name="closureReason" label="Reason for closing" placeholder="Choose" options={props.closureReasons.map((reason) => ({ value: reason.id, label: reason.label }))} />
                  <TextArea form={form} name="explanation" label="Explanation for the complainant (informal resolution or closure)" rows={3} />
                  <TextArea form={form} name="notes" label="Triage notes" rows={3} />
                </>
              )}
            </ActionBox>
          ) : null}
          {c.stage === 'investigation' && mine('investigator') ? (
            <ActionBox {...box} id="report" action="report" title="Investigation report" submit="Submit the report for decision">
              {(form) => (
                <>
                  {blocked('refer_for_decision').filter((reason) => !reason.includes('report')).map((reason) => (
                    <p class="warning">{reason}</p>
                  ))}
                  <TextArea form={form} name="summary" label="Findings of fact" hint="The report goes into the hearing bundle the respondent receives: do not name anyone whose identity is withheld." required rows={6} />
                  <TextArea form={form} name="recommendation" label="Recommendation" required rows={2} />
                </>
              )}
            </ActionBox>
          ) : null}
          <details class="more-actions" open={props.failed !== null && !PRIMARY_ACTIONS.has(props.failed.action)}>
            <summary>Other actions: clock, people, links, withdrawal, notes</summary>
            {may('cases.manage_clock') ? (
              <div class="clock-actions">
                {detail.clock.pausedSince ? (
                  <ActionBox {...box} id="resume" action="resume" title="Resume the clock" submit="Resume">
                    {(form) => <TextInput form={form} name="reason" label="Reason" required />}
                  </ActionBox>
                ) : (
                  <ActionBox {...box} id="pause" action="pause" title="Pause the clock" submit="Pause">
                    {(form) => <TextInput form={form} name="reason" label="Reason" hint="For example: awaiting the outcome of a police investigation." required />}
                  </ActionBox>
                )}
                <ActionBox {...box} id="extend" action="extend" title="Extend this stage" submit="Extend">
                  {(form) => (
                    <>
                      <TextInput form={form} name="workingDays" label="Working days" inputmode="numeric" width="short" required />
                      <TextInput form={form} name="reason" label="Reason (shown to the complainant)" required />
                    </>
                  )}
                </ActionBox>
              </div>
            ) : null}
            {may('cases.assign') ? (
              <ActionBox {...box} id="assign" action="assign" title="Assign someone" submit="Assign">
                {(form) => (
                  <>
                    <Select
                      form={form}
                      name="role"
                      label="Role on this case"
                      required
                      options={[
                        { value: 'case_manager', label: 'Case manager' },
                        { value: 'investigator', label: 'Investigator' },
                        { value: 'independent_reviewer', label: 'Independent reviewer' },
                      ]}
                    />
                    <Select form={form} name="userId" label="Person" required placeholder="Choose" options={[...props.people.caseManagers, ...props.people.investigators, ...props.people.reviewers]} />
                  </>
                )}
              </ActionBox>
            ) : null}
            {may('cases.link') ? (
              <>
                <ActionBox {...box} id="link" action="link" title="Link a related case" submit="Link">
                  {(form) => <TextInput form={form} name="reference" label="Reference of the other case" required />}
                </ActionBox>
                <ActionBox {...box} id="merge" action="merge" title="Merge this complaint into another case" submit="Merge and close this one">
                  {(form) => <TextInput form={form} name="reference" label="Reference of the case to merge into" required />}
                </ActionBox>
              </>
            ) : null}
            {may('cases.close') ? (
              <ActionBox {...box} id="withdraw" action="withdraw" title="Record a withdrawal" submit="Close as withdrawn">
                {(form) => <TextArea form={form} name="explanation" label="How and when the complainant withdrew" required rows={2} />}
              </ActionBox>
            ) : null}
            <ActionBox {...box} id="note" action="notes" title="Add a note" submit="Add the note">
              {(form) => <TextArea form={form} name="text" label="Note" required rows={3} />}
            </ActionBox>
          </details>
        </section>
      ) : null}

      {/* interim-measures: section */}
      <InterimMeasuresSection caseId={c.id} view={props.interimMeasures} viewer={viewer} failed={props.failed} />
      {/* case-messages: section */}
      <CaseMessagesSection caseId={c.id} messages={props.messages} viewer={viewer} failed={props.failed} />
      <DueProcessSection detail={detail} dueProcess={props.dueProcess} viewer={viewer} failed={props.failed} sanctions={props.sanctions} attendanceRows={4} postponementWorkingDays={props.postponementWorkingDays} />
      {/* published-decisions: section */}
      <DecisionSummarySection caseId={c.id} view={props.decisionSummary} viewer={viewer} failed={props.failed} />

      <section aria-labelledby="complaint-title">
        <h2 id="complaint-title">The complaint</h2>
        <dl class="summary-list">
          <dt>Received</dt>
          <dd>
            {formatDateTime(c.received_at)} by {CHANNEL_LABELS[c.channel as Channel] ?? c.channel}
          </dd>
          <dt>Complainant</dt>
          <dd>
            {c.anonymous ? 'Anonymous (receipt code issued)' : [c.complainant_name, c.complainant_email, c.complainant_phone].filter(Boolean).join(', ')} —{' '}
            {RELATION_LABELS[c.complainant_relation as ComplainantRelation] ?? c.complainant_relation}
          </dd>
          <dt>About</dt>
          <dd>{[c.respondent_name, c.respondent_membership_number, c.respondent_unit].filter(Boolean).join(', ')}</dd>
          <dt>When and where</dt>
          <dd>{[formatDate(c.incident_date), c.incident_location, c.online_platform, c.online_url].filter((part) => part && part !== '—').join('; ') || '—'}</dd>
          <dt>The complainant’s view of the conduct</dt>
          <dd>{c.complainant_perception ?? '—'}</dd>
        </dl>
        <p class="prewrap">{c.description}</p>
      </section>

      <section aria-labelledby="allegations-title">
        <h2 id="allegations-title">Clauses cited</h2>
        {detail.allegations.length === 0 ? <p>None cited yet.</p> : null}
        <ul>
          {detail.allegations.map((allegation) => (
            <li>
              <strong>
                {allegation.pack?.title ?? allegation.pack_id} (version {allegation.pack_version}), {allegation.clause_id}: {allegation.clause?.title}
              </strong>{' '}
              — cited by the {allegation.source}
              <blockquote>{allegation.clause?.text}</blockquote>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="evidence-title">
        <h2 id="evidence-title">Evidence</h2>
        {detail.evidence.length === 0 ? <p>No evidence yet.</p> : null}
        <ul>
          {detail.evidence.map((item) =>
            item.kind === 'file' ? (
              <li>
                <a href={`/staff/cases/${c.id}/evidence/${item.id}`}>{item.filename}</a> ({item.media_type}, {item.size_bytes} bytes) SHA-256 <code class="hash">{item.sha256}</code>
              </li>
            ) : (
              <li>
                {item.url} — captured {formatDateTime(item.captured_at)}
              </li>
            ),
          )}
        </ul>
      </section>

      <section aria-labelledby="people-title">
        <h2 id="people-title">People on the case</h2>
        {detail.assignments.length === 0 ? <p>Nobody is assigned yet.</p> : null}
        <ul>
          {detail.assignments.map((assignment) => (
            <li>
              {assignment.display_name} — {ROLE_LABELS[assignment.role as Role] ?? assignment.role}, since {formatDateTime(assignment.assigned_at)}
            </li>
          ))}
        </ul>
        {detail.linked.length > 0 ? (
          <>
            <h3>Linked cases</h3>
            <ul>
              {detail.linked.map((linked) => (
                <li>
                  <a href={`/staff/cases/${linked.id}`}>{linked.reference}</a> — {linked.summary} ({humanise(linked.stage)})
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="clock-title">
        <h2 id="clock-title">Clock history</h2>
        <table>
          <caption class="visually-hidden">Every stage, pause and extension</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">What</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {detail.clockHistory.map((entry) => (
              <tr>
                <td>{formatDate(entry.on_date)}</td>
                <td>
                  {entry.kind === 'stage_entered'
                    ? `Entered ${humanise(entry.stage)}`
                    : entry.kind === 'extended'
                      ? `Extended by ${entry.working_days} working days`
                      : humanise(entry.kind)}
                </td>
                <td>{entry.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        <ol class="timeline" data-testid="timeline">
          {detail.timeline.map((event) => (
            <li>
              <time dateTime={event.occurredAt.toISOString()}>{formatDateTime(event.occurredAt)}</time> <span class="actor">{actorName(event.actor)}</span>:{' '}
              <span class="prewrap">{describeEvent(event)}</span>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="access-title">
        <h2 id="access-title">Access record</h2>
        <p class="hint">Every time someone opened this case or its evidence.</p>
        <ol class="timeline">
          {detail.accessLog.slice(-50).map((event) => (
            <li>
              <time dateTime={event.occurredAt.toISOString()}>{formatDateTime(event.occurredAt)}</time> {actorName(event.actor)}: {describeEvent(event)}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
