import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

// canonicalize (the RFC 8785 reference implementation) is CommonJS whose types declare an ES default export.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined;

/**
 * What a ledger leaf says about one case event, as RFC 8785 canonical JSON:
 * a format version, its place in the log, when, who, which case, what kind
 * of event, and the SHA-256 of the event's payload (the payload itself is
 * stored apart, so it can be erased under a retention rule while the leaf,
 * and so the log, stays verifiable).
 */
export const LEAF_FORMAT_VERSION = 1;

export type LeafContent = {
  v: number;
  seq: number;
  time: string;
  actor: unknown;
  case: string | null;
  event: string | null;
  type: string;
  payload: string;
};

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value cannot be represented as canonical JSON');
  return text;
}

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The SHA-256 of a payload's canonical JSON, which is what the leaf commits to. */
export function payloadHash(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}

export function leafData(content: Omit<LeafContent, 'v'>): string {
  return canonicalJson({ v: LEAF_FORMAT_VERSION, ...content });
}

/** Whether every object's keys are in RFC 8785 order (UTF-16 code units, which is what `<` compares). */
function keysSorted(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(keysSorted);
  if (typeof value !== 'object' || value === null) return true;
  const keys = Object.keys(value);
  for (let index = 1; index < keys.length; index++) if (!(keys[index - 1]! < keys[index]!)) return false;
  return keys.every((key) => keysSorted((value as Record<string, unknown>)[key]));
}

/**
 * Parses leaf data, refusing anything that is not exactly its own canonical
 * form. This is on the verifier's hot path, so rather than re-serialising
 * through the generic canonicaliser it relies on what RFC 8785 shares with
 * JSON.stringify (string escaping, no white space) and checks key order
 * itself; leaves hold no non-integer numbers, whose forms could differ.
 */
export function parseLeaf(data: string): LeafContent {
  const parsed = JSON.parse(data) as LeafContent;
  if (JSON.stringify(parsed) !== data || !keysSorted(parsed)) throw new Error('leaf data is not in canonical form');
  if (parsed.v !== LEAF_FORMAT_VERSION) throw new Error(`unknown leaf format version ${String(parsed.v)}`);
  return parsed;
}
