import { CONTACT_CHANNEL_LABELS, REACHED_LABELS } from '../../../domain/oversight/outside-contact.js';
import type { VerifyResult } from '../../../ledger/verify-log.js';
import type { DeskSummary } from '../../../services/oversight/get-desk-summary.js';
import type { InterferenceRegister } from '../../../services/oversight/interference-register.js';
import type { LedgerRecord } from '../../../services/oversight/ledger-record.js';
import { CsrfField, ErrorSummary, type FormState } from '../components/forms.js';
import { DeskLayout, deskHref, type DeskProps } from '../components/desk-layout.js';
import { formatDateTime, humanise } from '../format.js';

function Figure(props: { href: string; value: number | string; label: string; masked: boolean }) {
  return (
    <li>
      <a href={deskHref(props.href, props.masked)}>
        <strong>{props.value}</strong> {props.label}
      </a>
    </li>
  );
}

function SavedStateVerdict({ record }: { record: LedgerRecord }) {
  const saved = record.savedState;
  if (saved.kind === 'none') return <p>You have not saved a state of the record yet. Save one, and every later visit proves the record only grew since.</p>;
  if (saved.kind === 'consistent') {
    return (
      <p data-testid="record-verdict">
        <strong>Intact since you saved it.</strong> The latest checkpoint extends the state you saved on {formatDateTime(saved.saved.saved_at)} ({saved.saved.tree_size} entries): nothing you saw then has been changed or removed.
      </p>
    );
  }
  return (
    <p class="warning" data-testid="record-verdict">
      The record does not extend the state you saved on {formatDateTime(saved.saved.saved_at)}: {saved.problem}
    </p>
  );
}

/** The desk's first page: the questions an overseer asks, each answered in a line with the way to the detail. */
export function DeskSummaryPage(props: DeskProps & { summary: DeskSummary }) {
  const { summary, masked } = props;
  return (
    <DeskLayout {...props} title="Overseer’s desk" current="/oversight">
      <p class="lead">Everything here is read-only. You see how cases are handled, not their content, except cases drawn into an audit sample.</p>
      <h2>Which cases are late, and why?</h2>
      <ul class="stats">
        <Figure href="/oversight/timeliness" value={summary.overdueCases} label="cases past a stage deadline" masked={masked} />
        <Figure href="/oversight/timeliness" value={summary.openCases} label="open cases" masked={masked} />
      </ul>
      <h2>Who contacted whom about which case?</h2>
      <ul class="stats">
        <Figure href="/oversight/register" value={summary.contacts} label="outside contacts recorded" masked={masked} />
        <Figure href="/oversight/register" value={summary.contactsReachingDecisionMaker} label="reached a decision-maker" masked={masked} />
        <Figure href="/oversight/register#refused-title" value={summary.refusedAttempts} label="refused attempts to open a case" masked={masked} />
        <Figure href="/oversight/register#emergency-title" value={`${summary.liveEmergencyAccess} / ${summary.emergencyAccessUses}`} label="emergency access: live / ever" masked={masked} />
      </ul>
      <h2>Did any panel member sit with a conflict?</h2>
      <p>
        <a href={deskHref('/oversight/fairness', masked)}>Fairness</a>: recusals, conflict exclusions, seats checked against declared interests, vetoes, appeals and sanction consistency.
      </p>
      <h2>Is the record intact?</h2>
      {summary.record.checkpoint ? (
        <p>
          Latest signed checkpoint: {summary.record.checkpoint.size} entries, {formatDateTime(summary.record.checkpoint.issuedAt)}.
        </p>
      ) : (
        <p>No checkpoint has been signed yet.</p>
      )}
      <SavedStateVerdict record={summary.record} />
      <p>
        <a href={deskHref('/oversight/record', masked)}>The record</a>: verify every entry now, or save the current state.
      </p>
      <h2>Is the organisation answering its audits?</h2>
      <ul class="stats">
        <Figure href="/oversight/audits" value={summary.openFindings} label="audit findings open" masked={masked} />
        <Figure href="/oversight/audits" value={summary.overdueFindings} label="past their answer date" masked={masked} />
      </ul>
      <p>
        <a href={deskHref('/oversight/confidence', masked)}>Confidence</a>: what complainants and respondents said about the process, by quarter.
      </p>
    </DeskLayout>
  );
}

