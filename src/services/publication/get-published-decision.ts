import { DomainError } from '../../domain/errors.js';
import { findPublishedSummary } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import { numberFromSlug } from './decision-summary-facts.js';
import { toPublished, type PublishedDecision } from './published-decision.js';

/** One published decision by its public number's slug (2026-7); a withdrawn or unknown number is not found. */
export async function getPublishedDecision(options: { ctx: ServiceContext; slug: string }): Promise<PublishedDecision> {
  const number = numberFromSlug(options.slug);
  const row = number ? await findPublishedSummary(options.ctx.db, number) : undefined;
  if (!row) throw new DomainError('not_found', 'There is no published decision with that number.');
  return toPublished(options.ctx, row);
}

