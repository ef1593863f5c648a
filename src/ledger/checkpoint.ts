/**
 * Signed tree heads in the published C2SP formats:
 *
 * - checkpoint bodies (c2sp.org/tlog-checkpoint): `<origin>\n<size>\n<base64 root>\n`
 *   followed by optional non-empty extension lines;
 * - signed notes (c2sp.org/signed-note) with Ed25519 signatures (signature type 0x01),
 *   byte-compatible with Go's golang.org/x/mod/sumdb/note (same key ids, verifier-key
 *   strings and signature lines), so a checkpoint can be checked by an independent
 *   implementation and not only by this one.
 *
 * Pure apart from node:crypto: no file I/O, no global state.
 *
 * Decisions (where the specifications leave room):
 * - base64 is decoded strictly: standard alphabet, padding required, canonical
 *   (unused trailing bits zero); anything else is malformed. This is stricter than Go,
 *   which also accepts non-zero trailing bits, and removes any malleability.
 * - A checkpoint's tree size must fit in an unsigned 64-bit integer (as in Go's
 *   checkpoint parser); its root hash must decode to exactly 32 bytes.
 * - openNote verifies EVERY signature line that names a known key (name and key id),
 *   and rejects the whole note if any of them fails. (Go verifies only the first line per
 *   key and skips repeats; the signed-note spec says a matching signature MUST be
 *   verified.) Identical repeated lines from unknown keys are harmless and ignored.
 * - At most 100 signature lines are accepted (Go's limit; the spec requires at least 16).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/** Length of a root hash (SHA-256). */
const ROOT_LENGTH = 32;
/** Length of an Ed25519 public key and of an Ed25519 private seed. */
const ED25519_KEY_LENGTH = 32;
/** Length of an Ed25519 signature. */
const ED25519_SIGNATURE_LENGTH = 64;
/** Signed-note signature type byte for Ed25519. */
const ALG_ED25519 = 0x01;
/** Length of a signed-note key id. */
const KEY_ID_LENGTH = 4;
/** Maximum number of signature lines accepted by openNote (Go's limit). */
export const MAX_NOTE_SIGNATURES = 100;
/** Largest tree size accepted in a checkpoint body: 2^64 - 1. */
const MAX_TREE_SIZE = (1n << 64n) - 1n;

/** PKCS#8 DER prefix of an Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
/** SPKI DER prefix of an Ed25519 public key; the 32-byte key follows it. */
const SPKI_ED25519_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

/** The em dash (U+2014) and space that start every signature line. */
const SIGNATURE_PREFIX = '\u2014 ';

// ---------------------------------------------------------------------------
// Types

/** A checkpoint body as parsed by {@link parseCheckpointBody}. */
export interface Checkpoint {
  /** The log identity (first line). */
  origin: string;
  /** The tree size (second line). */
  size: bigint;
  /** The 32-byte RFC 6962 root hash (third line). */
  rootHash: Uint8Array;
  /** Any further lines (C2SP "extension lines"), without their newlines; usually empty. */
  extensions: string[];
}

/** Input to {@link checkpointBody}. */
export interface CheckpointInput {
  origin: string;
  /** A non-negative safe integer or a non-negative bigint below 2^64. */
  size: number | bigint;
  /** The 32-byte root hash. */
  rootHash: Uint8Array;
  /** Optional extension lines (each non-empty, without newline). NOT RECOMMENDED by C2SP. */
  extensions?: readonly string[];
}

/** An Ed25519 signing key with its note key name. Keep the private key outside the database. */
export type SigningKey = { name: string; privateKey: KeyObject; publicKey: KeyObject };

/** A trusted verifier: key name, 4-byte key id and the Ed25519 public key. */
export type Verifier = { name: string; keyId: Uint8Array; publicKey: KeyObject };

