import type { DecisionSummaryRow } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import { localDateOf } from '../cases/case-clock.js';
import { findingLabel, numberSlug, parseClauses } from './decision-summary-facts.js';

/** A published decision as the public reads it: nothing else about the case. */
export type PublishedDecision = {
  number: string;
  slug: string;
  publishedOn: string;
  facts: string;
  clauses: { packId: string; clauseId: string; title: string; finding: string }[];
  finding: string;
  reasons: string;
  sanctionId: string;
  sanction: string;
};

export function toPublished(ctx: ServiceContext, row: DecisionSummaryRow): PublishedDecision {
  return {
    number: row.number!,
    slug: numberSlug(row.number!),
    publishedOn: localDateOf(ctx, row.published_at!),
    facts: row.facts,
    clauses: parseClauses(row).map((clause) => ({ packId: clause.packId, clauseId: clause.clauseId, title: clause.title, finding: findingLabel(clause.finding) })),
    finding: findingLabel(row.finding),
    reasons: row.reasons,
    sanctionId: row.sanction_id,
    sanction: row.sanction_label,
  };
}

