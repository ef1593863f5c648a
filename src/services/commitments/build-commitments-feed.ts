import { Feed } from 'feed';
import type { ServiceContext } from '../context.js';
import { listCommitmentChanges } from './list-commitment-changes.js';

const FEED_SIZE = 50;

/** The scorecard's Atom feed: one entry per change (a response, a commitment, an action, a delivery, a status change, a rating), newest first. */
export async function buildCommitmentsFeed(options: { ctx: ServiceContext }): Promise<string> {
  const { ctx } = options;
  const base = ctx.config.publicUrl;
  const organisation = ctx.config.organisation.organisation.name;
  const changes = await listCommitmentChanges({ ctx, limit: FEED_SIZE });
  const feed = new Feed({
    id: `${base}/commitments`,
    title: `${organisation}: commitments scorecard`,
    description: 'What community bodies asked for, what the organisation said and did, and the independent rating of each commitment.',
    link: `${base}/commitments`,
    feedLinks: { atom: `${base}/commitments/feed.atom` },
    updated: changes.length > 0 ? new Date(changes[0]!.at) : new Date(0),
    copyright: organisation,
    generator: 'Redress',
  });
  for (const change of changes) {
    feed.addItem({
      id: `urn:uuid:${change.id}`,
      title: change.heading,
      link: change.commitmentId ? `${base}/commitments/${change.commitmentId}` : `${base}/commitments`,
      date: new Date(change.at),
      // Plain text (the feed escapes it), as the page shows it.
      description: change.detail || change.heading,
    });
  }
  return feed.atom1();
}
