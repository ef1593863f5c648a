import type { ServiceContext } from '../context.js';

/** How an allegation's clause is named in notices, forms and letters: "Pack title, clause title". */
export function clauseLabel(ctx: Pick<ServiceContext, 'packs'>, allegation: { pack_id: string; pack_version: string; clause_id: string }): string {
  const citation = { packId: allegation.pack_id, packVersion: allegation.pack_version, clauseId: allegation.clause_id };
  const clause = ctx.packs.clause(citation);
  return clause ? `${clause.id} (${clause.title})` : `${allegation.pack_id}#${allegation.clause_id}`;
}
