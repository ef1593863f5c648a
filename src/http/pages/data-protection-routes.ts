import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { ServiceContext } from '../../services/context.js';
import { DUE_SOON_DAYS, getRetentionOverview } from '../../services/data-protection/get-retention-overview.js';
import { runRetention } from '../../services/data-protection/run-retention.js';
import { pageStaff, requirePageStaff } from '../plugins/staff-auth.js';
import { DataProtectionPage } from '../views/pages/data-protection-page.js';
import { sendPage } from './public-routes.js';
import { viewerOf } from './viewer.js';

/** The data protection officer's page: the retention schedule, what falls due, past runs, and running it now. */
export function dataProtectionRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;

  app.get<{ Querystring: { ran?: string } }>('/staff/data-protection', { preHandler: requirePageStaff }, async (request, reply) => {
    const overview = await getRetentionOverview({ ctx, staff: pageStaff(request) });
    const justRan = overview.runs.find((run) => run.id === request.query.ran) ?? null;
    return sendPage(reply, h(DataProtectionPage, { organisation, viewer: viewerOf(request, reply), overview, dueSoonDays: DUE_SOON_DAYS, justRan }));
  });

  for (const [path, dryRun] of [
    ['/staff/data-protection/retention/run', false],
    ['/staff/data-protection/retention/dry-run', true],
  ] as const) {
    app.post(path, { preHandler: [requirePageStaff, app.csrfProtection] }, async (request, reply) => {
      const report = await runRetention({ ctx, actor: pageStaff(request), dryRun });
      return reply.redirect(`/staff/data-protection?ran=${encodeURIComponent(report.runId ?? '')}`, 303);
    });
  }
}
