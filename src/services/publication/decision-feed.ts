import { Feed } from 'feed';
import { listEverPublished, type DecisionSummaryRow } from '../../db/repositories/decision-summary.repository.js';
import type { ServiceContext } from '../context.js';
import { numberSlug } from './decision-summary-facts.js';
import { toPublished } from './published-decision.js';

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paragraphs = (text: string): string =>
  text
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim())}</p>`)
    .join('');

const FEED_SIZE = 50;

/** The Atom feed: one entry per published summary, newest first; a withdrawn one keeps its entry, marked withdrawn, without its text. */
export async function decisionFeed(options: { ctx: ServiceContext }): Promise<string> {
  const { ctx } = options;
  const base = ctx.config.publicUrl;
  const organisation = ctx.config.organisation.organisation.name;
  const rows = await listEverPublished(ctx.db, FEED_SIZE);
  const updatedOf = (row: DecisionSummaryRow) => new Date(row.withdrawn_at ?? row.published_at!);
  const feed = new Feed({
    id: `${base}/decisions`,
    title: `${organisation}: published decisions`,
    description: 'Anonymised summaries of conduct decisions: the facts, the clauses, the finding, the reasons and the sanction.',
    link: `${base}/decisions`,
    feedLinks: { atom: `${base}/decisions/feed.atom` },
    updated: rows.length > 0 ? new Date(Math.max(...rows.map((row) => updatedOf(row).getTime()))) : new Date(0),
    copyright: organisation,
    generator: 'Redress',
  });
  for (const row of rows) {
    const link = `${base}/decisions/${numberSlug(row.number!)}`;
    if (row.status === 'withdrawn') {
      feed.addItem({ id: link, title: `Withdrawn: decision ${row.number}`, link, date: updatedOf(row), published: new Date(row.published_at!), content: `<p>This decision was withdrawn from publication. Reason: ${escapeHtml(row.withdraw_reason ?? '')}</p>` });
      continue;
    }
    const decision = toPublished(ctx, row);
    feed.addItem({
      id: link,
      title: `Decision ${decision.number}: ${decision.finding}; ${decision.sanction}`,
      link,
      date: updatedOf(row),
      published: new Date(row.published_at!),
      description: `${decision.clauses.map((clause) => `${clause.clauseId} (${clause.title}): ${clause.finding}`).join('; ')}. Sanction: ${decision.sanction}.`,
      // Atom's content is HTML here: the texts are escaped, one paragraph per paragraph typed.
      content: [`<h2>Facts</h2>`, paragraphs(decision.facts), `<h2>Reasons</h2>`, paragraphs(decision.reasons)].join(''),
      category: decision.clauses.map((clause) => ({ term: `${clause.packId}#${clause.clauseId}`, name: clause.title })),
    });
  }
  return feed.atom1();
}
