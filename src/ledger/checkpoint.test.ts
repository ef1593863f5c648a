import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type SigningKey,
  type Verifier,
  checkpointBody,
  generateSigningKey,
  isValidKeyName,
  keyId,
  openCheckpoint,
  openNote,
  parseCheckpointBody,
  parseVerifierKey,
  publicKeyFromRaw,
  rawPublicKey,
  signCheckpoint,
  signNote,
  signingKeyFromSeed,
  verifierKey,
  verifierOf,
} from './checkpoint.js';
import { EMPTY_ROOT, merkleRoot } from './merkle.js';

const EM_DASH = '\u2014';
const PKCS8_PREFIX_HEX = '302e020100300506032b657004220420';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** Key from a seed built here directly from the PKCS#8 prefix (independently of signingKeyFromSeed). */
function keyFromSeed(name: string, seed: Uint8Array): SigningKey {
  const der = Buffer.concat([Buffer.from(PKCS8_PREFIX_HEX, 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { name, privateKey, publicKey: createPublicKey(privateKey) };
}

/** Rewrites the base64 blob of signature line `line` (0-based) with `edit`. */
function editSignature(note: string, line: number, edit: (blob: Uint8Array) => void): string {
  const split = note.lastIndexOf('\n\n');
  const lines = note.slice(split + 2, -1).split('\n');
  const target = lines[line]!;
  const space = target.lastIndexOf(' ');
  const blob = new Uint8Array(Buffer.from(target.slice(space + 1), 'base64'));
  edit(blob);
  lines[line] = `${target.slice(0, space + 1)}${b64(blob)}`;
  return `${note.slice(0, split + 2)}${lines.join('\n')}\n`;
}

const leaves = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(`case event ${i}`));
const ROOT13 = merkleRoot(leaves);

// ---------------------------------------------------------------------------
// Published vectors, from an implementation other than this one.

// golang.org/x/mod/sumdb/note package documentation (used as data only): signer key
// "PRIVATE+KEY+PeterNeumann+c74f20a3+" + base64(0x01 || seed), its verifier key and the
// exact signed note Go produces.
const GO_SIGNER_SEED_B64 = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n${EM_DASH} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

// The example verifier key and note of the C2SP signed-note specification.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE = `This is an example message.\n\n${EM_DASH} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n`;

// Checkpoint known answer: seed 0x00..0x1f, the C2SP tlog-checkpoint example body. The
// expected values were computed independently with Python's `cryptography` package
// (Ed25519PrivateKey.from_private_bytes(seed).sign(body)) and hashlib.
const KAT_NAME = 'example.com/behind-the-sofa';
const KAT_SEED = Uint8Array.from({ length: 32 }, (_, i) => i);
const KAT_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const KAT_PUBLIC_HEX = '03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8';
const KAT_KEY_ID_HEX = '1f59e8f5';
const KAT_VKEY = 'example.com/behind-the-sofa+1f59e8f5+AQOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4';
const KAT_NOTE = `${KAT_BODY}\n${EM_DASH} example.com/behind-the-sofa H1no9Vbha/V7K+0nOUyOYWY2eeqkJO0R/8eVdJBP1U6klJ63rYHH36AjiNbqMeYZ5wXtNMpYFqOQG4s/igFrnBBp3AU=\n`;

describe('known answers', () => {
  it('reproduces the Go sumdb/note example byte for byte', () => {
    const seed = new Uint8Array(Buffer.from(GO_SIGNER_SEED_B64, 'base64'));
    expect(seed[0]).toBe(0x01);
    const key = keyFromSeed('PeterNeumann', seed.slice(1));
    const raw = rawPublicKey(key.publicKey);
    expect(hex(keyId('PeterNeumann', raw))).toBe('c74f20a3');
    expect(verifierKey('PeterNeumann', raw)).toBe(GO_VKEY);
    expect(signNote(GO_TEXT, key)).toBe(GO_NOTE);
    expect(openNote(GO_NOTE, [parseVerifierKey(GO_VKEY)])).toEqual({ body: GO_TEXT, verifiedBy: ['PeterNeumann'], unknown: [] });
  });

  it('opens the C2SP signed-note specification example', () => {
    const v = parseVerifierKey(SPEC_VKEY);
    expect(v.name).toBe('example.com/foo');
    expect(hex(v.keyId)).toBe('530d903a');
    expect(openNote(SPEC_NOTE, [v]).body).toBe('This is an example message.\n');
  });

  it('signs a fixed checkpoint with a fixed seed to a stable note', () => {
    const key = keyFromSeed(KAT_NAME, KAT_SEED);
    const raw = rawPublicKey(key.publicKey);
    expect(hex(raw)).toBe(KAT_PUBLIC_HEX);
    expect(hex(keyId(KAT_NAME, raw))).toBe(KAT_KEY_ID_HEX);
    expect(verifierKey(KAT_NAME, raw)).toBe(KAT_VKEY);
    const body = checkpointBody({
      origin: KAT_NAME,
      size: 20852163,
      rootHash: new Uint8Array(Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64')),
    });
    expect(body).toBe(KAT_BODY);
    expect(signNote(body, key)).toBe(KAT_NOTE);
    // signingKeyFromSeed gives the same key, and signing is deterministic.
    expect(signNote(body, signingKeyFromSeed(KAT_NAME, KAT_SEED))).toBe(KAT_NOTE);
    const opened = openCheckpoint(KAT_NOTE, [parseVerifierKey(KAT_VKEY)]);
    expect(opened.verifiedBy).toEqual([KAT_NAME]);
    expect(opened.checkpoint.size).toBe(20852163n);
    expect(opened.checkpoint.origin).toBe(KAT_NAME);
  });
});

// ---------------------------------------------------------------------------

describe('keys', () => {
  it('keyId matches an independent SHA-256(name || 0x0A || 0x01 || key)[:4]', () => {
    for (let i = 0; i < 5; i++) {
      const { publicKey } = generateKeyPairSync('ed25519');
      const der = publicKey.export({ format: 'der', type: 'spki' });
      const raw = new Uint8Array(der.subarray(der.length - 32));
      const name = `redress.example/ledger-${i}`;
      const expected = createHash('sha256')
        .update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), raw]))
        .digest()
        .subarray(0, 4);
      expect(hex(keyId(name, raw))).toBe(expected.toString('hex'));
      expect(hex(rawPublicKey(publicKey))).toBe(hex(raw));
      expect(hex(rawPublicKey(publicKeyFromRaw(raw)))).toBe(hex(raw));
    }
  });

  it('keyId hashes a non-ASCII name as UTF-8', () => {
    const raw = new Uint8Array(32).fill(7);
    const name = 'ledger.example/café';
    const expected = createHash('sha256').update(Buffer.concat([Buffer.from(name, 'utf8'), Buffer.from([0x0a, 0x01]), raw])).digest();
    expect(hex(keyId(name, raw))).toBe(expected.subarray(0, 4).toString('hex'));
  });

  it('verifierKey and parseVerifierKey round trip', () => {
    const key = generateSigningKey('redress.example/ledger');
    const raw = rawPublicKey(key.publicKey);
    const text = verifierKey(key.name, raw);
    expect(text).toMatch(/^redress\.example\/ledger\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const v = parseVerifierKey(text);
    expect(v.name).toBe(key.name);
    expect(hex(v.keyId)).toBe(hex(keyId(key.name, raw)));
    expect(hex(rawPublicKey(v.publicKey))).toBe(hex(raw));
    expect(hex(verifierOf(key).keyId)).toBe(hex(v.keyId));
    // Upper-case hex is accepted (as by Go's strconv.ParseUint).
    const id = hex(v.keyId);
    expect(parseVerifierKey(text.replace(`+${id}+`, `+${id.toUpperCase()}+`)).name).toBe(key.name);
  });

  it('parseVerifierKey rejects a wrong key id and other malformed keys', () => {
    const [name, id, key] = ['PeterNeumann', 'c74f20a3', 'ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'];
    expect(() => parseVerifierKey(`${name}+c74f20a4+${key}`)).toThrow(/does not match/);
    expect(() => parseVerifierKey(`${name}+00000000+${key}`)).toThrow(/does not match/);
    // Same key under another name: the id no longer matches.
    expect(() => parseVerifierKey(`PeterNeuman+${id}+${key}`)).toThrow(/does not match/);
    // A different key with the same id.
    const other = b64(Uint8Array.from([0x01, ...new Uint8Array(32).fill(9)]));
    expect(() => parseVerifierKey(`${name}+${id}+${other}`)).toThrow(/does not match/);
    expect(() => parseVerifierKey(`${name}+c74f20a+${key}`)).toThrow(/8 hex digits/);
    expect(() => parseVerifierKey(`${name}+c74f20a3z+${key}`)).toThrow(/8 hex digits/);
    expect(() => parseVerifierKey(`${name}+${id}`)).toThrow(/malformed/);
    expect(() => parseVerifierKey(name)).toThrow(/malformed/);
    expect(() => parseVerifierKey(`+${id}+${key}`)).toThrow(/key name/);
    expect(() => parseVerifierKey(`Peter Neumann+${id}+${key}`)).toThrow(/key name/);
    expect(() => parseVerifierKey(`${name}+${id}+${key.slice(0, -1)}`)).toThrow(/base64/);
    expect(() => parseVerifierKey(`${name}+${id}+${b64(Uint8Array.from([0x02, ...new Uint8Array(32)]))}`)).toThrow(/algorithm/);
    expect(() => parseVerifierKey(`${name}+${id}+${b64(Uint8Array.from([0x01, ...new Uint8Array(31)]))}`)).toThrow(/31 bytes/);
  });

  it('enforces the key name rule', () => {
    for (const good of ['a', 'example.com/log42', 'PeterNeumann', 'café/日本']) expect(isValidKeyName(good)).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\tb', 'a\nb', 'a\u00a0b', 'a\u2003b', 'a\u3000b', '\ud800x', 'a\u0001b']) {
      expect(isValidKeyName(bad)).toBe(false);
    }
    expect(() => generateSigningKey('has space')).toThrow(/key name/);
    expect(() => keyId('a+b', new Uint8Array(32))).toThrow(/key name/);
    expect(() => keyId('ok', new Uint8Array(31))).toThrow(/32 bytes/);
  });
});

