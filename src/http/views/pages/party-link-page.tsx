import { Layout, type Viewer } from '../components/layout.js';

/** Shown once after a new link was made for a party without an e-mail address: to print in the letter to them. */
export function PartyLinkPage(props: { organisation: string; viewer: NonNullable<Viewer>; caseId: string; reference: string; partyName: string; link: string }) {
  return (
    <Layout title={`Case-page link for ${props.partyName}`} organisation={props.organisation} viewer={props.viewer}>
      <p class="caption">{props.reference}</p>
      <h1>Case-page link for {props.partyName}</h1>
      <p>{props.partyName} has no e-mail address on record, so print this link in your letter to them. It is shown only now; earlier links no longer work.</p>
      <p class="receipt">
        <span class="secret" data-testid="party-link">
          {props.link}
        </span>
      </p>
      <p>
        <a href={`/staff/cases/${props.caseId}`}>Back to the case</a>
      </p>
    </Layout>
  );
}
