import { describe, expect, it } from 'vitest';
import { generateSigningKey, signCheckpoint, verifierOf, verifierKey, rawPublicKey, type SigningKey } from './checkpoint.js';
import { leafData } from './leaf.js';
import { leafHash, merkleRoot } from './merkle.js';
import { KEY_ROTATION_EXTENSION, verifyLog, type LogEntry } from './verify-log.js';

const ORIGIN = 'verify.test/ledger';

function makeLog(count: number): string[] {
  return Array.from({ length: count }, (_, seq) =>
    leafData({ seq, time: `2026-03-0${1 + (seq % 9)}T10:00:00.000Z`, actor: { kind: 'public' }, case: `case-${seq % 3}`, event: `event-${seq}`, type: 'note_added', payload: 'ab'.repeat(32) }),
  );
}

async function* entriesOf(leaves: string[]): AsyncGenerator<LogEntry[]> {
  // Batches of 5, so batch edges fall inside the log.
  const entries = leaves.map((leafData, sequence) => ({ sequence, leafData }));
  for (let start = 0; start < entries.length; start += 5) yield entries.slice(start, start + 5);
}

function checkpointAt(leaves: string[], size: number, keys: SigningKey | SigningKey[], extensions: string[] = []): string {
  const root = merkleRoot(leaves.slice(0, size).map((leaf) => new TextEncoder().encode(leaf)));
  return signCheckpoint({ origin: ORIGIN, size, rootHash: root, extensions }, keys);
}

describe('verifying a log', () => {
  const key = generateSigningKey(ORIGIN);
  const leaves = makeLog(12);

  it('accepts the entries with their checkpoints and returns the state to keep', async () => {
    const result = await verifyLog({ entries: entriesOf(leaves), checkpoints: [checkpointAt(leaves, 5, key), checkpointAt(leaves, 12, key)], verifiers: [verifierOf(key)] });
    expect(result).toMatchObject({ ok: true, size: 12, checkpoints: 2, state: { size: 12 } });
    expect(leafHash(new TextEncoder().encode(leaves[0]!))).toHaveLength(32);
  });

  it('refuses a leaf that is not in canonical form, naming the entry', async () => {
    const spaced = [...leaves];
    spaced[3] = spaced[3]!.replace('{', '{ ');
    const result = await verifyLog({ entries: entriesOf(spaced), checkpoints: [], verifiers: [verifierOf(key)] });
    expect(result).toMatchObject({ ok: false, entry: 3 });
  });

  it('follows a key rotation announced by a trusted key, and remembers the new key', async () => {
    const next = generateSigningKey(ORIGIN);
    const announcement = `${KEY_ROTATION_EXTENSION} ${verifierKey(ORIGIN, rawPublicKey(next.publicKey))}`;
    const checkpoints = [checkpointAt(leaves, 4, key), checkpointAt(leaves, 8, [key, next], [announcement]), checkpointAt(leaves, 12, next)];
    const result = await verifyLog({ entries: entriesOf(leaves), checkpoints, verifiers: [verifierOf(key)] });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.state?.keys).toEqual([verifierKey(ORIGIN, rawPublicKey(next.publicKey))]);
  });

  it('does not follow a rotation announced only by an untrusted key', async () => {
    const intruder = generateSigningKey(ORIGIN);
    const announcement = `${KEY_ROTATION_EXTENSION} ${verifierKey(ORIGIN, rawPublicKey(intruder.publicKey))}`;
    const checkpoints = [checkpointAt(leaves, 4, key), checkpointAt(leaves, 8, intruder, [announcement]), checkpointAt(leaves, 12, intruder)];
    const result = await verifyLog({ entries: entriesOf(leaves), checkpoints, verifiers: [verifierOf(key)] });
    expect(result).toMatchObject({ ok: false, checkpoint: 1 });
  });

  it('refuses a log that is shorter than one verified before, or rewritten at a size seen before', async () => {
    const first = await verifyLog({ entries: entriesOf(leaves), checkpoints: [checkpointAt(leaves, 12, key)], verifiers: [verifierOf(key)] });
    if (!first.ok || !first.state) throw new Error('first verification failed');
    const shorter = await verifyLog({ entries: entriesOf(leaves.slice(0, 8)), checkpoints: [checkpointAt(leaves, 8, key)], verifiers: [verifierOf(key)], previous: first.state });
    expect(shorter).toMatchObject({ ok: false });
    if (!shorter.ok) expect(shorter.problem).toMatch(/shrank|fewer/);
    const rewritten = makeLog(12).map((leaf, index) => (index === 2 ? leaf.replace('note_added', 'case_viewed') : leaf));
    const again = await verifyLog({ entries: entriesOf(rewritten), checkpoints: [checkpointAt(rewritten, 12, key)], verifiers: [verifierOf(key)], previous: first.state });
    expect(again).toMatchObject({ ok: false });
    if (!again.ok) expect(again.problem).toMatch(/rewritten/);
  });
});

describe('the canonical form of leaves', () => {
  it('accepts exactly the canonicaliser’s output and refuses other spellings of the same content', async () => {
    const { parseLeaf, leafData: makeLeaf } = await import('./leaf.js');
    const leaf = makeLeaf({ seq: 1, time: 't', actor: { name: 'Zoë “Z” \\u2028', kind: 'user' }, case: null, event: 'e', type: 'x', payload: 'p' });
    expect(parseLeaf(leaf).actor).toEqual({ kind: 'user', name: 'Zoë “Z” \\u2028' });
    const variants = [
      leaf.replace('{', '{ '),
      leaf.replace('"kind":"user","name"', '"name":"Zoë “Z” \\\\u2028","kind":"user","x"'),
      leaf.replace('"seq":1', '"seq":1.0'),
      leaf.replace('Zoë', 'Zo\\u00eb'),
    ];
    for (const variant of variants) expect(() => parseLeaf(variant), variant).toThrow();
  });
});
