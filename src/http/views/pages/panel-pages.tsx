import { INTEREST_KINDS, INTEREST_LABELS, POOL_ROLE_LABELS, type PoolRole } from '../../../domain/due-process/panel.js';
import type { PoolMember } from '../../../services/due-process/panel-pool.js';
import type { RegisterEntry } from '../../../services/due-process/sanctions-register.js';
import type { InterimRegisterEntry } from '../../../services/due-process/interim-measures.js';
import { Choices, CsrfField, ErrorSummary, RowAction, Select, TextInput, emptyForm, type FormState } from '../components/forms.js';
import { Layout, type Viewer } from '../components/layout.js';
import { formatDate, humanise } from '../format.js';

type Staffed = { organisation: string; viewer: NonNullable<Viewer> };
export type PoolForm = { action: string; form: FormState };

function PoolFormBox(props: { id: string; title: string; action: string; failed: PoolForm | null; csrfToken: string; submit: string; children: (form: FormState) => preact.ComponentChildren }) {
  const form = { ...(props.failed?.action === props.action ? props.failed.form : emptyForm()), idPrefix: props.id };
  return (
    <section class="action" aria-labelledby={`${props.id}-title`} id={props.id}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <ErrorSummary form={form} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.children(form)}
        <button type="submit" class="button">
          {props.submit}
        </button>
      </form>
    </section>
  );
}

const KIND_OPTIONS = INTEREST_KINDS.map((kind) => ({ value: kind, label: INTEREST_LABELS[kind] }));

