import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { h } from 'preact';
import { verifierOf, type SigningKey } from '../../ledger/checkpoint.js';
import type { VerifyResult } from '../../ledger/verify-log.js';
import type { ServiceContext } from '../../services/context.js';
import { retiredVerifiers } from '../../services/ledger/signing-key.js';
import { getDeskSummary } from '../../services/oversight/get-desk-summary.js';
import { getInterferenceRegister } from '../../services/oversight/interference-register.js';
import { getLedgerRecord, saveLedgerState, verifyRecord } from '../../services/oversight/ledger-record.js';
import { requirePageStaff } from '../plugins/staff-auth.js';
import { emptyForm, type FormState } from '../views/components/forms.js';
import { DeskSummaryPage, InterferenceRegisterPage, LedgerRecordPage } from '../views/pages/oversight-pages.js';
import { deskRequest } from './desk.js';
import { refusal, sendPage } from './public-routes.js';

/** The overseer's desk: its summary, the interference register and the record. */
export function oversightRoutes(app: FastifyInstance, options: { ctx: ServiceContext; key: () => SigningKey }): void {
  const { ctx } = options;
  const organisation = ctx.config.organisation.organisation.name;
  const guarded = { preHandler: requirePageStaff };
  const guardedPost = { preHandler: [requirePageStaff, app.csrfProtection] };

  app.get('/oversight', guarded, async (request, reply) => {
    const { staff, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(DeskSummaryPage, { ...props, summary: await getDeskSummary({ ctx, staff }) }));
  });

  app.get('/oversight/register', guarded, async (request, reply) => {
    const { staff, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(InterferenceRegisterPage, { ...props, register: await getInterferenceRegister({ ctx, staff }) }));
  });

  const recordPage = async (request: FastifyRequest, reply: FastifyReply, verification: VerifyResult | null, form: FormState, status = 200) => {
    const { staff, props } = deskRequest(request, reply, organisation);
    return sendPage(reply, h(LedgerRecordPage, { ...props, record: await getLedgerRecord({ ctx, staff }), verification, form }), status);
  };
  app.get('/oversight/record', guarded, async (request, reply) => recordPage(request, reply, null, emptyForm()));
  app.post('/oversight/record/save', guardedPost, async (request, reply) => {
    const { staff } = deskRequest(request, reply, organisation);
    try {
      await saveLedgerState({ ctx, staff });
      return reply.redirect('/oversight/record', 303);
    } catch (error) {
      const { status, form } = refusal(error, {});
      return recordPage(request, reply, null, form, status);
    }
  });
  app.post('/oversight/record/verify', guardedPost, async (request, reply) => {
    const { staff } = deskRequest(request, reply, organisation);
    const key = options.key();
    const verification = await verifyRecord({ ctx, staff, verifiers: [...retiredVerifiers(ctx.config, key.name), verifierOf(key)] });
    return recordPage(request, reply, verification, emptyForm());
  });
}