/** The interference register: every outside contact, every refused attempt to open a case, every use of emergency access. */
export function InterferenceRegisterPage(props: DeskProps & { register: InterferenceRegister }) {
  const { register, masked } = props;
  return (
    <DeskLayout {...props} title="Interference register" current="/oversight/register">
      <p>Contacts about cases from outside the complaints process, recorded by the person contacted or declared by the person who made them. Only you can read this register; no one working on a case sees its entries.</p>
      <table>
        <caption>Cases the register touches</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Contacts</th>
            <th scope="col">Stages when contacted</th>
            <th scope="col">Reached a decision-maker</th>
          </tr>
        </thead>
        <tbody>
          {register.casesTouched.length === 0 ? (
            <tr>
              <td colSpan={4}>No contact has been recorded.</td>
            </tr>
          ) : (
            register.casesTouched.map((entry) => (
              <tr>
                <td>{entry.reference}</td>
                <td>{entry.contacts}</td>
                <td>{entry.stages.map(humanise).join(', ')}</td>
                <td>{entry.reachedDecisionMaker}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <table>
        <caption>Outside contacts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">No.</th>
            <th scope="col">Case (stage then)</th>
            <th scope="col">Who made contact</th>
            <th scope="col">Who was contacted</th>
            <th scope="col">When, how</th>
            <th scope="col">What was asked or said</th>
            <th scope="col">Reached decision-maker</th>
            <th scope="col">Recorded</th>
          </tr>
        </thead>
        <tbody>
          {register.contacts.map((contact) => (
            <tr data-testid="contact-row">
              <td>{contact.number}</td>
              <td>
                {contact.reference} ({humanise(contact.stage).toLowerCase()})
              </td>
              <td>
                {contact.contact_name}, {contact.contact_office}
              </td>
              <td>{contact.contacted_name}</td>
              <td>
                {contact.occurred_at}, {CONTACT_CHANNEL_LABELS[contact.channel as keyof typeof CONTACT_CHANNEL_LABELS] ?? contact.channel}
              </td>
              <td class="prewrap">{masked ? <span class="hint">Hidden while identities are masked: it may name a party.</span> : contact.content}</td>
              <td>{REACHED_LABELS[contact.reached_decision_maker as keyof typeof REACHED_LABELS] ?? contact.reached_decision_maker}</td>
              <td>
                {contact.source === 'declared' ? 'Declared by the person who made it' : `By ${contact.recorded_by_name}`}, {formatDateTime(contact.recorded_at)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="refused-title">Refused attempts to open a case</h2>
      <p>Each time someone not assigned to a case tried to open or change it. The attempt was refused and nothing else happened.</p>
      <table>
        <caption class="visually-hidden">Refused attempts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Case (stage)</th>
            <th scope="col">Tried to</th>
          </tr>
        </thead>
        <tbody>
          {register.refusedAttempts.length === 0 ? (
            <tr>
              <td colSpan={4}>None.</td>
            </tr>
          ) : (
            register.refusedAttempts.map((attempt) => (
              <tr data-testid="refused-row">
                <td>{formatDateTime(attempt.occurredAt)}</td>
                <td>{attempt.who}</td>
                <td>
                  {attempt.reference} ({humanise(attempt.stage).toLowerCase()})
                </td>
                <td>{attempt.attempted}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <h2 id="emergency-title">Emergency access</h2>
      <table>
        <caption class="visually-hidden">Emergency access, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Who</th>
            <th scope="col">Reason</th>
            <th scope="col">Opened</th>
            <th scope="col">Ends or ended</th>
          </tr>
        </thead>
        <tbody>
          {register.emergencyAccess.length === 0 ? (
            <tr>
              <td colSpan={5}>Never used.</td>
            </tr>
          ) : (
            register.emergencyAccess.map((grant) => (
              <tr data-testid="emergency-row">
                <td>{grant.reference}</td>
                <td>{grant.user_name}</td>
                <td class="prewrap">{grant.reason}</td>
                <td>{formatDateTime(grant.granted_at)}</td>
                <td>
                  {grant.live ? <strong>Live until {formatDateTime(grant.expires_at)}</strong> : formatDateTime(grant.ended_at ?? grant.expires_at)}
                  {grant.ended_at ? ' (ended by the holder)' : ''}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </DeskLayout>
  );
}

/** The record: the latest checkpoint, the overseer's saved state, and verification on demand. */
export function LedgerRecordPage(props: DeskProps & { record: LedgerRecord; verification: VerifyResult | null; form: FormState }) {
  const { record, verification } = props;
  const csrf = props.viewer.csrfToken;
  return (
    <DeskLayout {...props} title="The record" current="/oversight/record">
      <p>
        Every change to a case, and every read of its content, is an entry in a tamper-evident log (an RFC 9162 Merkle tree) with signed checkpoints. You can also check it offline from an export with the public key: see the{' '}
        <a href="/ledger">public ledger page</a>.
      </p>
      <ErrorSummary form={props.form} />
      <h2>Latest signed checkpoint</h2>
      {record.checkpoint ? (
        <dl class="summary-list">
          <dt>Entries</dt>
          <dd>{record.checkpoint.size}</dd>
          <dt>Root hash</dt>
          <dd class="hash">{record.checkpoint.rootHash}</dd>
          <dt>Signed</dt>
          <dd>{formatDateTime(record.checkpoint.issuedAt)}</dd>
        </dl>
      ) : (
        <p>No checkpoint has been signed yet.</p>
      )}
      <h2>Your saved state</h2>
      <SavedStateVerdict record={record} />
      <form method="post" action="/oversight/record/save">
        <CsrfField token={csrf} />
        <button type="submit" class="button button--secondary">
          Save the latest checkpoint as my state
        </button>
      </form>
      <h2>Verify the whole record now</h2>
      <p>Checks every entry against its event, every checkpoint’s signature and root, and that no event is missing from the log.</p>
      {verification ? (
        verification.ok ? (
          <p data-testid="verification" role="status">
            <strong>Verified:</strong> {verification.size} entries and {verification.checkpoints} checkpoint(s); root {verification.rootHash.slice(0, 16)}…
          </p>
        ) : (
          <p data-testid="verification" class="warning" role="alert">
            NOT VERIFIED: {verification.problem}
          </p>
        )
      ) : null}
      <form method="post" action="/oversight/record/verify">
        <CsrfField token={csrf} />
        <button type="submit" class="button">
          Verify the record
        </button>
      </form>
    </DeskLayout>
  );
}