/** A signature line that named no known key (kept so that cosignatures can be carried along). */
export interface UnknownSignature {
  name: string;
  keyId: Uint8Array;
  /** The base64 text of the line (key id || signature). */
  signature: string;
}

/** The result of {@link openNote}. */
export interface OpenedNote {
  /** The note text (body), including its final newline. */
  body: string;
  /** Names of the known keys whose signatures verified, in order of first appearance, without repeats. */
  verifiedBy: string[];
  /** Signature lines from keys not in the verifier list (distinct lines, in order). */
  unknown: UnknownSignature[];
}

// ---------------------------------------------------------------------------
// Small helpers

const textEncoder = new TextEncoder();
/** Strict UTF-8 decoder that keeps a leading BOM (so it is rejected as text, not silently dropped). */
const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000B-\u001F]/;
const CONTROL = /[\u0000-\u001F]/;
const WHITE_SPACE = /\p{White_Space}/u;
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict standard base64 (RFC 4648 §4): padded, canonical. Returns undefined when malformed. */
function decodeBase64(text: string): Uint8Array | undefined {
  if (!STRICT_BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) return undefined; // non-zero unused bits
  return new Uint8Array(bytes);
}

function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** True if the string is well-formed UTF-16 (so encodes to valid UTF-8). */
function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value) : String(value);
}

/**
 * Signed-note key name rule: non-empty, valid UTF-8, no Unicode white space and no
 * `+` (U+002B). Control characters are refused too, since no note may contain them.
 */
export function isValidKeyName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    isWellFormed(name) &&
    !WHITE_SPACE.test(name) &&
    !name.includes('+') &&
    !CONTROL.test(name)
  );
}

function requireKeyName(name: unknown): string {
  if (!isValidKeyName(name)) {
    throw new Error(`invalid key name ${show(name)}: it must be non-empty, without white space, '+' or control characters`);
  }
  return name;
}

function requireRawPublicKey(publicKeyRaw: unknown): Uint8Array {
  if (!(publicKeyRaw instanceof Uint8Array) || publicKeyRaw.length !== ED25519_KEY_LENGTH) {
    throw new Error(`an Ed25519 public key must be ${ED25519_KEY_LENGTH} bytes`);
  }
  return publicKeyRaw;
}

function isEd25519(key: unknown, type: 'public' | 'private'): key is KeyObject {
  return (
    typeof key === 'object' &&
    key !== null &&
    (key as KeyObject).type === type &&
    (key as KeyObject).asymmetricKeyType === 'ed25519'
  );
}

// ---------------------------------------------------------------------------
// Checkpoint bodies (c2sp.org/tlog-checkpoint)

function requireBodyLine(line: unknown, what: string): string {
  if (typeof line !== 'string' || line.length === 0) throw new Error(`checkpoint ${what} must be a non-empty string`);
  if (line.includes('\n')) throw new Error(`checkpoint ${what} must not contain a newline`);
  if (CONTROL.test(line)) throw new Error(`checkpoint ${what} must not contain control characters`);
  if (!isWellFormed(line)) throw new Error(`checkpoint ${what} is not well-formed Unicode`);
  return line;
}

/**
 * The checkpoint body `"<origin>\n<size>\n<base64 root>\n"` (plus any extension lines,
 * each followed by a newline). Throws for an empty origin or one containing a newline
 * or another control character, a size that is not a non-negative safe integer or a
 * bigint in [0, 2^64), or a root that is not 32 bytes.
 */
