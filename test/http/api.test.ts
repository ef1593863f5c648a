import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, TRIAGE_ANSWERS } from '../helpers/factories.js';
import { createApiToken, revokeApiToken } from '../../src/services/auth/api-tokens.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { disableUser } from '../../src/services/users/manage-users.js';
import { createPanelPool, decisionFor, noticeFor, portalTokenSentTo, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import { respondToNotice } from '../../src/services/due-process/respond-to-notice.js';

/** A complaint as a programmatic client sends it. */
const ANONYMOUS_COMPLAINT = {
  relation: 'witness',
  anonymous: true,
  respondent: { name: 'A. Fictional Member', unit: 'North Branch' },
  summary: 'Antisemitic post in the branch group',
  description: 'A member posted that “they” control the banks and the media, in the branch chat group, and others joined in.',
  incidentDate: '2026-02-20',
  onlinePlatform: 'Group chat',
  clauses: ['ihra-wda@2016-05-26#ex-2'],
  links: [{ url: 'https://chat.example/branch/123/message/9', capturedAt: '2026-02-20T18:00:00Z' }],
};

const NAMED_COMPLAINT = {
  ...ANONYMOUS_COMPLAINT,
  anonymous: false,
  complainant: { name: 'Ruth Example', phone: '+44 20 7946 0000' },
};

/** Every /api/v1 operation, in OpenAPI path form, and whether it needs a token. */
const OPERATIONS: { method: 'get' | 'post'; path: string; secured: boolean }[] = [
  { method: 'post', path: '/api/v1/complaints', secured: false },
  { method: 'post', path: '/api/v1/complaints/status', secured: false },
  { method: 'get', path: '/api/v1/code-packs', secured: false },
  { method: 'get', path: '/api/v1/ledger/checkpoint', secured: false },
  { method: 'get', path: '/api/v1/ledger/proof/inclusion', secured: false },
  { method: 'get', path: '/api/v1/ledger/proof/consistency', secured: false },
  { method: 'get', path: '/api/v1/ledger/entries', secured: true },
  { method: 'get', path: '/api/v1/cases', secured: true },
  { method: 'post', path: '/api/v1/cases', secured: true },
  { method: 'get', path: '/api/v1/cases/{id}', secured: true },
  ...[
    'start-triage',
    'triage',
    'assignments',
    'clock/pause',
    'clock/resume',
    'clock/extend',
    'notes',
    'investigation-report',
    'notice',
    'panel',
    'panel/recusals',
    'hearing',
    'hearing/postponement',
    'hearing/record',
    'decision',
    'review',
    'appeals',
    'appeal-decision',
    'interim-measures',
    'interim-measures/review',
    'withdraw',
    'links',
    'merge',
    'messages',
  ].map((action) => ({ method: 'post' as const, path: `/api/v1/cases/{id}/${action}`, secured: true })),
  { method: 'get', path: '/api/v1/cases/{id}/messages', secured: true },
];

for (const kind of testDatabaseKinds()) {
  describe(`JSON API (${kind})`, () => {
    let t: TestApp;
    /** Every response any test in this block received, to check at the end that none was a server error. */
    const seen: { request: string; status: number; body: string }[] = [];

    async function send(app: TestApp, options: InjectOptions & { token?: string | undefined }): Promise<LightMyRequestResponse> {
      const { token, ...rest } = options;
      const headers = { ...(rest.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const response = await app.app.inject({ ...rest, headers });
      seen.push({ request: `${rest.method ?? 'GET'} ${rest.url}`, status: response.statusCode, body: response.body.slice(0, 300) });
      return response;
    }
    const api = (options: InjectOptions & { token?: string | undefined }) => send(t, options);

    beforeEach(async () => {
      t = await createTestApp(kind);
    });
    afterEach(async () => t.close());

    it('takes an anonymous complaint with 201, a reference and a receipt code, and the code opens its status', async () => {
      const sent = await api({ method: 'POST', url: '/api/v1/complaints', payload: ANONYMOUS_COMPLAINT });
      expect(sent.statusCode).toBe(201);
      const receipt = sent.json();
      expect(receipt.reference).toBe('RDR-2026-000001');
      expect(receipt.receiptCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(receipt.caseId).toBeTruthy();
      expect(receipt.acknowledgementDueOn).toBe('2026-03-09');
      const stored = await t.ctx.db.selectFrom('cases').select(['channel', 'anonymous']).where('id', '=', receipt.caseId).executeTakeFirstOrThrow();
      expect(stored).toEqual({ channel: 'api', anonymous: 1 });

      const status = await api({ method: 'POST', url: '/api/v1/complaints/status', payload: { receiptCode: receipt.receiptCode } });
      expect(status.statusCode).toBe(200);
      expect(status.json()).toMatchObject({ reference: 'RDR-2026-000001', stage: 'received', outcome: null });
      const unspaced = await api({ method: 'POST', url: '/api/v1/complaints/status', payload: { receiptCode: receipt.receiptCode.replace(/ /g, '') } });
      expect(unspaced.statusCode).toBe(200);

      const wrong = await api({ method: 'POST', url: '/api/v1/complaints/status', payload: { receiptCode: '0000 0000 0000 0000' } });
      expect(wrong.statusCode).toBe(404);
      expect(wrong.json().error.code).toBe('not_found');

      const named = await api({ method: 'POST', url: '/api/v1/complaints', payload: NAMED_COMPLAINT });
      expect(named.statusCode).toBe(201);
      expect(named.json().receiptCode).toBeNull();
      expect(named.json().reference).toBe('RDR-2026-000002');
    });

    it('refuses an invalid complaint with 400 validation_failed naming each field, and saves nothing', async () => {
      const invalid = await api({
        method: 'POST',
        url: '/api/v1/complaints',
        payload: { ...ANONYMOUS_COMPLAINT, relation: 'neighbour', summary: 'ok', respondent: { name: '' }, links: [{ url: 'javascript:alert(1)' }] },
      });
      expect(invalid.statusCode).toBe(400);
      const body = invalid.json();
      expect(body.error.code).toBe('validation_failed');
      expect(typeof body.error.message).toBe('string');
      const fields = (body.error.issues as { field: string; message: string }[]).map((issue) => issue.field);
      expect(fields).toEqual(expect.arrayContaining(['relation', 'summary', 'respondent.name', 'links.0.url']));
      expect(body.error.issues.find((issue: { field: string }) => issue.field === 'summary').message).toBe('Give a short summary of at least 5 characters.');

      const missingName = await api({ method: 'POST', url: '/api/v1/complaints', payload: { ...NAMED_COMPLAINT, complainant: {} } });
      expect(missingName.statusCode).toBe(400);
      expect(missingName.json().error.issues.map((issue: { field: string }) => issue.field)).toContain('complainant.name');

      const badClause = await api({ method: 'POST', url: '/api/v1/complaints', payload: { ...ANONYMOUS_COMPLAINT, clauses: ['no-such-pack@1#x'] } });
      expect(badClause.statusCode).toBe(400);
      expect(badClause.json().error.issues[0].field).toBe('clauses');

      const malformed = await api({ method: 'POST', url: '/api/v1/complaints', payload: '{"relation": "witness",', headers: { 'content-type': 'application/json' } });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.code).toBe('validation_failed');

      const empty = await api({ method: 'POST', url: '/api/v1/complaints', payload: '', headers: { 'content-type': 'application/json' } });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error.code).toBe('validation_failed');

      const notJson = await api({ method: 'POST', url: '/api/v1/complaints', payload: '<complaint/>', headers: { 'content-type': 'application/xml' } });
      expect(notJson.statusCode).toBe(415);
      expect(notJson.json().error.code).toBe('unsupported_media_type');

      const array = await api({ method: 'POST', url: '/api/v1/complaints', payload: [ANONYMOUS_COMPLAINT] });
      expect(array.statusCode).toBe(400);

      expect(await t.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
    });

    it('refuses case routes without a valid token with 401', async () => {
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      for (const authorization of [undefined, 'Bearer', 'Bearer rdr_not-a-real-token', 'Basic dXNlcjpwYXNz', 'bearer']) {
        const response = await api({ method: 'GET', url: '/api/v1/cases', headers: authorization ? { authorization } : {} });
        expect(response.statusCode, authorization).toBe(401);
        expect(response.json().error.code).toBe('unauthenticated');
      }
      expect((await api({ method: 'GET', url: `/api/v1/cases/${receipt.caseId}` })).statusCode).toBe(401);
      expect((await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, payload: {} })).statusCode).toBe(401);
      // A browser session is no API credential.
      expect((await api({ method: 'GET', url: '/api/v1/cases', headers: { cookie: 'redress_session=anything' } })).statusCode).toBe(401);
      expect(await t.ctx.db.selectFrom('cases').select('stage').execute()).toEqual([{ stage: 'received' }]);
    });

    it('lets an intake officer list cases and start triage with a token, and refuses others', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const admin = await createStaff(t.ctx, ['system_admin']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const { token, id: tokenId } = await createApiToken({ ctx: t.ctx, staff: intake, name: 'intake robot' });
      expect(token).toMatch(/^rdr_/);

      const list = await api({ method: 'GET', url: '/api/v1/cases', token });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ total: 1, page: 1, pageSize: 50 });
      expect(list.json().items.map((item: { reference: string }) => item.reference)).toEqual([receipt.reference]);
      expect(list.json().items[0]).not.toHaveProperty('description');
      expect((await api({ method: 'GET', url: '/api/v1/cases?stage=received&q=conspiracy', token })).json().total).toBe(1);
      expect((await api({ method: 'GET', url: '/api/v1/cases?stage=investigation', token })).json().total).toBe(0);
      expect((await api({ method: 'GET', url: '/api/v1/cases?stage=nonsense', token })).statusCode).toBe(400);
      expect((await api({ method: 'GET', url: '/api/v1/cases?pageSize=1000', token })).statusCode).toBe(400);

      const detail = await api({ method: 'GET', url: `/api/v1/cases/${receipt.caseId}`, token });
      expect(detail.statusCode).toBe(200);
      expect(detail.json().case).toMatchObject({ reference: receipt.reference, stage: 'received', description: expect.stringContaining('conspiracy theory') });
      expect((await api({ method: 'GET', url: '/api/v1/cases/no-such-case', token })).statusCode).toBe(404);

      // An investigator not on the case may neither read nor move it.
      const investigatorToken = (await createApiToken({ ctx: t.ctx, staff: investigator, name: 'investigator robot' })).token;
      const refused = await api({ method: 'GET', url: `/api/v1/cases/${receipt.caseId}`, token: investigatorToken });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
      expect(refused.body).not.toContain('conspiracy');
      expect((await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, payload: {}, token: investigatorToken })).statusCode).toBe(403);
      expect((await api({ method: 'GET', url: '/api/v1/cases', token: investigatorToken })).json().total).toBe(0);

      const started = await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, payload: {}, token });
      expect(started.statusCode).toBe(200);
      expect(started.json().case.stage).toBe('triage');
      expect(started.json().case.events.map((event: { type: string }) => event.type)).toContain('stage_changed');
      const stageChange = started.json().case.events.find((event: { type: string }) => event.type === 'stage_changed');
      expect(stageChange.actor).toBe(intake.name);
      const again = await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, payload: {}, token });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('transition_not_allowed');

      // An administrator has no case role.
      const adminToken = (await createApiToken({ ctx: t.ctx, staff: admin, name: 'admin robot' })).token;
      const adminList = await api({ method: 'GET', url: '/api/v1/cases', token: adminToken });
      expect(adminList.statusCode).toBe(403);
      expect(adminList.json().error.code).toBe('forbidden');
      expect((await api({ method: 'GET', url: `/api/v1/cases/${receipt.caseId}`, token: adminToken })).statusCode).toBe(403);

      // A revoked token stops working at once.
      await revokeApiToken({ ctx: t.ctx, staff: intake, tokenId });
      const revoked = await api({ method: 'GET', url: '/api/v1/cases', token });
      expect(revoked.statusCode).toBe(401);
      expect(revoked.json().error.code).toBe('unauthenticated');
      // The token of someone whose account is disabled stops working too.
      const disabledToken = (await createApiToken({ ctx: t.ctx, staff: intake, name: 'second robot' })).token;
      expect((await api({ method: 'GET', url: '/api/v1/cases', token: disabledToken })).statusCode).toBe(200);
      await disableUser({ ctx: t.ctx, by: { kind: 'operator' }, email: intake.email });
      expect((await api({ method: 'GET', url: '/api/v1/cases', token: disabledToken })).statusCode).toBe(401);
    });

    it('answers start-triage without a request body consistently: refused and unchanged, or done', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const { token } = await createApiToken({ ctx: t.ctx, staff: intake, name: 'intake robot' });
      // The OpenAPI document marks the (empty) body as required, although the route's schema defaults it.
      const started = await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, token });
      const stage = (await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', receipt.caseId).executeTakeFirstOrThrow()).stage;
      if (started.statusCode === 200) {
        expect(started.json().case.stage).toBe('triage');
        expect(stage).toBe('triage');
      } else {
        expect(started.statusCode).toBe(400);
        expect(started.json().error.code).toBe('validation_failed');
        expect(stage).toBe('received');
      }
    });

    it('records triage from a case manager who takes the case on, answering 200 with the case', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const { token } = await createApiToken({ ctx: t.ctx, staff: manager, name: 'manager robot' });
      expect((await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, payload: {}, token })).statusCode).toBe(200);

      const incomplete = await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/triage`, payload: { outcome: 'investigate' }, token });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.json().error.code).toBe('validation_failed');
      expect(incomplete.json().error.issues.map((issue: { field: string }) => issue.field)).toEqual(expect.arrayContaining(['withinJurisdiction', 'membershipStatus', 'riskLevel']));

      const triaged = await api({
        method: 'POST',
        url: `/api/v1/cases/${receipt.caseId}/triage`,
        token,
        payload: {
          ...TRIAGE_ANSWERS,
          riskLevel: 'high',
          urgent: true,
          caseManagerId: manager.userId,
          investigatorId: investigator.userId,
        },
      });
      expect(triaged.statusCode).toBe(200);
      const found = triaged.json().case;
      expect(found.stage).toBe('investigation');
      expect(found.assignments.map((assignment: { userId: string; role: string }) => `${assignment.role}:${assignment.userId}`).sort()).toEqual(
        [`case_manager:${manager.userId}`, `investigator:${investigator.userId}`].sort(),
      );
      expect(found.events.map((event: { type: string }) => event.type)).toContain('triage_recorded');
    });

    it('answers an intake officer who records triage with 200 and the case, not 403', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const manager = await createStaff(t.ctx, ['case_manager']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const { token } = await createApiToken({ ctx: t.ctx, staff: intake, name: 'intake robot' });
      expect((await api({ method: 'POST', url: `/api/v1/cases/${receipt.caseId}/start-triage`, payload: {}, token })).statusCode).toBe(200);
      const triaged = await api({
        method: 'POST',
        url: `/api/v1/cases/${receipt.caseId}/triage`,
        token,
        payload: {
          ...TRIAGE_ANSWERS,
          caseManagerId: manager.userId,
          investigatorId: investigator.userId,
        },
      });
      // The triage was recorded whatever the answer says.
      expect((await t.ctx.db.selectFrom('cases').select('stage').where('id', '=', receipt.caseId).executeTakeFirstOrThrow()).stage).toBe('investigation');
      expect(triaged.statusCode).toBe(200);
    });

    it('records a phone complaint from staff with 201, and refuses roles that may not', async () => {
      const intake = await createStaff(t.ctx, ['intake_officer']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const { token } = await createApiToken({ ctx: t.ctx, staff: intake, name: 'switchboard' });
      const recorded = await api({ method: 'POST', url: '/api/v1/cases', token, payload: { channel: 'phone', receivedAt: '2026-03-02T09:15:00+00:00', complaint: NAMED_COMPLAINT } });
      expect(recorded.statusCode).toBe(201);
      expect(recorded.json().reference).toBe('RDR-2026-000001');
      expect(recorded.json().receiptCode).toBeNull();
      const stored = await t.ctx.db.selectFrom('cases').select(['channel', 'received_at', 'recorded_by']).executeTakeFirstOrThrow();
      expect(stored.channel).toBe('phone');
      expect(stored.recorded_by).toBe(intake.userId);
      expect(new Date(stored.received_at).toISOString()).toBe('2026-03-02T09:15:00.000Z');

      const future = await api({ method: 'POST', url: '/api/v1/cases', token, payload: { channel: 'phone', receivedAt: '2026-04-01T09:00:00Z', complaint: NAMED_COMPLAINT } });
      expect(future.statusCode).toBe(400);
      expect(future.json().error.issues[0].field).toBe('receivedAt');
      const web = await api({ method: 'POST', url: '/api/v1/cases', token, payload: { channel: 'web', complaint: NAMED_COMPLAINT } });
      expect(web.statusCode).toBe(400);
      expect(web.json().error.issues.map((issue: { field: string }) => issue.field)).toContain('channel');

      const investigatorToken = (await createApiToken({ ctx: t.ctx, staff: investigator, name: 'nope' })).token;
      expect((await api({ method: 'POST', url: '/api/v1/cases', token: investigatorToken, payload: { channel: 'letter', complaint: NAMED_COMPLAINT } })).statusCode).toBe(403);
      expect((await api({ method: 'POST', url: '/api/v1/cases', payload: { channel: 'letter', complaint: NAMED_COMPLAINT } })).statusCode).toBe(401);
      expect(await t.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(1);
    });

    it('runs a case through notice, panel decision and appeal through the API, with each refusal in the error shape', async () => {
      const manager = await createStaff(t.ctx, ['case_manager']);
      const investigator = await createStaff(t.ctx, ['investigator']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx: t.ctx, staff: manager, caseId: receipt.caseId });
      const managerToken = (await createApiToken({ ctx: t.ctx, staff: manager, name: 'manager robot' })).token;
      const investigatorToken = (await createApiToken({ ctx: t.ctx, staff: investigator, name: 'investigator robot' })).token;
      const url = (action: string) => `/api/v1/cases/${receipt.caseId}/${action}`;

      expect(
        (
          await api({
            method: 'POST',
            url: url('triage'),
            token: managerToken,
            payload: {
              ...TRIAGE_ANSWERS,
              riskLevel: 'low',
              caseManagerId: manager.userId,
              investigatorId: investigator.userId,
            },
          })
        ).statusCode,
      ).toBe(200);

      const note = await api({ method: 'POST', url: url('notes'), token: investigatorToken, payload: { text: 'Spoke to the branch secretary.' } });
      expect(note.statusCode).toBe(200);
      expect((await api({ method: 'POST', url: url('clock/extend'), token: managerToken, payload: { reason: 'Witness unavailable', workingDays: 1.5 } })).statusCode).toBe(400);
      expect((await api({ method: 'POST', url: url('clock/extend'), token: managerToken, payload: { reason: 'Witness unavailable', workingDays: 1e9 } })).statusCode).toBe(400);
      const extended = await api({ method: 'POST', url: url('clock/extend'), token: managerToken, payload: { reason: 'Witness unavailable until April', workingDays: 5 } });
      expect(extended.statusCode).toBe(200);

      const short = await api({ method: 'POST', url: url('investigation-report'), token: investigatorToken, payload: { summary: 'Short', recommendation: 'Uphold' } });
      expect(short.statusCode).toBe(400);
      expect(short.json().error.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['recommendation', 'summary']);
      const report = { summary: 'The messages were sent from the respondent’s account; the respondent accepts sending them.', recommendation: 'Uphold the complaint.' };
      const unheard = await api({ method: 'POST', url: url('investigation-report'), token: investigatorToken, payload: report });
      expect(unheard.statusCode).toBe(422);
      expect(unheard.json().error.message).toContain('notice');

      // Notice through the API; a notice missing its particulars is refused and names them.
      const notice = await noticeFor(t.ctx, receipt.caseId);
      const incomplete = await api({ method: 'POST', url: url('notice'), token: investigatorToken, payload: { ...notice, particulars: {} } });
      expect(incomplete.statusCode).toBe(400);
      expect(incomplete.json().error.issues[0].field).toMatch(/^particulars\./);
      const noticed = await api({ method: 'POST', url: url('notice'), token: investigatorToken, payload: notice });
      expect(noticed.statusCode).toBe(200);
      expect(noticed.json().case.events.map((event: { type: string }) => event.type)).toContain('notice_issued');
      const token = await portalTokenSentTo(t.ctx, RESPONDENT_EMAIL);
      await respondToNotice({ ctx: t.ctx, token, answer: { answers: {}, generalResponse: 'I accept sending them and apologise.', hearingRequested: false }, files: [] });
      const reported = await api({ method: 'POST', url: url('investigation-report'), token: investigatorToken, payload: report });
      expect(reported.statusCode).toBe(200);
      expect(reported.json().case.stage).toBe('decision');

      // The panel is drawn through the API and decides; the decision needs a panel first.
      const pool = await createPanelPool(t.ctx, manager);
      const decision = await decisionFor(t.ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'education_course' });
      expect((await api({ method: 'POST', url: url('decision'), token: managerToken, payload: decision })).statusCode).toBe(403);
      expect((await api({ method: 'POST', url: url('panel'), token: investigatorToken, payload: {} })).statusCode).toBe(403);
      expect((await api({ method: 'POST', url: url('panel'), token: managerToken, payload: {} })).statusCode).toBe(200);
      expect((await api({ method: 'POST', url: url('panel'), token: managerToken, payload: {} })).statusCode).toBe(409);
      const [chair] = await sittingPanel(t.ctx, receipt.caseId, 'decision', pool);
      const chairToken = (await createApiToken({ ctx: t.ctx, staff: chair!, name: 'chair robot' })).token;
      expect((await api({ method: 'POST', url: url('decision'), token: chairToken, payload: { ...decision, reasons: 'Because.' } })).statusCode).toBe(400);
      const warning = await api({ method: 'POST', url: url('decision'), token: chairToken, payload: { ...decision, sanctionId: 'formal_warning' } });
      expect(warning.statusCode).toBe(422);
      expect(warning.json().error.message).toContain('education course');
      const decided = await api({ method: 'POST', url: url('decision'), token: chairToken, payload: decision });
      expect(decided.statusCode).toBe(200);
      expect(decided.json().case.stage).toBe('appeal_window');

      // An appeal received by letter, an appeal panel of people not yet involved, and its decision.
      expect((await api({ method: 'POST', url: url('appeals'), token: managerToken, payload: { appellant: 'respondent', grounds: [], statement: 'x' } })).statusCode).toBe(400);
      const appealed = await api({
        method: 'POST',
        url: url('appeals'),
        token: managerToken,
        payload: { appellant: 'respondent', grounds: ['procedure'], statement: 'The panel did not consider the apology I made at the time, which the report leaves out.' },
      });
      expect(appealed.statusCode).toBe(200);
      expect(appealed.json().case.stage).toBe('appeal');
      expect((await api({ method: 'POST', url: url('panel'), token: managerToken, payload: {} })).statusCode).toBe(200);
      const [appealChair] = await sittingPanel(t.ctx, receipt.caseId, 'appeal', pool);
      expect(appealChair!.userId).not.toBe(chair!.userId);
      const appealChairToken = (await createApiToken({ ctx: t.ctx, staff: appealChair!, name: 'appeal chair robot' })).token;
      const appealDecision = { outcome: 'dismissed', reasons: 'The apology was before the panel in the response to the notice and was taken into account.', sanctionId: null, sanctionMonths: null };
      expect((await api({ method: 'POST', url: url('appeal-decision'), token: chairToken, payload: appealDecision })).statusCode).toBe(403);
      const dismissed = await api({ method: 'POST', url: url('appeal-decision'), token: appealChairToken, payload: appealDecision });
      expect(dismissed.statusCode).toBe(200);
      expect(dismissed.json().case).toMatchObject({ stage: 'closed', outcome: 'upheld' });
      expect(dismissed.json().case.closedAt).toBeTruthy();

      const late = await api({ method: 'POST', url: url('notes'), token: investigatorToken, payload: { text: 'A note after closure.' } });
      expect(late.statusCode).toBeLessThan(500);
    });

    it('answers 429 once the public complaint endpoint is used more than the configured rate', async () => {
      const limited = await createTestApp(kind, { publicRequestsPerMinute: 3 });
      try {
        for (let attempt = 1; attempt <= 3; attempt++) {
          expect((await send(limited, { method: 'POST', url: '/api/v1/complaints', payload: ANONYMOUS_COMPLAINT })).statusCode).toBe(201);
        }
        const refused = await send(limited, { method: 'POST', url: '/api/v1/complaints', payload: ANONYMOUS_COMPLAINT });
        expect(refused.statusCode).toBe(429);
        expect(refused.json().error.code).toBe('rate_limited');
        expect(refused.headers['retry-after']).toBeDefined();
        // Invalid requests count too, and are refused as well once over the limit.
        expect((await send(limited, { method: 'POST', url: '/api/v1/complaints', payload: { summary: 'x' } })).statusCode).toBe(429);
        expect(await limited.ctx.db.selectFrom('cases').select('id').execute()).toHaveLength(3);
        // Another address is not affected.
        const elsewhere = await send(limited, { method: 'POST', url: '/api/v1/complaints', payload: ANONYMOUS_COMPLAINT, remoteAddress: '192.0.2.7' });
        expect(elsewhere.statusCode).toBe(201);
      } finally {
        await limited.close();
      }
    });

    it('documents every /api/v1 operation in the OpenAPI document, with bearer security where a token is needed', async () => {
      const response = await api({ method: 'GET', url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toBe('3.1.0');
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });

      const documented = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
        Object.keys(item)
          .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map((method) => `${method} ${path}`),
      );
      expect(documented.sort()).toEqual(OPERATIONS.map((operation) => `${operation.method} ${operation.path}`).sort());

      for (const operation of OPERATIONS) {
        const described = document.paths[operation.path][operation.method];
        const name = `${operation.method} ${operation.path}`;
        expect(described.summary, name).toBeTruthy();
        if (operation.secured) expect(described.security, name).toEqual([{ bearer: [] }]);
        else expect(described.security, name).toBeUndefined();
        if (operation.path.includes('{id}')) expect(described.parameters?.some((parameter: { name: string; in: string }) => parameter.name === 'id' && parameter.in === 'path'), name).toBe(true);
        if (operation.method === 'post' && operation.path !== '/api/v1/cases/{id}/start-triage') expect(described.requestBody, name).toBeDefined();
      }

      // What the document says needs a token really does: each secured operation refuses a request without one.
      for (const operation of OPERATIONS.filter((candidate) => candidate.secured)) {
        const url = operation.path.replace('{id}', 'some-case');
        const refused = await api({ method: operation.method.toUpperCase() as 'GET' | 'POST', url, ...(operation.method === 'post' ? { payload: {} } : {}) });
        expect([400, 401], `${operation.method} ${url}`).toContain(refused.statusCode);
      }
      const codes = await api({ method: 'GET', url: '/api/v1/code-packs' });
      expect(codes.statusCode).toBe(200);
      expect(codes.json().map((pack: { id: string }) => pack.id)).toContain('ihra-wda');
    });

    it('refuses odd input with 4xx answers in the error shape, never a server error', async () => {
      const manager = await createStaff(t.ctx, ['case_manager', 'intake_officer']);
      const receipt = await submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'web' });
      const other = await submitComplaint({ ctx: t.ctx, complaint: complaintInput({ summary: 'Another complaint' }), files: [], channel: 'web' });
      const { token } = await createApiToken({ ctx: t.ctx, staff: manager, name: 'fuzzing robot' });
      const url = (action: string) => `/api/v1/cases/${receipt.caseId}/${action}`;
      const requests: (InjectOptions & { token?: string })[] = [
        { method: 'GET', url: `/api/v1/cases/${'x'.repeat(65)}`, token },
        { method: 'GET', url: '/api/v1/cases?page=abc', token },
        { method: 'GET', url: '/api/v1/cases?page=0', token },
        { method: 'GET', url: '/api/v1/cases?overdue=yes', token },
        { method: 'GET', url: '/api/v1/cases?clause=nonsense', token },
        { method: 'POST', url: '/api/v1/complaints/status', payload: { receiptCode: '' } },
        { method: 'POST', url: '/api/v1/complaints/status', payload: { receiptCode: 'x'.repeat(41) } },
        { method: 'POST', url: '/api/v1/complaints/status', payload: { receiptCode: 12 } },
        { method: 'POST', url: '/api/v1/complaints', payload: { ...ANONYMOUS_COMPLAINT, incidentDate: '2026-02-30' } },
        { method: 'POST', url: '/api/v1/complaints', payload: { ...ANONYMOUS_COMPLAINT, clauses: 'ihra-wda@2016-05-26#ex-2' } },
        { method: 'POST', url: '/api/v1/complaints', payload: { ...ANONYMOUS_COMPLAINT, links: [{ url: 'https://x.example', capturedAt: 'yesterday' }] } },
        { method: 'POST', url: '/api/v1/complaints', payload: JSON.parse('{"__proto__": {"anonymous": false}, "relation": "witness"}') },
        { method: 'POST', url: url('assignments'), token, payload: { userId: 'no-such-user', role: 'investigator' } },
        { method: 'POST', url: url('assignments'), token, payload: { userId: manager.userId, role: 'system_admin' } },
        { method: 'POST', url: url('links'), token, payload: { reference: 'RDR-2026-999999' } },
        { method: 'POST', url: url('links'), token, payload: { reference: receipt.reference } },
        { method: 'POST', url: url('merge'), token, payload: { reference: receipt.reference } },
        { method: 'POST', url: url('clock/resume'), token, payload: { reason: 'Not paused at all' } },
        { method: 'POST', url: url('clock/pause'), token, payload: { reason: '' } },
        { method: 'POST', url: url('clock/extend'), token, payload: { reason: 'Received stage has a deadline', workingDays: -3 } },
        { method: 'POST', url: url('decision'), token, payload: { outcome: 'upheld', reasons: 'x'.repeat(60) } },
        { method: 'POST', url: url('investigation-report'), token, payload: { summary: 'x'.repeat(60), recommendation: 'Uphold it now' } },
        { method: 'POST', url: url('withdraw'), token, payload: { explanation: 'short' } },
        { method: 'POST', url: url('triage'), token, payload: { withinJurisdiction: 'yes' } },
        { method: 'POST', url: url('notes'), token, payload: { text: 42 } },
        { method: 'POST', url: `/api/v1/cases/${other.caseId}/start-triage`, token, payload: '[1, 2]', headers: { 'content-type': 'application/json' } },
      ];
      const answers: string[] = [];
      for (const request of requests) {
        const response = await api(request);
        answers.push(`${request.method} ${request.url} ${JSON.stringify(request.payload ?? '').slice(0, 60)} -> ${response.statusCode}`);
        if (response.statusCode >= 400 && response.statusCode < 500) {
          expect(response.json().error, answers.at(-1)).toMatchObject({ code: expect.any(String), message: expect.any(String), issues: expect.any(Array) });
        }
      }
      expect(answers.filter((answer) => !/-> 4\d\d$/.test(answer))).toEqual([]);
      // Search syntax in the words typed is not passed on to the database's query language.
      const injected = await api({ method: 'GET', url: `/api/v1/cases?q=${encodeURIComponent(`') OR 1=1 -- & | ! :* " NEAR(`)}`, token });
      expect(injected.statusCode).toBe(200);
      expect(injected.json().total).toBe(0);
      expect((await api({ method: 'GET', url: `/api/v1/cases?assignee=${manager.userId}`, token })).json().total).toBe(0);
      // Nothing was changed by any of them.
      expect((await t.ctx.db.selectFrom('cases').select('stage').orderBy('reference').execute()).map((row) => row.stage)).toEqual(['received', 'received']);
    });

    it('answers unknown API addresses and methods with JSON errors', async () => {
      const unknown = await api({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('not_found');
      expect((await api({ method: 'DELETE', url: '/api/v1/cases' })).statusCode).toBe(404);
      const huge = await api({ method: 'POST', url: '/api/v1/complaints', payload: { ...ANONYMOUS_COMPLAINT, description: 'x'.repeat(1_100_000) } });
      expect(huge.statusCode).toBe(413);
      expect(huge.json().error.code).toBe('upload_too_large');
    });

    // Last in the block, so it sees every request the tests above made (vitest runs a file's tests in order).
    it('never answered any of those requests with a status of 500 or more', () => {
      expect(seen.filter((item) => item.status >= 500)).toEqual([]);
    });
  });
}
