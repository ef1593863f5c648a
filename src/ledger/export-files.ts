import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LogEntry } from './verify-log.js';

/**
 * The plain files an overseer receives: the entries, one leaf per line,
 * exactly the bytes that were hashed (so SHA-256(0x00 || line) is the leaf
 * hash, for any implementation to recompute); one JSON line per checkpoint;
 * and the public key. Nothing else is needed to verify, and no case content
 * is in them: leaves carry only payload hashes.
 */
export const EXPORT_FILES = { entries: 'entries.jsonl', checkpoints: 'checkpoints.jsonl', publicKey: 'public-key.txt' } as const;

const BATCH = 1000;

/** The export's entries in batches, read in large chunks (a line-by-line reader costs more than the hashing). */
export async function* readExportEntries(directory: string): AsyncGenerator<LogEntry[]> {
  let rest = '';
  let batch: LogEntry[] = [];
  const take = (line: string) => {
    if (line !== '') batch.push({ leafData: line });
  };
  for await (const chunk of createReadStream(path.join(directory, EXPORT_FILES.entries), { encoding: 'utf8', highWaterMark: 1 << 16 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) take(line);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  take(rest);
  if (batch.length > 0) yield batch;
}

export async function readExportCheckpoints(directory: string): Promise<string[]> {
  const text = await readFile(path.join(directory, EXPORT_FILES.checkpoints), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = JSON.parse(line) as { note?: unknown };
      if (typeof parsed.note !== 'string') throw new Error(`${EXPORT_FILES.checkpoints} line ${index + 1} needs "note"`);
      return parsed.note;
    });
}
