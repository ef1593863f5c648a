import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import type { ServiceContext } from '../../services/context.js';
import { getFairness } from '../../services/oversight/get-fairness.js';
import { getTimeliness } from '../../services/oversight/get-timeliness.js';
import { requirePageStaff } from '../plugins/staff-auth.js';
import { FairnessPage, TimelinessPage } from '../views/pages/desk-analysis-pages.js';
import { deskRequest } from './desk.js';
import { sendPage } from './public-routes.js';

/** The overseer's desk: timeliness and fairness (read-only; parties' identities masked unless asked otherwise). */
export function deskAnalysisRoutes(app: FastifyInstance, options: { ctx: ServiceContext }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };

  app.get('/oversight/timeliness', guarded, async (request, reply) => {
    const { staff, masked, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(TimelinessPage, { ...props, timeliness: await getTimeliness({ ctx, staff, masked }) }));
  });

  app.get('/oversight/fairness', guarded, async (request, reply) => {
    const { staff, masked, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(FairnessPage, { ...props, fairness: await getFairness({ ctx, staff, masked }) }));
  });
}