export function checkpointBody(input: CheckpointInput): string {
  const origin = requireBodyLine(input.origin, 'origin');
  const { size, rootHash } = input;
  let sizeBig: bigint;
  if (typeof size === 'bigint') sizeBig = size;
  else if (typeof size === 'number' && Number.isSafeInteger(size)) sizeBig = BigInt(size);
  else throw new Error(`checkpoint size must be a non-negative safe integer or bigint, got ${show(size)}`);
  if (sizeBig < 0n || sizeBig > MAX_TREE_SIZE) throw new Error(`checkpoint size ${sizeBig} is outside [0, 2^64)`);
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== ROOT_LENGTH) {
    throw new Error(`checkpoint root hash must be ${ROOT_LENGTH} bytes`);
  }
  const extensions = (input.extensions ?? []).map((line, i) => requireBodyLine(line, `extension line ${i + 1}`));
  return [origin, sizeBig.toString(10), encodeBase64(rootHash), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Parses a checkpoint body (the note text, not the signed note). Throws a descriptive
 * Error unless the text is at least three non-empty lines, each ending in a newline:
 * origin, tree size (decimal, no leading zeros, below 2^64), root hash (canonical
 * base64 of 32 bytes), then optional non-empty extension lines. Control characters
 * other than newline and ill-formed Unicode are refused.
 */
export function parseCheckpointBody(text: string): Checkpoint {
  if (typeof text !== 'string') throw new Error('checkpoint body must be a string');
  if (!text.endsWith('\n')) throw new Error('checkpoint body must end with a newline');
  if (CONTROL_EXCEPT_NEWLINE.test(text)) throw new Error('checkpoint body contains a control character');
  if (!isWellFormed(text)) throw new Error('checkpoint body is not well-formed Unicode');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error(`checkpoint body must have at least 3 lines, got ${lines.length}`);
  const emptyAt = lines.findIndex((line) => line.length === 0);
  if (emptyAt >= 0) throw new Error(`checkpoint body line ${emptyAt + 1} is empty`);
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText)) {
    throw new Error(`checkpoint tree size ${show(sizeText)} is not a decimal number without leading zeros`);
  }
  const size = BigInt(sizeText);
  if (size > MAX_TREE_SIZE) throw new Error(`checkpoint tree size ${sizeText} does not fit in 64 bits`);
  const rootHash = decodeBase64(rootText);
  if (rootHash === undefined) throw new Error(`checkpoint root hash ${show(rootText)} is not canonical base64`);
  if (rootHash.length !== ROOT_LENGTH) {
    throw new Error(`checkpoint root hash decodes to ${rootHash.length} bytes, expected ${ROOT_LENGTH}`);
  }
  return { origin, size, rootHash, extensions };
}

// ---------------------------------------------------------------------------
// Keys

/** Generates a fresh Ed25519 signing key for the given note key name. */
export function generateSigningKey(name: string): SigningKey {
  requireKeyName(name);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { name, privateKey, publicKey };
}

/**
 * Builds a signing key from a 32-byte Ed25519 seed (RFC 8032 private key), via the
 * PKCS#8 DER prefix `302e020100300506032b657004220420`.
 */
export function signingKeyFromSeed(name: string, seed: Uint8Array): SigningKey {
  requireKeyName(name);
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_KEY_LENGTH) {
    throw new Error(`an Ed25519 seed must be ${ED25519_KEY_LENGTH} bytes`);
  }
  const privateKey = createPrivateKey({ key: Buffer.from(concat(PKCS8_ED25519_PREFIX, seed)), format: 'der', type: 'pkcs8' });
  return { name, privateKey, publicKey: createPublicKey(privateKey) };
}

/** The raw 32-byte Ed25519 public key (RFC 8032 encoding) of a public KeyObject. */
export function rawPublicKey(publicKey: KeyObject): Uint8Array {
  if (!isEd25519(publicKey, 'public')) throw new Error('expected an Ed25519 public KeyObject');
  const jwk = publicKey.export({ format: 'jwk' });
  let raw: Uint8Array | undefined;
  if (typeof jwk.x === 'string') raw = new Uint8Array(Buffer.from(jwk.x, 'base64url'));
  if (raw?.length !== ED25519_KEY_LENGTH) {
    // Fall back to the tail of the SPKI DER encoding.
    const der = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }));
    if (der.length !== SPKI_ED25519_PREFIX.length + ED25519_KEY_LENGTH || !bytesEqual(der.subarray(0, SPKI_ED25519_PREFIX.length), SPKI_ED25519_PREFIX)) {
      throw new Error('unexpected Ed25519 SPKI encoding');
    }
    raw = der.slice(SPKI_ED25519_PREFIX.length);
  }
  return raw;
}

