import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LogEntry } from './verify-log.js';

/**
 * The plain files an overseer receives: one JSON line per entry, one per
 * checkpoint, and the public key. Nothing else is needed to verify, and no
 * case content is in them: entries carry only payload hashes.
 */
export const EXPORT_FILES = { entries: 'entries.jsonl', checkpoints: 'checkpoints.jsonl', publicKey: 'public-key.txt' } as const;

export async function* readExportEntries(directory: string): AsyncGenerator<LogEntry> {
  const lines = createInterface({ input: createReadStream(path.join(directory, EXPORT_FILES.entries), 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let parsed: { sequence?: unknown; leaf?: unknown };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch {
      throw new Error(`${EXPORT_FILES.entries} line ${lineNumber} is not JSON`);
    }
    if (typeof parsed.sequence !== 'number' || typeof parsed.leaf !== 'string') throw new Error(`${EXPORT_FILES.entries} line ${lineNumber} needs "sequence" and "leaf"`);
    yield { sequence: parsed.sequence, leafData: parsed.leaf };
  }
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
