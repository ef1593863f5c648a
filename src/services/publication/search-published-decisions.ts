import { listPublishedFacets, searchPublishedSummaries } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import { toPublished, type PublishedDecision } from './published-decision.js';

export type RegisterQuery = { clause?: string | undefined; sanction?: string | undefined; page?: string | undefined };

export type DecisionRegister = {
  decisions: PublishedDecision[];
  total: number;
  page: number;
  pages: number;
  /** The search as understood: a clause as `pack#clause`, a sanction id; empty when not searched on. */
  query: { clause: string; sanction: string };
  /** What can be searched on: the clauses and sanctions of published decisions. */
  clauseOptions: { value: string; label: string }[];
  sanctionOptions: { value: string; label: string }[];
};

/** The public register: published summaries, newest first, searched by clause and by sanction, a page at a time. */
export async function searchPublishedDecisions(options: { ctx: ServiceContext; query: RegisterQuery }): Promise<DecisionRegister> {
  const { ctx, query } = options;
  const perPage = ctx.config.organisation.publishedDecisions.perPage;
  const clauseKey = query.clause?.trim() ?? '';
  const [packId, clauseId] = clauseKey.split('#');
  const clause = packId && clauseId ? { packId, clauseId } : null;
  const sanctionId = query.sanction?.trim() || null;
  const requestedPage = /^\d{1,6}$/.test(query.page ?? '') ? Math.max(1, Number(query.page)) : 1;
  const facets = await listPublishedFacets(ctx.db);
  const first = await searchPublishedSummaries(ctx.db, { clause, sanctionId, limit: perPage, offset: (requestedPage - 1) * perPage });
  const pages = Math.max(1, Math.ceil(first.total / perPage));
  const page = Math.min(requestedPage, pages);
  const found = page === requestedPage ? first : await searchPublishedSummaries(ctx.db, { clause, sanctionId, limit: perPage, offset: (page - 1) * perPage });
  const titleOf = (pack: string, id: string) => ctx.packs.inForce.find((candidate) => candidate.id === pack)?.clauses.find((candidate) => candidate.id === id)?.title;
  const catalogue = ctx.config.organisation.sanctions;
  return {
    decisions: found.rows.map((row) => toPublished(ctx, row)),
    total: found.total,
    page,
    pages,
    query: { clause: clause ? clauseKey : '', sanction: sanctionId ?? '' },
    clauseOptions: facets.clauses.map((row) => ({ value: `${row.pack_id}#${row.clause_id}`, label: `${row.clause_id} — ${titleOf(row.pack_id, row.clause_id) ?? row.pack_id}` })),
    sanctionOptions: facets.sanctionIds.map((id) => ({ value: id, label: catalogue.find((sanction) => sanction.id === id)?.label ?? id })),
  };
}

