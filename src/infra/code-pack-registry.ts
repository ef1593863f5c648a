import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packKey, type Clause, type ClauseCitation, type CodePack } from '../domain/code-pack/code-pack.js';
import { ConfigError } from '../config/config.js';

const ZClause = z.object({
  id: z.string().regex(/^[A-Za-z0-9.-]+$/),
  kind: z.enum(['definition', 'example', 'note', 'rule']),
  title: z.string().min(1),
  text: z.string().min(1),
});

const ZCodePack = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.string().regex(/^[A-Za-z0-9.-]+$/),
  title: z.string().min(1),
  publisher: z.string().min(1),
  adoptedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  sourceUrl: z.string().nullable(),
  guidance: z.string(),
  clauses: z.array(ZClause).min(1),
});

/** Every version of every pack on disk, and which versions are in force. */
export type CodePackRegistry = {
  inForce: CodePack[];
  find(packId: string, version: string): CodePack | undefined;
  clause(citation: ClauseCitation): Clause | undefined;
  /** Clauses a complainant or handler may cite today: the in-force packs' examples, rules and definitions. */
  citable(): { pack: CodePack; clause: Clause }[];
};

export const PACKS_DIR = path.resolve(import.meta.dirname, '../../packs');

export function loadCodePacks(inForceKeys: readonly string[], directory = PACKS_DIR): CodePackRegistry {
  const packs = new Map<string, CodePack>();
  for (const packId of readdirSync(directory)) {
    for (const file of readdirSync(path.join(directory, packId)).filter((name) => name.endsWith('.json'))) {
      const location = path.join(directory, packId, file);
      const parsed = ZCodePack.safeParse(JSON.parse(readFileSync(location, 'utf8')));
      if (!parsed.success) throw new ConfigError([`${location}: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`]);
      const pack = parsed.data;
      if (pack.id !== packId || `${pack.version}.json` !== file) {
        throw new ConfigError([`${location}: a pack is stored as packs/<id>/<version>.json (found id ${pack.id}, version ${pack.version})`]);
      }
      packs.set(packKey(pack), pack);
    }
  }
  const missing = inForceKeys.filter((key) => !packs.has(key));
  if (missing.length > 0) throw new ConfigError(missing.map((key) => `codePacks.inForce: no pack ${key} in ${directory}`));
  const inForce = inForceKeys.map((key) => packs.get(key)!);
  const find = (packId: string, version: string) => packs.get(`${packId}@${version}`);
  return {
    inForce,
    find,
    clause: (citation) => find(citation.packId, citation.packVersion)?.clauses.find((clause) => clause.id === citation.clauseId),
    citable: () => inForce.flatMap((pack) => pack.clauses.filter((clause) => clause.kind !== 'note').map((clause) => ({ pack, clause }))),
  };
}
