import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { SigningKey } from '../../ledger/checkpoint.js';
import { DomainError } from '../../domain/errors.js';
import { listLedgerEntries } from '../../db/repositories/ledger.repository.js';
import type { ServiceContext } from '../../services/context.js';
import { getLatestCheckpoint } from '../../services/ledger/get-latest-checkpoint.js';
import { proveConsistency, proveInclusion } from '../../services/ledger/prove.js';
import { guardApiRoutes } from '../plugins/staff-auth.js';
import { ZProblem } from './presenters.js';

const ZCheckpoint = z.object({
  size: z.number(),
  rootHash: z.string().describe('hex'),
  issuedAt: z.string(),
  note: z.string().describe('The C2SP tlog-checkpoint as a signed note (Ed25519).'),
  publicKey: z.string().describe('The verifier key, in signed-note format: name+keyid+base64(0x01||key).'),
});

/**
 * Proofs anyone can check against a signed checkpoint. Hashes reveal nothing
 * of cases; the entries themselves (who did what, when, to which case) are
 * for staff and overseers only.
 */
export async function ledgerRoutes(parent: FastifyInstance, options: { ctx: ServiceContext; key: () => SigningKey; publicRateLimit: { max: number; timeWindow: string } }): Promise<void> {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const { ctx, key } = options;
  const config = { rateLimit: options.publicRateLimit };
  const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem };
  guardApiRoutes(app, ctx);

  app.get('/checkpoint', { config, schema: { tags: ['ledger'], summary: 'The latest signed checkpoint of the case ledger', response: { 200: ZCheckpoint, ...errors } } }, async () => {
    const latest = await getLatestCheckpoint({ ctx, key: key() });
    if (!latest) throw new DomainError('not_found', 'The ledger has no signed checkpoint yet.');
    return latest;
  });

  app.get(
    '/proof/inclusion',
    {
      config,
      schema: {
        tags: ['ledger'],
        summary: 'RFC 9162 inclusion proof of one entry in the tree of a given size',
        querystring: z.object({ index: z.coerce.number().int().min(0), size: z.coerce.number().int().min(1) }),
        response: { 200: z.object({ index: z.number(), size: z.number(), leafHash: z.string(), proof: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => proveInclusion({ ctx, index: request.query.index, size: request.query.size }),
  );

  app.get(
    '/proof/consistency',
    {
      config,
      schema: {
        tags: ['ledger'],
        summary: 'RFC 9162 consistency proof between two tree sizes',
        querystring: z.object({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) }),
        response: { 200: z.object({ from: z.number(), to: z.number(), proof: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => proveConsistency({ ctx, from: request.query.from, to: request.query.to }),
  );

  app.get(
    '/entries',
    {
      // Entries name cases, actors and times across every case: not for anyone with a case role.
      config: { permission: 'ledger.read_entries' },
      schema: {
        tags: ['ledger'],
        summary: 'A range of ledger entries (leaf data as hashed), up to 1,000 at a time',
        security: [{ bearer: [] }],
        querystring: z.object({ start: z.coerce.number().int().min(0), end: z.coerce.number().int().min(1) }),
        response: { 200: z.object({ entries: z.array(z.object({ sequence: z.number(), leaf: z.string(), leafHash: z.string() })) }), ...errors },
      },
    },
    async (request) => {
      const { start, end } = request.query;
      if (end <= start || end - start > 1000) throw new DomainError('validation_failed', 'Ask for 1 to 1,000 entries: end must be after start.', [{ field: 'end', message: 'Ask for 1 to 1,000 entries.' }]);
      const rows = await listLedgerEntries(ctx.db, { start, end });
      return { entries: rows.map((row) => ({ sequence: Number(row.sequence), leaf: row.leaf_data, leafHash: row.leaf_hash })) };
    },
  );
}
