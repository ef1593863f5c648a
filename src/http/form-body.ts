import type { FastifyRequest } from 'fastify';
import type { EvidenceUpload } from '../services/intake/complaint-input.js';

/** Form fields as strings (or lists of strings, for repeated names), whatever the encoding. */
export type FormFields = Record<string, string | string[]>;

type MultipartValue = { type: 'field'; value: unknown } | { type: 'file'; filename: string; _buf?: Buffer; toBuffer?: () => Promise<Buffer> };

function isMultipartValue(value: unknown): value is MultipartValue {
  return typeof value === 'object' && value !== null && 'type' in value && ((value as { type: unknown }).type === 'field' || (value as { type: unknown }).type === 'file');
}

/** Reads a url-encoded or multipart form into fields and uploaded files. */
export async function readForm(request: FastifyRequest): Promise<{ fields: FormFields; files: EvidenceUpload[] }> {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const fields: FormFields = {};
  const files: EvidenceUpload[] = [];
  for (const [name, raw] of Object.entries(body)) {
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (isMultipartValue(value)) {
        if (value.type === 'file') {
          const bytes = value._buf ?? (value.toBuffer ? await value.toBuffer() : Buffer.alloc(0));
          if (value.filename && bytes.byteLength > 0) files.push({ filename: value.filename, bytes: new Uint8Array(bytes), field: name });
          continue;
        }
        addField(fields, name, String(value.value ?? ''));
      } else if (typeof value === 'string') {
        addField(fields, name, value);
      }
    }
  }
  return { fields, files };
}

function addField(fields: FormFields, name: string, value: string): void {
  const existing = fields[name];
  if (existing === undefined) fields[name] = value;
  else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}

export function text(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value[0] : value;
}

export function list(fields: FormFields, name: string): string[] {
  const value = fields[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** "yes"/"no" radios to booleans; anything else is left for validation to name. */
export function yesNo(fields: FormFields, name: string): boolean | undefined {
  const value = text(fields, name);
  return value === 'yes' ? true : value === 'no' ? false : undefined;
}