/** An Ed25519 public KeyObject from the raw 32-byte key. */
export function publicKeyFromRaw(publicKeyRaw: Uint8Array): KeyObject {
  requireRawPublicKey(publicKeyRaw);
  return createPublicKey({ key: Buffer.from(concat(SPKI_ED25519_PREFIX, publicKeyRaw)), format: 'der', type: 'spki' });
}

/**
 * The signed-note Ed25519 key id: the first 4 bytes of
 * `SHA-256(name || 0x0A || 0x01 || publicKey)`.
 */
export function keyId(name: string, publicKeyRaw: Uint8Array): Uint8Array {
  requireKeyName(name);
  requireRawPublicKey(publicKeyRaw);
  const digest = createHash('sha256')
    .update(textEncoder.encode(name))
    .update(Uint8Array.of(0x0a, ALG_ED25519))
    .update(publicKeyRaw)
    .digest();
  return new Uint8Array(digest.subarray(0, KEY_ID_LENGTH));
}

/**
 * The verifier-key string of golang.org/x/mod/sumdb/note:
 * `"<name>+<8 lowercase hex digits of the key id>+<base64(0x01 || publicKey)>"`.
 */
export function verifierKey(name: string, publicKeyRaw: Uint8Array): string {
  const id = keyId(name, publicKeyRaw);
  return `${name}+${toHex(id)}+${encodeBase64(concat(Uint8Array.of(ALG_ED25519), publicKeyRaw))}`;
}

/**
 * Parses a verifier-key string (see {@link verifierKey}). Throws for a malformed
 * string, an algorithm other than Ed25519 (0x01), a key that is not 32 bytes, or a key
 * id that does not match the name and key. Hex digits may be upper or lower case.
 */
