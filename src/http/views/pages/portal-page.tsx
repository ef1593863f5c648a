import type { PortalView } from '../../../services/due-process/portal-view.js';
import { APPEAL_GROUNDS } from '../../../services/due-process/appeals.js';
import { SUPPORTER_KINDS } from '../../../services/due-process/supporters.js';
import { PARTY_ROLE_LABELS } from '../../../domain/case/case-event.js';
import type { ActionForm } from '../components/action-box.js';
import { Choices, CsrfField, ErrorSummary, TextArea, TextInput, emptyForm, type FormState } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { PartyThread } from '../components/message-thread.js';
import { formatDate, formatDateTime } from '../format.js';

type Props = { organisation: string; contactEmail: string; view: PortalView; csrfToken: string; failed: ActionForm | null; maxFiles: number; maxFileSize: string };

function PortalForm(props: { id: string; title: string; action: string; failed: ActionForm | null; csrfToken: string; submit: string; multipart?: boolean; children: (form: FormState) => preact.ComponentChildren }) {
  const form = { ...(props.failed?.action === props.action ? props.failed.form : emptyForm()), idPrefix: props.id };
  return (
    <section aria-labelledby={`${props.id}-title`} id={props.id} class="action">
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <ErrorSummary form={form} />
      <form method="post" action={`/portal/${props.action}`} enctype={props.multipart ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.children(form)}
        <button type="submit" class="button">
          {props.submit}
        </button>
      </form>
    </section>
  );
}

