import { Layout } from '../components/layout.js';
import { formatDateTime } from '../format.js';

type Checkpoint = { size: number; rootHash: string; issuedAt: string; note: string; publicKey: string };

export function LedgerPage(props: { organisation: string; checkpoint: Checkpoint | null }) {
  const { checkpoint } = props;
  return (
    <Layout title="The case ledger" organisation={props.organisation}>
      <h1>The case ledger</h1>
      <p class="lead">
        Every step taken on every complaint, and every time someone opens a case, is an entry in an append-only log. Its state is signed regularly, with a key the database does
        not hold, so an independent overseer can check that nothing was altered, removed, inserted or reordered.
      </p>
      {checkpoint ? (
        <>
          <h2>Latest signed checkpoint</h2>
          <dl class="summary-list">
            <dt>Entries</dt>
            <dd data-testid="ledger-size">{checkpoint.size}</dd>
            <dt>Root hash</dt>
            <dd>
              <code class="hash">{checkpoint.rootHash}</code>
            </dd>
            <dt>Signed</dt>
            <dd>{formatDateTime(checkpoint.issuedAt)}</dd>
          </dl>
          <pre class="wrap" data-testid="ledger-note">{checkpoint.note}</pre>
          <h2>Public key</h2>
          <p>
            <code class="wrap" data-testid="ledger-key">
              {checkpoint.publicKey}
            </code>
          </p>
        </>
      ) : (
        <p>The ledger has no signed checkpoint yet; the first is signed shortly after the first entry.</p>
      )}
      <h2>How to check it</h2>
      <ul>
        <li>The checkpoint is a C2SP tlog-checkpoint in signed-note format (Ed25519); any implementation of those formats can check its signature.</li>
        <li>
          Proofs follow RFC 9162: <code>/api/v1/ledger/proof/inclusion?index=N&amp;size=S</code> and <code>/api/v1/ledger/proof/consistency?from=A&amp;to=B</code>.
        </li>
        <li>
          An overseer verifies a full export offline with <code>redress ledger verify DIR --key KEY --state FILE</code>.
        </li>
      </ul>
    </Layout>
  );
}