export function parseVerifierKey(text: string): Verifier {
  if (typeof text !== 'string') throw new Error('verifier key must be a string');
  // The name cannot contain '+', the base64 key can: split at the first two only.
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw new Error('malformed verifier key: expected "<name>+<key id hex>+<base64 key>"');
  const name = text.slice(0, first);
  const idHex = text.slice(first + 1, second);
  const keyText = text.slice(second + 1);
  if (!isValidKeyName(name)) throw new Error(`malformed verifier key: invalid key name ${show(name)}`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw new Error(`malformed verifier key: key id ${show(idHex)} is not 8 hex digits`);
  const key = decodeBase64(keyText);
  if (key === undefined || key.length === 0) throw new Error('malformed verifier key: key is not canonical base64');
  if (key[0] !== ALG_ED25519) throw new Error(`unsupported verifier key algorithm 0x${key[0]!.toString(16).padStart(2, '0')}`);
  if (key.length !== 1 + ED25519_KEY_LENGTH) {
    throw new Error(`malformed verifier key: Ed25519 key is ${key.length - 1} bytes, expected ${ED25519_KEY_LENGTH}`);
  }
  const raw = key.slice(1);
  const id = keyId(name, raw);
  if (toHex(id) !== idHex.toLowerCase()) {
    throw new Error(`verifier key id ${idHex} does not match the name and public key (expected ${toHex(id)})`);
  }
  return { name, keyId: id, publicKey: publicKeyFromRaw(raw) };
}

/** The verifier for a signing key's public half. */
export function verifierOf(key: SigningKey): Verifier {
  requireKeyName(key.name);
  const raw = rawPublicKey(key.publicKey);
  return { name: key.name, keyId: keyId(key.name, raw), publicKey: key.publicKey };
}

// ---------------------------------------------------------------------------
// Signed notes (c2sp.org/signed-note)

function requireNoteText(body: unknown): string {
  if (typeof body !== 'string') throw new Error('note body must be a string');
  if (!body.endsWith('\n')) throw new Error('note body must end with a newline');
  if (CONTROL_EXCEPT_NEWLINE.test(body)) throw new Error('note body contains a control character other than newline');
  if (!isWellFormed(body)) throw new Error('note body is not well-formed Unicode');
  return body;
}

/**
 * Signs a note body (which must end with a newline, be well-formed, and contain no
 * control characters other than newline) with one or more keys. Returns the body, a
 * blank line, and one line `"— <name> <base64(keyId || signature)>\n"` per key. The
 * Ed25519 signature is over the UTF-8 bytes of the body, final newline included.
 * Throws if a key is malformed, its public half does not match its private half, or two
 * keys share a name and key id.
 */
export function signNote(body: string, key: SigningKey | readonly SigningKey[]): string {
  requireNoteText(body);
  const keys: readonly SigningKey[] = Array.isArray(key) ? key : [key as SigningKey];
  if (keys.length === 0) throw new Error('signNote needs at least one key');
  const message = textEncoder.encode(body);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const k of keys) {
    requireKeyName(k.name);
    if (!isEd25519(k.privateKey, 'private')) throw new Error(`key ${k.name}: expected an Ed25519 private KeyObject`);
    const raw = rawPublicKey(k.publicKey);
    if (!bytesEqual(raw, rawPublicKey(createPublicKey(k.privateKey)))) {
      throw new Error(`key ${k.name}: the public key does not belong to the private key`);
    }
    const id = keyId(k.name, raw);
    const tag = `${k.name}+${toHex(id)}`;
    if (seen.has(tag)) throw new Error(`key ${k.name} (${toHex(id)}) given twice`);
    seen.add(tag);
    const signature = new Uint8Array(sign(null, message, k.privateKey));
    lines.push(`${SIGNATURE_PREFIX}${k.name} ${encodeBase64(concat(id, signature))}\n`);
  }
  return `${body}\n${lines.join('')}`;
}

/**
 * Opens a signed note: splits the text from the signatures at the last blank line,
 * parses every signature line (`"— <name> <base64(keyId(4) || signature)>"`), and
 * verifies each one whose name AND key id match a verifier.
 *
 * Accepts the note text as a string or as raw bytes (which must be valid UTF-8).
 * Throws when the note is malformed (ill-formed UTF-8, control characters, no blank
 * line before the signatures, a line not of the form above, an invalid name, bad
 * base64, fewer than 5 signature bytes, more than 100 signature lines), when any
 * signature from a known key fails to verify, or when no known key signed it.
 * Signatures from unknown keys (name or key id not both matching) are ignored and
 * returned in `unknown`.
 */
