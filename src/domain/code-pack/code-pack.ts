/**
 * A code of conduct as a versioned, citable data pack. Packs are files
 * (`packs/<id>/<version>.json`); a published version never changes, so a
 * case that cited clause `ex-6` of version `2016-05-26` reads the same text
 * forever, whatever versions come later.
 */
export type ClauseKind = 'definition' | 'example' | 'note' | 'rule';

export type Clause = {
  /** Stable within the pack, for example `core`, `ex-6`, `R2.1`. */
  id: string;
  kind: ClauseKind;
  /** Short title for lists and citations. */
  title: string;
  /** The clause's full text as published. */
  text: string;
};

export type CodePack = {
  id: string;
  version: string;
  title: string;
  publisher: string;
  /** When this version was adopted (YYYY-MM-DD). */
  adoptedOn: string;
  sourceUrl: string | null;
  /** Guidance on applying the pack, for example that context decides. */
  guidance: string;
  clauses: Clause[];
};

/** What a case stores when it cites a clause: enough to find the exact text again. */
export type ClauseCitation = { packId: string; packVersion: string; clauseId: string };

export function citationKey(citation: ClauseCitation): string {
  return `${citation.packId}@${citation.packVersion}#${citation.clauseId}`;
}

export function parseCitationKey(key: string): ClauseCitation | null {
  const match = /^([a-z0-9-]+)@([A-Za-z0-9.-]+)#([A-Za-z0-9.-]+)$/.exec(key);
  return match ? { packId: match[1]!, packVersion: match[2]!, clauseId: match[3]! } : null;
}

export function packKey(pack: Pick<CodePack, 'id' | 'version'>): string {
  return `${pack.id}@${pack.version}`;
}