/** A party's private page on their case: what they are told, and what they can do, in plain words. */
export function PortalPage(props: Props) {
  const { view } = props;
  const notice = view.notice;
  return (
    <Layout title={`Your case ${view.reference}`} organisation={props.organisation}>
      <p class="caption">
        {PARTY_ROLE_LABELS[view.party.role] ?? view.party.role}: {view.party.name}
        {view.party.actingFor ? ` — for ${view.party.actingFor.name} (${(PARTY_ROLE_LABELS[view.party.actingFor.role] ?? view.party.actingFor.role).toLowerCase()})` : ''}
      </p>
      <h1>Case {view.reference}</h1>
      <section class="clock" aria-label="Where the case stands">
        <p>
          Stage: <strong data-testid="portal-stage">{view.stage.label}</strong>
          {view.stageDueOn ? ` — due by ${formatDate(view.stageDueOn)}` : ''}
        </p>
        <p>{view.stage.publicDescription}</p>
      </section>

      {notice ? (
        <section aria-labelledby="notice-title">
          <h2 id="notice-title">The notice of the complaint</h2>
          <p>
            Given {formatDateTime(notice.issuedAt)}. {notice.respondedAt ? `You answered on ${formatDateTime(notice.respondedAt)}.` : <>Your answer is due by <strong>{formatDate(notice.responseDueOn)}</strong>.</>}
          </p>
          <p class="prewrap">{notice.coveringLetter}</p>
          <p>Complaint made by: {notice.complainantName ?? 'not disclosed to you (the decision to withhold it was recorded with its reasons)'}.</p>
          <ol>
            {notice.allegations.map((allegation) => (
              <li>
                <h3>{allegation.label}</h3>
                <blockquote>{allegation.clauseText}</blockquote>
                <p class="prewrap">{allegation.particulars}</p>
                {allegation.response ? <p class="prewrap">Your answer: {allegation.response}</p> : null}
              </li>
            ))}
          </ol>
          <h3>The evidence relied on</h3>
          <ul>
            {notice.evidence.map((item) => (
              <li>
                {item.downloadable ? <a href={`/portal/evidence/${item.evidenceId}`}>{item.name}</a> : item.name}
                {item.redactionNote ? ` (redacted: ${item.redactionNote})` : ''}
              </li>
            ))}
          </ul>
          {notice.withheldCount > 0 ? <p>{notice.withheldCount} item(s) of evidence are withheld from you by a decision recorded with its reasons; the panel may not rely on what you have not seen.</p> : null}
          {notice.generalResponse ? <p class="prewrap">Your statement: {notice.generalResponse}</p> : null}
        </section>
      ) : null}

      {notice?.canAnswer ? (
        <PortalForm id="answer" title="Your answer" action="response" failed={props.failed} csrfToken={props.csrfToken} submit="Send my answer" multipart>
          {(form) => (
            <>
              <p>You can answer each allegation, add a general statement and attach documents. You can send your answer once; after that, write to {props.contactEmail}.</p>
              {notice.allegations.map((allegation, index) => (
                <TextArea form={form} name={`answers.${allegation.allegationId}`} label={`Your answer to allegation ${index + 1}: ${allegation.label}`} rows={4} />
              ))}
              <TextArea form={form} name="generalResponse" label="General statement" rows={5} />
              <div class="field">
                <label for="field-answer-evidence">
                  Documents <span class="optional">(optional)</span>
                </label>
                <p class="hint" id="field-answer-evidence-hint">
                  Up to {props.maxFiles} files of at most {props.maxFileSize} each: PDF, images or plain text.
                </p>
                <input id="field-answer-evidence" type="file" name="evidence" multiple aria-describedby="field-answer-evidence-hint" />
              </div>
              <Choices
                form={form}
                name="hearingRequested"
                label="Do you want a hearing?"
                hint="At a hearing you can speak to the panel, and you may bring a companion."
                required
                options={[
                  { value: 'yes', label: 'Yes, I want a hearing' },
                  { value: 'no', label: 'No, the panel can decide on the papers' },
                ]}
              />
            </>
          )}
        </PortalForm>
      ) : null}

      {view.hearing ? (
        <section aria-labelledby="hearing-title">
          <h2 id="hearing-title">The hearing</h2>
          <p data-testid="portal-hearing">
            {view.hearing.held ? 'Held on' : 'On'} {formatDate(view.hearing.date)} at {view.hearing.time}, {view.hearing.location}.{view.hearing.postponed ? ' (Moved once at your request.)' : ''}
          </p>
          <p>You may bring a companion: a colleague, a fellow member or a trade union representative.</p>
        </section>
      ) : null}
      {view.hearing?.canPostpone ? (
        <PortalForm id="postpone" title="Ask to move the hearing" action="postponement" failed={props.failed} csrfToken={props.csrfToken} submit="Move the hearing">
          {(form) => (
            <>
              <p>If your companion cannot attend, the hearing can be moved once, to a date no later than {formatDate(view.hearing!.latestPostponement)}.</p>
              <TextInput form={form} name="date" label="New date" hint="YYYY-MM-DD" required width="short" />
              <TextArea form={form} name="reason" label="Why your companion cannot attend" required rows={2} />
            </>
          )}
        </PortalForm>
      ) : null}

      {view.decisions.length > 0 ? (
        <section aria-labelledby="decision-title">
          <h2 id="decision-title">The decision</h2>
          {view.decisions.map((decision) => (
            <div data-testid="portal-decision">
              <h3>
                {decision.kind === 'appeal' ? 'Appeal panel' : 'Panel'} decision of {formatDateTime(decision.decidedAt)}: {decision.outcome}
                {decision.status !== 'in_force' ? ` (${decision.status.replace('_', ' ')})` : ''}
              </h3>
              <ul>
                {decision.findings.map((finding) => (
                  <li>
                    {finding.label}: {finding.finding}. {finding.reasons}
                  </li>
                ))}
              </ul>
              <p class="prewrap">{decision.reasons}</p>
              {decision.sanction ? <p>Sanction: {decision.sanction}.</p> : null}
            </div>
          ))}
        </section>
      ) : null}

      {view.appeal.lodged ? (
        <section aria-labelledby="appeal-title">
          <h2 id="appeal-title">Your appeal</h2>
          <p>
            Lodged {formatDateTime(view.appeal.lodged.lodgedAt)}. {view.appeal.lodged.outcome ? `Decided: ${view.appeal.lodged.outcome.replace('_', ' ')}. ${view.appeal.lodged.reasons}` : 'It will be heard by a panel of people who have had nothing to do with the case.'}
          </p>
        </section>
      ) : null}
      {view.appeal.canAppeal ? (
        <PortalForm id="appeal" title="Appeal against the decision" action="appeal" failed={props.failed} csrfToken={props.csrfToken} submit="Lodge my appeal">
          {(form) => (
            <>
              <p>You may appeal until {formatDate(view.appeal.windowEndsOn)}. After that date the decision is final.</p>
              <Choices form={form} name="grounds" label="Your grounds of appeal" required multiple options={Object.entries(APPEAL_GROUNDS).map(([value, label]) => ({ value, label }))} />
              <TextArea form={form} name="statement" label="Explain your grounds" required rows={5} />
            </>
          )}
        </PortalForm>
      ) : null}

      {view.supporters.length > 0 || view.canNameSupporter ? (
        <section aria-labelledby="supporters-title">
          <h2 id="supporters-title">Your representative and companion</h2>
          {view.supporters.length === 0 ? <p>You have not named anyone yet.</p> : null}
          <ul>
            {view.supporters.map((supporter) => (
              <li>
                {PARTY_ROLE_LABELS[supporter.role] ?? supporter.role}: {supporter.name}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {view.canNameSupporter ? (
        <PortalForm id="supporter" title="Name a representative or companion" action="supporter" failed={props.failed} csrfToken={props.csrfToken} submit="Send them their own link">
          {(form) => (
            <>
              <p>They get their own private link by e-mail: a representative can read your case and act for you; a companion can see the hearing arrangements.</p>
              <Choices form={form} name="kind" label="Who they are" required options={Object.entries(SUPPORTER_KINDS).map(([value, label]) => ({ value, label }))} />
              <TextInput form={form} name="name" label="Their name" required />
              <TextInput form={form} name="email" label="Their e-mail address" type="email" required />
            </>
          )}
        </PortalForm>
      ) : null}

      {/* case-messages: portal section */}
      {view.party.role === 'companion' ? null : (
        <>
          <section aria-labelledby="messages-title">
            <h2 id="messages-title">Messages with the complaints team</h2>
            <PartyThread messages={view.messages} empty="No messages yet." />
          </section>
          <PortalForm id="message" title="Write to the complaints team" action="message" failed={props.failed} csrfToken={props.csrfToken} submit="Send the message">
            {(form) => <TextArea form={form} name="body" label="Your message" hint="Up to 10,000 characters. The people handling your case read it; it is kept on the case record." required rows={5} />}
          </PortalForm>
        </>
      )}
      <form method="post" action="/portal/leave">
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button button--secondary">
          Leave your case page on this device
        </button>
      </form>
    </Layout>
  );
}