function InterestList(props: { member: PoolMember; csrfToken: string; endAction: (interestId: string) => string }) {
  const current = props.member.interests.filter((interest) => interest.endedOn === null);
  if (current.length === 0 && props.member.interests.length === 0) return <>None declared</>;
  return (
    <ul>
      {props.member.interests.map((interest) => (
        <li>
          {INTEREST_LABELS[interest.kind]}: {interest.value}
          {interest.endedOn ? ` (ended ${formatDate(interest.endedOn)})` : (
            <>
              {' '}
              <RowAction action={props.endAction(interest.id)} csrfToken={props.csrfToken} label="End" subject={`${INTEREST_LABELS[interest.kind]} ${interest.value}`} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The panel pool: who may sit, in which roles, with training and declared interests, as the conflict screening will see them. */
export function PanelPoolPage(props: Staffed & { pool: PoolMember[]; candidates: { value: string; label: string }[]; requiredTraining: string[]; failed: PoolForm | null }) {
  const csrf = props.viewer.csrfToken;
  const members = props.pool.map((member) => ({ value: member.userId, label: member.name }));
  return (
    <Layout title="Panel pool" organisation={props.organisation} viewer={props.viewer}>
      <h1>Panel pool</h1>
      <p>
        Panels are drawn from the active members below. Before anyone sees a case, each is screened: anyone involved in the case, without training in date ({props.requiredTraining.join(', ')}), or
        with a declared interest touching a party or the case is excluded, and the reason is recorded.
      </p>
      <table>
        <caption class="visually-hidden">Pool members</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Pool roles</th>
            <th scope="col">Training</th>
            <th scope="col">Declared interests</th>
          </tr>
        </thead>
        <tbody data-testid="pool">
          {props.pool.map((member) => (
            <tr>
              <td>
                {member.name}
                {member.active ? '' : ' (inactive)'}
              </td>
              <td>{member.roles.map((role) => POOL_ROLE_LABELS[role]).join(', ')}</td>
              <td>
                {member.missingTraining.length === 0 ? 'In date' : <span class="tag tag--overdue">Missing: {member.missingTraining.join(', ')}</span>}
                <ul>
                  {member.trainings.map((training) => (
                    <li>
                      {training.course}: {formatDate(training.completedOn)} to {formatDate(training.expiresOn)}
                    </li>
                  ))}
                </ul>
              </td>
              <td>
                <InterestList member={member} csrfToken={csrf} endAction={(interestId) => `/staff/panel-pool/${member.userId}/interests/${interestId}/end`} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <PoolFormBox id="member" title="Add someone to the pool, or change their roles" action="/staff/panel-pool" failed={props.failed} csrfToken={csrf} submit="Save">
        {(form) => (
          <>
            <Select form={form} name="userId" label="Person (accounts with the panel member role)" required placeholder="Choose" options={props.candidates} />
            <Choices form={form} name="roles" label="Pool roles" required multiple options={(Object.keys(POOL_ROLE_LABELS) as PoolRole[]).map((role) => ({ value: role, label: POOL_ROLE_LABELS[role] }))} />
            <Choices form={form} name="active" label="Available to sit?" required options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No, not for now' }]} />
          </>
        )}
      </PoolFormBox>
      <PoolFormBox id="training" title="Record training" action="/staff/panel-pool/training" failed={props.failed} csrfToken={csrf} submit="Record the training">
        {(form) => (
          <>
            <Select form={form} name="userId" label="Pool member" required placeholder="Choose" options={members} />
            <TextInput form={form} name="course" label="Course" required />
            <TextInput form={form} name="completedOn" label="Completed on" hint="YYYY-MM-DD" required width="short" />
            <TextInput form={form} name="expiresOn" label="Expires on" hint="YYYY-MM-DD" required width="short" />
          </>
        )}
      </PoolFormBox>
      <PoolFormBox id="interest" title="Record a declared interest" action="/staff/panel-pool/interests" failed={props.failed} csrfToken={csrf} submit="Record the interest">
        {(form) => (
          <>
            <Select form={form} name="userId" label="Pool member" required placeholder="Choose" options={members} />
            <InterestFields form={form} />
          </>
        )}
      </PoolFormBox>
    </Layout>
  );
}

function InterestFields(props: { form: FormState }) {
  return (
    <>
      <Select form={props.form} name="kind" label="Kind of interest" required placeholder="Choose" options={KIND_OPTIONS} />
      <TextInput form={props.form} name="value" label="The branch, group, person or office" required />
      <TextInput form={props.form} name="endedOn" label="Ended on (for a past interest)" hint="YYYY-MM-DD; leave blank if it continues." width="short" />
    </>
  );
}

/** A panel member's own declarations: what the screening will hold against them. */
export function MyInterestsPage(props: Staffed & { member: PoolMember | null; failed: PoolForm | null }) {
  const csrf = props.viewer.csrfToken;
  return (
    <Layout title="Your declared interests" organisation={props.organisation} viewer={props.viewer}>
      <h1>Your declared interests</h1>
      <p>
        Declare anything that could make you, or appear to make you, less than impartial: your branch or unit, groups you belong to, relationships, offices you hold, and any political activity.
        You are screened against these before you see a case, so that you are never asked to sit where you should not.
      </p>
      {props.member ? (
        <>
          <p>Training: {props.member.missingTraining.length === 0 ? 'in date.' : `missing ${props.member.missingTraining.join(', ')} — you cannot sit until it is recorded.`}</p>
          <InterestList member={props.member} csrfToken={csrf} endAction={(interestId) => `/staff/interests/${interestId}/end`} />
        </>
      ) : (
        <p>You are not in the panel pool yet; you can still declare your interests now.</p>
      )}
      <PoolFormBox id="interest" title="Declare an interest" action="/staff/interests" failed={props.failed} csrfToken={csrf} submit="Declare">
        {(form) => <InterestFields form={form} />}
      </PoolFormBox>
    </Layout>
  );
}

/** The register of sanctions, searched by person. */
export function SanctionsRegisterPage(props: Staffed & { form: FormState; results: { sanctions: RegisterEntry[]; interim: InterimRegisterEntry[] } | null }) {
  const form = { ...props.form, idPrefix: 'register' };
  return (
    <Layout title="Register of sanctions" organisation={props.organisation} viewer={props.viewer}>
      <h1>Register of sanctions</h1>
      <p>Check a person before accepting a readmission, a candidacy or an invitation to speak. The register says what is in force; the reasons stay with the case.</p>
      <ErrorSummary form={form} />
      <form method="get" action="/staff/sanctions" class="filters" novalidate>
        <TextInput form={form} name="membershipNumber" label="Membership number" width="short" />
        <TextInput form={form} name="name" label="Full name" />
        <button type="submit" class="button">
          Search
        </button>
      </form>
      {props.results === null ? null : props.results.sanctions.length === 0 && props.results.interim.length === 0 ? (
        <p data-testid="register-empty">No sanction or interim measure is recorded against that person.</p>
      ) : (
        <>
          {props.results.interim.length > 0 ? (
            <table>
              <caption>Interim measures (administrative suspensions pending a decision)</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Effects</th>
                  <th scope="col">From</th>
                  <th scope="col">Until at the latest</th>
                  <th scope="col">Status</th>
                  <th scope="col">Case</th>
                </tr>
              </thead>
              <tbody data-testid="register-interim">
                {props.results.interim.map((entry) => (
                  <tr>
                    <td>
                      {entry.personName}
                      {entry.membershipNumber ? ` (${entry.membershipNumber})` : ''}
                    </td>
                    <td>{entry.effects.join('; ')}</td>
                    <td>{formatDate(entry.startsOn)}</td>
                    <td>{formatDate(entry.endsOn)}</td>
                    <td>{humanise(entry.status)}</td>
                    <td>{entry.caseReference}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {props.results.sanctions.length > 0 ? (
        <table>
          <caption>Sanctions recorded</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Sanction</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Status</th>
              <th scope="col">Case</th>
            </tr>
          </thead>
          <tbody data-testid="register">
            {props.results.sanctions.map((entry) => (
              <tr>
                <td>
                  {entry.personName}
                  {entry.membershipNumber ? ` (${entry.membershipNumber})` : ''}
                </td>
                <td>{entry.sanction}</td>
                <td>{formatDate(entry.startsOn)}</td>
                <td>{entry.endsOn ? `${entry.effect === 'expelled' ? 'readmission considered from ' : ''}${formatDate(entry.endsOn)}` : '—'}</td>
                <td>
                  {humanise(entry.status)}
                  {entry.liftReason ? `: ${entry.liftReason}` : ''}
                </td>
                <td>{entry.caseReference}</td>
              </tr>
            ))}
          </tbody>
        </table>
          ) : null}
        </>
      )}
    </Layout>
  );
}
