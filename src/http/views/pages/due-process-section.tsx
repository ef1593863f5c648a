import { hasPermission, type Permission, type Role } from '../../../domain/access.js';
import { FINDING_LABELS, FINDINGS, type Finding } from '../../../domain/due-process/decision.js';
import { POOL_ROLE_LABELS, type PoolRole } from '../../../domain/due-process/panel.js';
import { PARTY_ROLE_LABELS } from '../../../domain/case/case-event.js';
import type { CaseDetail } from '../../../services/cases/get-case.js';
import { APPEAL_GROUNDS, APPEAL_OUTCOMES } from '../../../services/due-process/appeals.js';
import { SUPPORTER_KINDS } from '../../../services/due-process/supporters.js';
import type { DueProcessView, PanelView } from '../../../services/due-process/get-due-process.js';
import { ActionBox, type ActionForm } from '../components/action-box.js';
import { Choices, RowAction, Select, TextArea, TextInput } from '../components/forms.js';
import { formatDate, formatDateTime, humanise } from '../format.js';

type Props = {
  detail: CaseDetail;
  dueProcess: DueProcessView;
  viewer: { userId: string; roles: string[]; csrfToken: string };
  failed: ActionForm | null;
  sanctions: { id: string; label: string }[];
  attendanceRows: number;
  postponementWorkingDays: number;
};

const DISCLOSE = [
  { value: 'disclose', label: 'Disclose' },
  { value: 'withhold', label: 'Withhold (give the reason)' },
];

function sanctionText(sanctions: Props['sanctions'], id: string, months: number | null): string {
  const label = sanctions.find((sanction) => sanction.id === id)?.label ?? humanise(id);
  return months ? `${label} (${months} months)` : label;
}