export function openNote(noteText: string | Uint8Array, verifiers: readonly Verifier[]): OpenedNote {
  let text: string;
  if (noteText instanceof Uint8Array) {
    try {
      text = textDecoder.decode(noteText);
    } catch {
      throw new Error('malformed note: not valid UTF-8');
    }
  } else if (typeof noteText === 'string') {
    text = noteText;
  } else {
    throw new Error('note must be a string or bytes');
  }
  if (!isWellFormed(text)) throw new Error('malformed note: not well-formed Unicode');
  if (CONTROL_EXCEPT_NEWLINE.test(text)) throw new Error('malformed note: contains a control character other than newline');

  const known = indexVerifiers(verifiers);

  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw new Error('malformed note: no blank line before the signatures');
  const body = text.slice(0, split + 1);
  const block = text.slice(split + 2);
  if (block.length === 0) throw new Error('malformed note: no signature lines');
  if (!block.endsWith('\n')) throw new Error('malformed note: the last signature line does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new Error(`malformed note: ${lines.length} signature lines, at most ${MAX_NOTE_SIGNATURES} are accepted`);
  }

  const message = textEncoder.encode(body);
  const verifiedBy: string[] = [];
  const unknown: UnknownSignature[] = [];
  const seenUnknown = new Set<string>();
  lines.forEach((line, i) => {
    const where = `signature line ${i + 1}`;
    if (!line.startsWith(SIGNATURE_PREFIX)) throw new Error(`malformed note: ${where} does not start with "— " (U+2014, space)`);
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0) throw new Error(`malformed note: ${where} has no space between the key name and the signature`);
    const name = rest.slice(0, space);
    const b64 = rest.slice(space + 1);
    if (!isValidKeyName(name)) throw new Error(`malformed note: ${where} has an invalid key name ${show(name)}`);
    const blob = decodeBase64(b64);
    if (blob === undefined) throw new Error(`malformed note: ${where} signature is not canonical base64`);
    if (blob.length < KEY_ID_LENGTH + 1) throw new Error(`malformed note: ${where} signature is only ${blob.length} bytes`);
    const id = blob.subarray(0, KEY_ID_LENGTH);
    const signature = blob.subarray(KEY_ID_LENGTH);
    const verifier = known.get(`${name}+${toHex(id)}`);
    if (verifier === undefined) {
      if (!seenUnknown.has(line)) {
        seenUnknown.add(line);
        unknown.push({ name, keyId: new Uint8Array(id), signature: b64 });
      }
      return;
    }
    const ok = signature.length === ED25519_SIGNATURE_LENGTH && verify(null, message, verifier.publicKey, signature);
    if (!ok) throw new Error(`invalid signature by ${name} (${toHex(id)}) on ${where}`);
    if (!verifiedBy.includes(name)) verifiedBy.push(name);
  });
  if (verifiedBy.length === 0) throw new Error('note is not signed by any known key');
  return { body, verifiedBy, unknown };
}

/** Validates the verifier list and indexes it by "name+hexkeyid". */
function indexVerifiers(verifiers: readonly Verifier[]): Map<string, Verifier> {
  if (!Array.isArray(verifiers)) throw new Error('verifiers must be an array');
  const known = new Map<string, Verifier>();
  for (const v of verifiers) {
    requireKeyName(v?.name);
    if (!(v.keyId instanceof Uint8Array) || v.keyId.length !== KEY_ID_LENGTH) {
      throw new Error(`verifier ${v.name}: key id must be ${KEY_ID_LENGTH} bytes`);
    }
    const raw = rawPublicKey(v.publicKey);
    if (!bytesEqual(keyId(v.name, raw), v.keyId)) {
      throw new Error(`verifier ${v.name}: key id ${toHex(v.keyId)} does not match the name and public key`);
    }
    const tag = `${v.name}+${toHex(v.keyId)}`;
    const previous = known.get(tag);
    if (previous !== undefined && !bytesEqual(rawPublicKey(previous.publicKey), raw)) {
      throw new Error(`ambiguous verifiers: two different keys named ${v.name} with key id ${toHex(v.keyId)}`);
    }
    known.set(tag, v);
  }
  return known;
}

// ---------------------------------------------------------------------------
// Checkpoints as signed notes

/** Signs the checkpoint body for `input` with one or more keys (see {@link signNote}). */
export function signCheckpoint(input: CheckpointInput, key: SigningKey | readonly SigningKey[]): string {
  return signNote(checkpointBody(input), key);
}

/**
 * Opens a signed checkpoint: {@link openNote}, then {@link parseCheckpointBody} on the
 * verified body. Throws on any failure of either.
 */
export function openCheckpoint(
  noteText: string | Uint8Array,
  verifiers: readonly Verifier[],
): { checkpoint: Checkpoint; verifiedBy: string[]; unknown: UnknownSignature[] } {
  const { body, verifiedBy, unknown } = openNote(noteText, verifiers);
  return { checkpoint: parseCheckpointBody(body), verifiedBy, unknown };
}
