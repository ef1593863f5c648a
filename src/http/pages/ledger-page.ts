import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { SigningKey } from '../../ledger/checkpoint.js';
import type { ServiceContext } from '../../services/context.js';
import { getLatestCheckpoint } from '../../services/ledger/get-latest-checkpoint.js';
import { LedgerPage } from '../views/pages/ledger-page.js';
import { sendPage } from './public-routes.js';

/** The public page of the ledger: the latest signed checkpoint, the key, and how to check them. */
export function ledgerPage(app: FastifyInstance, options: { ctx: ServiceContext; key: () => SigningKey }): void {
  const organisation = options.ctx.config.organisation.organisation.name;
  app.get('/ledger', async (_request, reply) => sendPage(reply, h(LedgerPage, { organisation, checkpoint: await getLatestCheckpoint({ ctx: options.ctx, key: options.key() }) })));
}