function PanelCard(props: { panel: PanelView; current: boolean }) {
  const { panel } = props;
  const excluded = panel.screenings.filter((screening) => screening.eligible === 0);
  return (
    <div class="panel-card">
      <h4>
        {humanise(panel.purpose)} panel, drawn {formatDateTime(panel.drawn_at)}
        {panel.dissolved_at ? ` — stood down: ${panel.dissolved_reason}` : props.current ? ' — sitting' : ''}
      </h4>
      <ul data-testid={props.current ? 'panel-seats' : undefined}>
        {panel.seats.map((seat) => (
          <li>
            {seat.display_name} — {seat.seat}, {POOL_ROLE_LABELS[seat.pool_role as PoolRole] ?? seat.pool_role}
            {seat.recused_at ? ` (recused ${formatDate(seat.recused_at.slice(0, 10))}: ${seat.recusal_reason})` : ''}
          </li>
        ))}
      </ul>
      <p class="hint">
        Chosen by {panel.method} with seed <code class="hash">{panel.seed}</code> from {(JSON.parse(panel.candidates) as unknown[]).length} eligible pool members. Anyone can check a draw: rank
        the eligible members by SHA-256 of "seed:user id" and fill the seats in order.
      </p>
      <details>
        <summary>
          Conflict screening: {excluded.length} of {panel.screenings.length} pool members excluded
        </summary>
        <ul>
          {excluded.map((screening) => (
            <li>
              {screening.display_name}: {(JSON.parse(screening.reasons) as string[]).join(' ')}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}

/** The due-process part of the case page: notice and answer, panels, hearing, decision and appeal, with the forms the viewer may use now. */
export function DueProcessSection(props: Props) {
  const { detail, dueProcess, viewer } = props;
  const c = detail.caseRow;
  const may = (permission: Permission) => hasPermission(viewer.roles as Role[], permission);
  const assignedAs = (...roles: string[]) => detail.assignments.some((assignment) => assignment.user_id === viewer.userId && roles.includes(assignment.role));
  const box = { failed: props.failed, viewer, caseId: c.id };
  const notice = dueProcess.notice;
  const respondent = dueProcess.parties.find((party) => party.role === 'respondent');
  const currentPanel = dueProcess.panels.find((panel) => panel.id === dueProcess.current?.panelId);
  const hearing = currentPanel ? dueProcess.hearings.find((candidate) => candidate.panel_id === currentPanel.id) : undefined;
  const sits = dueProcess.current?.sitting.includes(viewer.userId) ?? false;
  const context = dueProcess.decisionContext;
  const allegationLabel = (allegationId: string) => {
    const allegation = detail.allegations.find((candidate) => candidate.id === allegationId);
    return allegation ? `${allegation.clause_id}: ${allegation.clause?.title ?? ''}` : allegationId;
  };
  const openStage = !c.closed_at;

  return (
    <section aria-labelledby="due-process-title" class="due-process">
      <h2 id="due-process-title">Due process</h2>

      <h3>Notice and the respondent’s answer</h3>
      {notice ? (
        <div data-testid="notice">
          <p>
            Notice given {formatDateTime(notice.issued_at)} to {respondent?.name ?? 'the respondent'}
            {respondent?.email ? ` (${respondent.email})` : ' (by letter)'}; answer due by <strong>{formatDate(notice.response_due_on)}</strong>.{' '}
            {notice.responded_at ? `Answered ${formatDateTime(notice.responded_at)}${notice.hearing_requested ? ', asking for a hearing' : ''}.` : 'Not answered yet.'}
          </p>
          {notice.identity_withheld ? <p>The complainant’s identity is withheld: {notice.identity_withheld_reason}</p> : null}
          <ol>
            {notice.allegations.map((allegation) => (
              <li>
                <strong>{allegationLabel(allegation.allegation_id)}</strong>
                <p class="prewrap">{allegation.particulars}</p>
                <p class="prewrap">
                  <em>Answer:</em> {allegation.response ?? '—'}
                </p>
              </li>
            ))}
          </ol>
          {notice.general_response ? <p class="prewrap">Statement: {notice.general_response}</p> : null}
          <ul>
            {notice.disclosures.map((disclosure) => {
              const item = detail.evidence.find((candidate) => candidate.id === disclosure.evidence_id);
              const name = item?.filename ?? item?.url ?? disclosure.evidence_id;
              return <li>{disclosure.disclosed ? `Disclosed: ${name}${disclosure.redaction_note ? ` (${disclosure.redaction_note})` : ''}` : `Withheld: ${name} — ${disclosure.withheld_reason}`}</li>;
            })}
          </ul>
        </div>
      ) : c.stage === 'investigation' && may('cases.give_notice') && assignedAs('investigator', 'case_manager') ? (
        <ActionBox {...box} id="notice" action="notice" title="Give notice to the respondent" submit="Give notice" multipart>
          {(form) => {
            const values = { ...form, values: { 'respondent.name': c.respondent_name, 'respondent.membershipNumber': c.respondent_membership_number ?? '', 'respondent.unit': c.respondent_unit ?? '', ...form.values } };
            return (
              <>
                <TextInput form={values} name="respondent.name" label="Respondent’s name" required />
                <TextInput form={values} name="respondent.email" label="Respondent’s e-mail address" hint="Their private case page link is sent here. Leave blank to send the notice by letter; the link is then shown once, to print." type="email" />
                <TextInput form={values} name="respondent.membershipNumber" label="Membership number" />
                <TextInput form={values} name="respondent.unit" label="Branch or unit" />
                <TextInput form={values} name="respondent.affiliations" label="Groups the respondent belongs to" hint="Separate with commas. Panel members’ declared interests are screened against these." />
                <TextArea form={values} name="coveringLetter" label="Covering letter" required rows={4} />
                {detail.allegations.map((allegation) => (
                  <TextArea form={values} name={`particulars.${allegation.id}`} label={`Particulars of the allegation under ${allegation.clause_id}: ${allegation.clause?.title ?? ''}`} hint="What the respondent is said to have done: when, where and how." required rows={3} />
                ))}
                {detail.evidence.map((item) => (
                  <>
                    <Choices form={values} name={`evidence.${item.id}`} label={`Evidence: ${item.filename ?? item.url ?? item.id}`} required options={DISCLOSE} />
                    <TextInput form={values} name={`evidence.${item.id}.redactionNote`} label="Redactions made before disclosure" />
                    {item.kind === 'file' ? (
                      <div class="field">
                        <label for={`field-notice-evidence-${item.id}-redactedCopy`}>
                          A redacted copy to disclose instead <span class="optional">(optional)</span>
                        </label>
                        <p class="hint" id={`field-notice-evidence-${item.id}-redactedCopy-hint`}>
                          The copy is disclosed and the original withheld; describe the redactions above.
                        </p>
                        <input id={`field-notice-evidence-${item.id}-redactedCopy`} type="file" name={`evidence.${item.id}.redactedCopy`} aria-describedby={`field-notice-evidence-${item.id}-redactedCopy-hint`} />
                      </div>
                    ) : null}
                    <TextInput form={values} name={`evidence.${item.id}.withheldReason`} label="Reason for withholding it" />
                  </>
                ))}
                <TextArea form={values} name="identityWithheldReason" label="Reason for withholding the complainant’s identity" hint="Leave blank to disclose who complained." rows={2} />
              </>
            );
          }}
        </ActionBox>
      ) : (
        <p>No notice has been given yet.</p>
      )}

      {notice && (may('cases.convene_panel') || may('cases.sit_on_panel') || may('cases.give_notice')) ? (
        <p>
          <a href={`/staff/cases/${c.id}/hearing-bundle.pdf`}>Download the hearing bundle (PDF)</a> — the allegations, the answers and the evidence disclosed, paginated with an index. Each download is recorded.
        </p>
      ) : null}

      <h3>Panels</h3>
      {dueProcess.panels.length === 0 ? <p>No panel has been drawn.</p> : dueProcess.panels.map((panel) => <PanelCard panel={panel} current={panel.id === currentPanel?.id} />)}
      {openStage && ['decision', 'appeal'].includes(c.stage) && !currentPanel && may('cases.convene_panel') ? (
        <ActionBox {...box} id="draw-panel" action="draw-panel" title={`Draw the ${c.stage === 'appeal' ? 'appeal' : 'decision'} panel`} submit="Screen the pool and draw the panel">
          {() => <p class="hint">Every active pool member is screened for involvement, training and declared interests before anyone sees the case; the seats are then filled by a draw from a recorded seed.</p>}
        </ActionBox>
      ) : null}
      {currentPanel && openStage && (sits || may('cases.convene_panel')) ? (
        <ActionBox {...box} id="recuse" action="recuse" title={sits ? 'Recuse yourself' : 'Record a recusal'} submit="Record the recusal">
          {(form) => (
            <>
              {sits ? (
                <input type="hidden" name="userId" value={viewer.userId} />
              ) : (
                <Select form={form} name="userId" label="Panel member" required placeholder="Choose" options={currentPanel.seats.filter((seat) => !seat.recused_at).map((seat) => ({ value: seat.user_id, label: seat.display_name }))} />
              )}
              <TextArea form={form} name="reason" label="Reason" required rows={2} />
            </>
          )}
        </ActionBox>
      ) : null}

      <h3>Hearing</h3>
      {dueProcess.hearings.length === 0 ? <p>No hearing has been scheduled.</p> : null}
      <ul>
        {dueProcess.hearings.map((entry) => (
          <li>
            {formatDate(entry.scheduled_on)} at {entry.start_time}, {entry.location}
            {entry.originally_scheduled_on ? ` (moved from ${formatDate(entry.originally_scheduled_on)}: ${entry.postponement_reason})` : ''}
            {entry.held_at ? ` — held; record: ${entry.record}` : ' — not yet held'}
            {detail.evidence
              .filter((item) => item.hearing_id === entry.id)
              .map((item) => (
                <>
                  {' '}
                  <a href={`/staff/cases/${c.id}/evidence/${item.id}`}>Recording: {item.filename}</a>
                </>
              ))}
          </li>
        ))}
      </ul>
      {currentPanel && openStage && !hearing && may('cases.convene_panel') ? (
        <ActionBox {...box} id="hearing" action="hearing" title="Schedule the hearing" submit="Schedule and tell the respondent">
          {(form) => (
            <>
              <TextInput form={form} name="date" label="Date" hint="YYYY-MM-DD, with at least the notice period." required width="short" />
              <TextInput form={form} name="time" label="Time" hint="24-hour, for example 18:30." required width="short" />
              <TextInput form={form} name="location" label="Where" required />
            </>
          )}
        </ActionBox>
      ) : null}
      {hearing && !hearing.held_at && !hearing.originally_scheduled_on && openStage && may('cases.convene_panel') ? (
        <ActionBox {...box} id="postpone" action="postpone" title="Postpone the hearing (once, when the companion cannot attend)" submit="Postpone">
          {(form) => (
            <>
              <TextInput form={form} name="date" label="New date" hint={`YYYY-MM-DD, within ${props.postponementWorkingDays} working days of the original.`} required width="short" />
              <TextArea form={form} name="reason" label="Why the companion cannot attend" required rows={2} />
            </>
          )}
        </ActionBox>
      ) : null}
      {hearing && !hearing.held_at && sits ? (
        <ActionBox {...box} id="record-hearing" action="record-hearing" title="Record the hearing" submit="Record the hearing">
          {(form) => (
            <>
              {Array.from({ length: props.attendanceRows }, (_, index) => (
                <fieldset class="attendance">
                  <legend>Person {index + 1}</legend>
                  <TextInput form={form} name={`attendance.${index}.name`} label="Name" required={index === 0} />
                  <TextInput form={form} name={`attendance.${index}.role`} label="Role (respondent, companion, witness…)" required={index === 0} />
                  <Choices form={form} name={`attendance.${index}.present`} label="Attended" required={index === 0} options={[{ value: 'yes', label: 'Present' }, { value: 'no', label: 'Absent' }]} />
                </fieldset>
              ))}
              <TextArea form={form} name="record" label="Record of the hearing" required rows={6} />
            </>
          )}
        </ActionBox>
      ) : null}

      {hearing?.held_at && sits && openStage ? (
        <ActionBox {...box} id="recording" action="recording" title="Add a recording of the hearing" submit="Add the recording" multipart>
          {(form) => (
            <div class={`field${form.issues.length > 0 ? ' field--error' : ''}`}>
              <label for="field-recording-recording">Recording (MP3, WAV, Ogg, MP4 or WebM)</label>
              <input id="field-recording-recording" type="file" name="recording" />
            </div>
          )}
        </ActionBox>
      ) : null}

      <h3>Decisions</h3>
      {dueProcess.decisions.length === 0 ? <p>No decision yet.</p> : null}
      {dueProcess.decisions.map((decision) => (
        <div class="decision" data-testid="decision">
          <p>
            <strong>
              {decision.kind === 'appeal' ? 'Appeal panel' : 'Panel'} decision, {formatDateTime(decision.decided_at)}: {FINDING_LABELS[decision.outcome as Finding] ?? decision.outcome}
            </strong>{' '}
            — sanction {sanctionText(props.sanctions, decision.sanction_id, decision.sanction_months)} ({humanise(decision.status).toLowerCase()})
          </p>
          <ul>
            {decision.findings.map((finding) => (
              <li>
                {allegationLabel(finding.allegation_id)}: {FINDING_LABELS[finding.finding as Finding]}. {finding.reasons}
              </li>
            ))}
          </ul>
          <p class="prewrap">{decision.reasons}</p>
          {decision.justification ? <p class="prewrap">Justification{decision.outside_usual_range ? ' for departing from precedent' : ''}: {decision.justification}</p> : null}
        </div>
      ))}
      {dueProcess.decisions.length > 0 && (may('cases.convene_panel') || may('cases.sit_on_panel')) ? (
        <p>
          Outcome letters (PDF, to print and post): <a href={`/staff/cases/${c.id}/outcome-letter/respondent.pdf`}>to the respondent</a>
          {c.anonymous ? null : (
            <>
              {' '}
              and <a href={`/staff/cases/${c.id}/outcome-letter/complainant.pdf`}>to the complainant</a>
            </>
          )}
          .
        </p>
      ) : null}
      {context && c.stage === 'decision' ? (
        <ActionBox {...box} id="decision" action="decision" title="The panel’s decision" submit="Record the decision">
          {(form) => (
            <>
              {context.allegations.map((allegation, index) => (
                <fieldset class="finding">
                  <legend>Allegation {index + 1}: {allegation.label}</legend>
                  <input type="hidden" name={`findings.${index}.allegationId`} value={allegation.allegationId} />
                  <Choices form={form} name={`findings.${index}.finding`} label="Finding on the balance of probabilities" required options={FINDINGS.map((finding) => ({ value: finding, label: FINDING_LABELS[finding] }))} />
                  {allegation.examples.length > 0 ? (
                    <Choices form={form} name={`findings.${index}.examplesRelied`} label="Examples relied on" multiple options={allegation.examples.map((example) => ({ value: example.id, label: `${example.id}: ${example.title}` }))} />
                  ) : null}
                  <TextArea form={form} name={`findings.${index}.reasons`} label="Reasons for this finding" required rows={3} />
                </fieldset>
              ))}
              <div class="precedents" data-testid="precedents" role="region" aria-label="Precedents for these clauses">
                <p>
                  <strong>Precedents for these clauses</strong>
                </p>
                {context.precedents.count === 0 ? (
                  <p>No earlier decision upheld an allegation under these clauses.</p>
                ) : (
                  <>
                    <p>
                      {context.precedents.count} earlier decision(s).{' '}
                      {context.precedents.usualRange
                        ? `The usual range is from ${context.sanctions.find((sanction) => sanction.severity === context.precedents.usualRange!.min)?.label ?? context.precedents.usualRange.min} to ${context.sanctions.find((sanction) => sanction.severity === context.precedents.usualRange!.max)?.label ?? context.precedents.usualRange.max}; a sanction outside it needs a justification.`
                        : 'Too few for a usual range.'}
                    </p>
                    <table>
                      <caption class="visually-hidden">Sanctions in earlier decisions</caption>
                      <thead>
                        <tr>
                          <th scope="col">Sanction</th>
                          <th scope="col">Decisions</th>
                        </tr>
                      </thead>
                      <tbody>
                        {context.precedents.bySanction.map((entry) => (
                          <tr>
                            <td>{context.sanctions.find((sanction) => sanction.id === entry.sanctionId)?.label ?? entry.sanctionId}</td>
                            <td>{entry.count}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                )}
              </div>
              <TextArea form={form} name="reasons" label="Written reasons for the decision" hint="The parties read these." required rows={6} />
              <Select form={form} name="sanctionId" label="Sanction" required placeholder="Choose" options={context.sanctions.map((sanction) => ({ value: sanction.id, label: sanction.label }))} />
              <TextInput form={form} name="sanctionMonths" label="Length in months (suspension, or the wait before readmission after expulsion)" inputmode="numeric" width="short" />
              <TextArea form={form} name="justification" label="Justification" hint="Required when the sanction is outside the usual range, or when no action follows an upheld allegation." rows={3} />
            </>
          )}
        </ActionBox>
      ) : null}

      {c.stage === 'review' && assignedAs('independent_reviewer') && may('cases.review_decision') ? (
        <ActionBox {...box} id="review" action="review" title="Independent review of the decision" submit="Record the review">
          {(form) => (
            <>
              <Choices
                form={form}
                name="verdict"
                label="Your verdict"
                required
                options={[
                  { value: 'confirm', label: 'Confirm: the decision takes effect and opens to appeal' },
                  { value: 'veto', label: 'Veto: a newly drawn panel decides the case again' },
                ]}
              />
              <TextArea form={form} name="reasons" label="Reasons" required rows={4} />
            </>
          )}
        </ActionBox>
      ) : null}
      {c.stage === 'review' && !detail.assignments.some((assignment) => assignment.role === 'independent_reviewer') ? (
        <p class="warning">Assign an independent reviewer (under “Other actions”) to review this decision.</p>
      ) : null}

      <h3>Appeal</h3>
      {dueProcess.appeals.length === 0 ? <p>No appeal has been lodged.</p> : null}
      <ul>
        {dueProcess.appeals.map((appeal) => (
          <li>
            Lodged {formatDateTime(appeal.lodged_at)} on {(JSON.parse(appeal.grounds) as (keyof typeof APPEAL_GROUNDS)[]).map((ground) => APPEAL_GROUNDS[ground] ?? ground).join('; ')}: {appeal.statement}
            {appeal.outcome ? ` — ${APPEAL_OUTCOMES[appeal.outcome as keyof typeof APPEAL_OUTCOMES] ?? appeal.outcome}. ${appeal.reasons}` : ' — awaiting decision'}
          </li>
        ))}
      </ul>
      {c.stage === 'appeal_window' && may('cases.convene_panel') ? (
        <ActionBox {...box} id="appeal" action="appeal" title="Record an appeal received by letter or e-mail" submit="Record the appeal">
          {(form) => (
            <>
              <Choices form={form} name="appellant" label="Who appeals" required options={dueProcess.parties.length > 0 ? [{ value: 'respondent', label: 'The respondent' }, { value: 'complainant', label: 'The complainant (the person targeted)' }] : [{ value: 'complainant', label: 'The complainant' }]} />
              <Choices form={form} name="grounds" label="Grounds" required multiple options={Object.entries(APPEAL_GROUNDS).map(([value, label]) => ({ value, label }))} />
              <TextArea form={form} name="statement" label="The appellant’s statement" required rows={4} />
            </>
          )}
        </ActionBox>
      ) : null}
      {context && c.stage === 'appeal' ? (
        <ActionBox {...box} id="appeal-decision" action="appeal-decision" title="The appeal panel’s decision" submit="Record the appeal decision">
          {(form) => (
            <>
              <Choices form={form} name="outcome" label="Outcome" required options={Object.entries(APPEAL_OUTCOMES).map(([value, label]) => ({ value, label }))} />
              <TextArea form={form} name="reasons" label="Written reasons" required rows={5} />
              <Select form={form} name="sanctionId" label="New sanction (when varying it)" placeholder="Choose" options={context.sanctions.map((sanction) => ({ value: sanction.id, label: sanction.label }))} />
              <TextInput form={form} name="sanctionMonths" label="Length in months (when the new sanction needs one)" inputmode="numeric" width="short" />
            </>
          )}
        </ActionBox>
      ) : null}

      {openStage && !c.anonymous && c.complainant_email && !dueProcess.parties.some((party) => party.role === 'complainant') && (may('cases.give_notice') || may('cases.convene_panel')) ? (
        <ActionBox {...box} id="invite-complainant" action="invite-complainant" title="Give the complainant a case page" submit="Send the complainant their link">
          {() => <p class="hint">A private link goes to {c.complainant_email}: they follow the case and write to the team there, and, as the person targeted, read the decision and may appeal.</p>}
        </ActionBox>
      ) : null}
      {dueProcess.parties.length > 0 ? (
        <>
          <h3>Parties</h3>
          <ul>
            {dueProcess.parties.map((party) => (
              <li>
                {PARTY_ROLE_LABELS[party.role] ?? party.role}: {party.name}
                {party.email ? ` (${party.email})` : ' (by letter)'}
                {openStage && (may('cases.give_notice') || may('cases.convene_panel')) ? (
                  <>
                    {' '}
                    <RowAction action={`/staff/cases/${c.id}/parties/${party.id}/link`} csrfToken={viewer.csrfToken} label={party.email ? 'Send a new case-page link' : 'Make a new case-page link to print'} subject={`for ${party.name}`} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {openStage && (may('cases.give_notice') || may('cases.convene_panel')) ? (
            <ActionBox {...box} id="supporter" action="supporter" title="Add a party’s representative or companion" submit="Add">
              {(form) => (
                <>
                  <Choices
                    form={form}
                    name="forRole"
                    label="For"
                    required
                    options={dueProcess.parties.filter((party) => party.role === 'respondent' || party.role === 'complainant').map((party) => ({ value: party.role, label: `${PARTY_ROLE_LABELS[party.role]}: ${party.name}` }))}
                  />
                  <Choices form={form} name="kind" label="Who they are" required options={Object.entries(SUPPORTER_KINDS).map(([value, label]) => ({ value, label }))} />
                  <TextInput form={form} name="name" label="Name" required />
                  <TextInput form={form} name="email" label="E-mail address" hint="Their own private link is sent here. Without one, make a link to print next to their name once added." type="email" />
                </>
              )}
            </ActionBox>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