// ---------------------------------------------------------------------------

describe('checkpoint bodies', () => {
  it('formats the C2SP body and parses it back', () => {
    const body = checkpointBody({ origin: 'redress.example/ledger', size: 13, rootHash: ROOT13 });
    expect(body).toBe(`redress.example/ledger\n13\n${b64(ROOT13)}\n`);
    const parsed = parseCheckpointBody(body);
    expect(parsed).toEqual({ origin: 'redress.example/ledger', size: 13n, rootHash: ROOT13, extensions: [] });
    expect(checkpointBody({ origin: 'o', size: 0, rootHash: EMPTY_ROOT })).toBe('o\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
    expect(checkpointBody({ origin: 'o', size: 2n ** 64n - 1n, rootHash: ROOT13 })).toContain('\n18446744073709551615\n');
  });

  it('keeps extension lines', () => {
    const body = checkpointBody({ origin: 'o', size: 5, rootHash: ROOT13, extensions: ['Timestamp: 1700000000', 'x'] });
    expect(body.endsWith('\nTimestamp: 1700000000\nx\n')).toBe(true);
    expect(parseCheckpointBody(body).extensions).toEqual(['Timestamp: 1700000000', 'x']);
  });

  it('refuses invalid input when formatting', () => {
    expect(() => checkpointBody({ origin: '', size: 1, rootHash: ROOT13 })).toThrow(/origin/);
    expect(() => checkpointBody({ origin: 'a\nb', size: 1, rootHash: ROOT13 })).toThrow(/newline/);
    expect(() => checkpointBody({ origin: 'a\rb', size: 1, rootHash: ROOT13 })).toThrow(/control/);
    expect(() => checkpointBody({ origin: 'o', size: -1, rootHash: ROOT13 })).toThrow(/size/);
    expect(() => checkpointBody({ origin: 'o', size: 1.5, rootHash: ROOT13 })).toThrow(/size/);
    expect(() => checkpointBody({ origin: 'o', size: 2 ** 53, rootHash: ROOT13 })).toThrow(/size/);
    expect(() => checkpointBody({ origin: 'o', size: -1n, rootHash: ROOT13 })).toThrow(/size/);
    expect(() => checkpointBody({ origin: 'o', size: 2n ** 64n, rootHash: ROOT13 })).toThrow(/size/);
    expect(() => checkpointBody({ origin: 'o', size: 1, rootHash: ROOT13.slice(1) })).toThrow(/32 bytes/);
    expect(() => checkpointBody({ origin: 'o', size: 1, rootHash: ROOT13, extensions: [''] })).toThrow(/extension/);
  });

  it('refuses malformed bodies with a descriptive error', () => {
    const root = b64(ROOT13);
    const cases: [string, RegExp][] = [
      [`o\n1\n${root}`, /end with a newline/],
      [`o\n1\n`, /at least 3 lines/],
      [`\n1\n${root}\n`, /line 1 is empty/],
      [`o\n\n${root}\n`, /line 2 is empty/],
      [`o\n1\n${root}\n\n`, /line 4 is empty/],
      [`o\n1\n${root}\next\n\n`, /line 5 is empty/],
      [`o\n01\n${root}\n`, /leading zeros/],
      [`o\n-1\n${root}\n`, /decimal/],
      [`o\n+1\n${root}\n`, /decimal/],
      [`o\n 1\n${root}\n`, /decimal/],
      [`o\n1e3\n${root}\n`, /decimal/],
      [`o\n0x10\n${root}\n`, /decimal/],
      [`o\n18446744073709551616\n${root}\n`, /64 bits/],
      [`o\n1\n${root.slice(0, -1)}\n`, /base64/],
      [`o\n1\n${root.replace('=', '')}\n`, /base64/],
      [`o\n1\n${root.slice(0, -2)}B=\n`, /base64/], // non-zero unused bits (43rd char must encode 4 bits + 00)
      [`o\n1\n${b64(ROOT13.slice(1))}\n`, /31 bytes/],
      [`o\n1\n${b64(new Uint8Array(33))}\n`, /33 bytes/],
      [`o\r\n1\n${root}\n`, /control/],
      [`o\n1\n${root}\r\n`, /control/],
    ];
    for (const [text, message] of cases) expect(() => parseCheckpointBody(text), JSON.stringify(text)).toThrow(message);
    expect(parseCheckpointBody(`o\n18446744073709551615\n${root}\n`).size).toBe(2n ** 64n - 1n);
    expect(parseCheckpointBody(`o\n0\n${root}\n`).size).toBe(0n);
  });
});

// ---------------------------------------------------------------------------

describe('signed notes', () => {
  const log = generateSigningKey('redress.example/ledger');
  const logVerifier = verifierOf(log);
  const witness = generateSigningKey('overseer.example/witness');
  const witnessVerifier = verifierOf(witness);
  const body = checkpointBody({ origin: log.name, size: 13, rootHash: ROOT13 });
  const note = signNote(body, log);

  it('round trips with a generated key', () => {
    expect(note.startsWith(`${body}\n${EM_DASH} ${log.name} `)).toBe(true);
    expect(note.endsWith('\n')).toBe(true);
    const opened = openNote(note, [logVerifier]);
    expect(opened).toEqual({ body, verifiedBy: [log.name], unknown: [] });
    expect(parseCheckpointBody(opened.body).rootHash).toEqual(ROOT13);
    // From bytes too.
    expect(openNote(new TextEncoder().encode(note), [logVerifier]).body).toBe(body);
    // Via the verifier-key string.
    expect(openNote(note, [parseVerifierKey(verifierKey(log.name, rawPublicKey(log.publicKey)))]).body).toBe(body);
    // signCheckpoint / openCheckpoint.
    const signed = signCheckpoint({ origin: log.name, size: 13, rootHash: ROOT13 }, log);
    expect(signed).toBe(note);
    expect(openCheckpoint(signed, [logVerifier]).checkpoint).toEqual({ origin: log.name, size: 13n, rootHash: ROOT13, extensions: [] });
  });

  it('the signature line carries the key id and a 64-byte signature over the body bytes', () => {
    const line = note.slice(note.lastIndexOf('\n\n') + 2, -1);
    const blob = Buffer.from(line.split(' ')[2]!, 'base64');
    expect(blob.length).toBe(68);
    expect(hex(blob.subarray(0, 4))).toBe(hex(keyId(log.name, rawPublicKey(log.publicKey))));
  });

  it('signs with several keys and verifies each known one', () => {
    const both = signNote(body, [log, witness]);
    expect(both.split(EM_DASH).length).toBe(3);
    expect(openNote(both, [logVerifier, witnessVerifier]).verifiedBy).toEqual([log.name, witness.name]);
    expect(() => signNote(body, [log, log])).toThrow(/twice/);
    expect(() => signNote(body, [])).toThrow(/at least one/);
  });

  it('allows blank lines inside the body (split at the last blank line)', () => {
    const text = 'first paragraph\n\nsecond paragraph\n';
    const signed = signNote(text, log);
    expect(openNote(signed, [logVerifier]).body).toBe(text);
    const trailingBlank = 'text\n\n';
    expect(openNote(signNote(trailingBlank, log), [logVerifier]).body).toBe(trailingBlank);
  });

  describe('tampering is refused', () => {
    const root = b64(ROOT13);
    const BAD_SIGNATURE = /invalid signature/;
    const NO_KNOWN_KEY = /not signed by any known key/;
    const MALFORMED = /malformed/;
    const tampered: [string, () => string, RegExp][] = [
      ['a body byte (origin)', () => note.replace('redress.example/ledger\n', 'redress.example/ledgeR\n'), BAD_SIGNATURE],
      ['the size', () => note.replace('\n13\n', '\n14\n'), BAD_SIGNATURE],
      [
        'the root',
        () => {
          const other = new Uint8Array(ROOT13);
          other[0]! ^= 1;
          return note.replace(root, b64(other));
        },
        BAD_SIGNATURE,
      ],
      ['a signature byte', () => editSignature(note, 0, (blob) => void (blob[10]! ^= 0x01)), BAD_SIGNATURE],
      ['the last signature byte', () => editSignature(note, 0, (blob) => void (blob[67]! ^= 0x80)), BAD_SIGNATURE],
      ['the key id', () => editSignature(note, 0, (blob) => void (blob[0]! ^= 0x01)), NO_KNOWN_KEY],
      ['the name', () => note.replace(`${EM_DASH} ${log.name} `, `${EM_DASH} redress.example/ledgeR `), NO_KNOWN_KEY],
      ['the em dash replaced by "-"', () => note.replace(`${EM_DASH} `, '- '), MALFORMED],
      ['the em dash replaced by "--"', () => note.replace(`${EM_DASH} `, '-- '), MALFORMED],
      ['the em dash replaced by an en dash', () => note.replace(`${EM_DASH} `, '\u2013 '), MALFORMED],
      ['the blank line removed', () => note.replace('\n\n', '\n'), MALFORMED],
      ['the final newline removed', () => note.slice(0, -1), MALFORMED],
      ['CRLF line endings', () => note.replaceAll('\n', '\r\n'), MALFORMED],
      ['a second space after the name', () => note.replace(`${log.name} `, `${log.name}  `), MALFORMED],
      ['an appended line of text', () => `${note}extra\n`, MALFORMED],
    ];
    for (const [what, make, reason] of tampered) {
      it(what, () => {
        const bad = make();
        expect(bad).not.toBe(note);
        expect(() => openNote(bad, [logVerifier])).toThrow(reason);
      });
    }
  });

  it('refuses a note whose known signature is bad even if another known key signed', () => {
    const both = signNote(body, [log, witness]);
    const bad = editSignature(both, 1, (blob) => void (blob[20]! ^= 0x04));
    expect(() => openNote(bad, [logVerifier, witnessVerifier])).toThrow(/invalid signature by overseer/);
    // If the witness is not a known key, its line is ignored.
    expect(openNote(bad, [logVerifier]).verifiedBy).toEqual([log.name]);
  });

  it('a known key with a signature of the wrong length is refused, not ignored', () => {
    const short = editSignature(note, 0, () => undefined).replace(/ ([A-Za-z0-9+/=]+)\n$/, (_m, s: string) => {
      const blob = Buffer.from(s, 'base64');
      return ` ${blob.subarray(0, 40).toString('base64')}\n`;
    });
    expect(() => openNote(short, [logVerifier])).toThrow(/invalid signature/);
  });

  it('ignores signatures from unknown keys, but refuses a note signed only by unknown keys', () => {
    const stranger = generateSigningKey('stranger.example');
    // Same name as the log but a different key: different key id, so unknown.
    const impostor = generateSigningKey(log.name);
    const signed = signNote(body, [stranger, log, impostor]);
    const opened = openNote(signed, [logVerifier]);
    expect(opened.verifiedBy).toEqual([log.name]);
    expect(opened.unknown.map((u) => u.name)).toEqual([stranger.name, log.name]);
    expect(hex(opened.unknown[1]!.keyId)).toBe(hex(verifierOf(impostor).keyId));

    expect(() => openNote(signNote(body, [stranger, impostor]), [logVerifier])).toThrow(/not signed by any known key/);
    expect(() => openNote(note, [])).toThrow(/not signed by any known key/);
    expect(() => openNote(note, [witnessVerifier])).toThrow(/not signed by any known key/);
  });

  it('a signature with a known key id under another name is unknown', () => {
    // Re-label the log's signature line with another name: (name, id) no longer match a key.
    const relabelled = note.replace(`${EM_DASH} ${log.name} `, `${EM_DASH} other.example `);
    expect(() => openNote(relabelled, [logVerifier])).toThrow(/not signed by any known key/);
    const mixed = `${relabelled}${note.slice(note.lastIndexOf('\n\n') + 2)}`;
    expect(openNote(mixed, [logVerifier]).verifiedBy).toEqual([log.name]);
  });

  it('accepts repeated identical signature lines once', () => {
    const line = note.slice(note.lastIndexOf('\n\n') + 2);
    const repeated = `${note}${line}`;
    const opened = openNote(repeated, [logVerifier]);
    expect(opened.verifiedBy).toEqual([log.name]);
    // A repeated line from a known key that does not verify still refuses the note.
    const badRepeat = `${note}${editSignature(`x\n\n${line}`, 0, (blob) => void (blob[30]! ^= 1)).slice(3)}`;
    expect(() => openNote(badRepeat, [logVerifier])).toThrow(/invalid signature/);
  });

  it('refuses malformed signature lines', () => {
    const sigLine = note.slice(note.lastIndexOf('\n\n') + 2, -1);
    const sig = sigLine.split(' ')[2]!;
    const cases = [
      `${body}\n${EM_DASH} ${log.name}\n`,
      `${body}\n${EM_DASH} ${log.name} \n`,
      `${body}\n${EM_DASH}  ${sig}\n`,
      `${body}\n${EM_DASH} ${log.name} ${sig.slice(0, -1)}\n`,
      `${body}\n${EM_DASH} ${log.name} ${sig}!\n`,
      `${body}\n${EM_DASH} ${log.name} ${b64(new Uint8Array(4))}\n`,
      `${body}\n${EM_DASH} a+b ${sig}\n`,
      `${body}\n${EM_DASH}${log.name} ${sig}\n`,
      `${body}\n${sigLine}\n\n`,
      `${body}\n`,
      `${body}`,
      `${body}\n${sigLine}\nnot a signature\n`,
    ];
    for (const text of cases) expect(() => openNote(text, [logVerifier]), JSON.stringify(text)).toThrow();
    // Invalid UTF-8 bytes and control characters.
    const bytes = new Uint8Array(Buffer.concat([Buffer.from([0xff]), Buffer.from(note)]));
    expect(() => openNote(bytes, [logVerifier])).toThrow(/UTF-8/);
    expect(() => openNote(`\u0000${note}`, [logVerifier])).toThrow(/control/);
  });

  it('caps the number of signature lines at 100', () => {
    const stranger = generateSigningKey('stranger.example');
    const strangerLine = signNote(body, stranger).slice(body.length + 1);
    const many = (n: number) => `${note}${Array.from({ length: n }, (_, i) => strangerLine.replace('stranger.example', `s${i}`)).join('')}`;
    expect(openNote(many(99), [logVerifier]).verifiedBy).toEqual([log.name]);
    expect(() => openNote(many(100), [logVerifier])).toThrow(/at most 100/);
  });

  it('refuses invalid bodies and keys when signing', () => {
    expect(() => signNote('no newline', log)).toThrow(/newline/);
    expect(() => signNote('tab\there\n', log)).toThrow(/control/);
    expect(() => signNote('cr\r\n', log)).toThrow(/control/);
    expect(() => signNote('\ud800\n', log)).toThrow(/well-formed/);
    expect(() => signNote(body, { ...log, name: 'bad name' })).toThrow(/key name/);
    expect(() => signNote(body, { ...log, name: 'bad+name' })).toThrow(/key name/);
    expect(() => signNote(body, { ...log, name: '' })).toThrow(/key name/);
    expect(() => signNote(body, { ...log, publicKey: witness.publicKey })).toThrow(/does not belong/);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signNote(body, { ...log, privateKey })).toThrow(/Ed25519/);
  });

  it('refuses inconsistent or ambiguous verifier lists', () => {
    const wrongId: Verifier = { ...logVerifier, keyId: Uint8Array.of(0, 0, 0, 0) };
    expect(() => openNote(note, [wrongId])).toThrow(/does not match/);
    const renamed: Verifier = { ...logVerifier, name: 'other.example' };
    expect(() => openNote(note, [renamed])).toThrow(/does not match/);
    // The same verifier twice is fine.
    expect(openNote(note, [logVerifier, logVerifier]).verifiedBy).toEqual([log.name]);
  });
});
