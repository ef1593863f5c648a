import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestApp, PageClient, signedIn, type TestApp } from '../helpers/test-app.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { ROLES, type Role } from '../../src/domain/access.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { CASE_ACTION_NAMES } from '../../src/http/pages/case-routes.js';

/*
 * The access matrix, walked route by route and role by role. The table below
 * is the specification, written apart from the code's table in
 * src/domain/access.ts: for every route, which roles may use it. Each role is
 * tried by a person holding only that role and assigned to nothing, against a
 * case under investigation (so out of every intake queue). A route the table
 * does not list fails the test: every new route must be placed in the matrix.
 */

type Expect = { public: true } | { roles: readonly Role[] };

const CASE_HANDLERS = ['intake_officer', 'case_manager', 'investigator', 'panel_member', 'independent_reviewer'] as const;
const EVERYONE = ROLES;
/** A case opens only through assignment: no unassigned role opens one. */
const NO_ONE: readonly Role[] = [];
const PUBLIC = { public: true } as const;
const only = (...roles: Role[]): Expect => ({ roles });

const MATRIX: Record<string, Expect> = {
  'GET /static/*': PUBLIC,
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /api/openapi.json': PUBLIC,
  'GET /': PUBLIC,
  'GET /complaints/new': PUBLIC,
  'POST /complaints': PUBLIC,
  'GET /status': PUBLIC,
  'POST /status': PUBLIC,
  'POST /status/message': PUBLIC,
  'GET /login': PUBLIC,
  'POST /login': PUBLIC,
  'GET /login/second-factor': PUBLIC,
  'POST /login/second-factor': PUBLIC,
  'GET /account/second-factor': PUBLIC,
  'POST /account/second-factor': PUBLIC,
  'POST /logout': PUBLIC,
  'GET /setup': PUBLIC,
  'POST /setup': PUBLIC,
  'GET /login/sso': PUBLIC,
  'GET /login/sso/callback': PUBLIC,
  'GET /portal/enter/:token': PUBLIC,
  'GET /portal': PUBLIC,
  'POST /portal/:action': PUBLIC,
  'GET /portal/evidence/:evidenceId': PUBLIC,
  'GET /ledger': PUBLIC,
  'POST /api/v1/complaints': PUBLIC,
  'POST /api/v1/complaints/status': PUBLIC,
  'GET /api/v1/code-packs': PUBLIC,
  'GET /api/v1/ledger/checkpoint': PUBLIC,
  'GET /api/v1/ledger/proof/inclusion': PUBLIC,
  'GET /api/v1/ledger/proof/consistency': PUBLIC,

  // Everyone signed in lands somewhere and manages their own account.
  'GET /staff': { roles: EVERYONE },
  'GET /staff/account': { roles: EVERYONE },
  'POST /staff/account/tokens': { roles: EVERYONE },
  'POST /staff/account/tokens/:id/revoke': { roles: EVERYONE },

  'GET /staff/cases': { roles: CASE_HANDLERS },
  'GET /api/v1/cases': { roles: CASE_HANDLERS },
  'GET /staff/cases/new': only('intake_officer', 'case_manager'),
  'POST /staff/cases/new': only('intake_officer', 'case_manager'),
  'POST /api/v1/cases': only('intake_officer', 'case_manager'),

  'GET /staff/users': only('system_admin'),
  'POST /staff/users': only('system_admin'),
  'POST /staff/users/:id/disable': only('system_admin'),
  'GET /staff/templates': only('system_admin'),
  'GET /staff/templates/:id': only('system_admin'),
  'POST /staff/templates/:id': only('system_admin'),
  'POST /staff/templates/:id/reset': only('system_admin'),

  'GET /staff/panel-pool': only('case_manager'),
  'POST /staff/panel-pool': only('case_manager'),
  'POST /staff/panel-pool/training': only('case_manager'),
  'POST /staff/panel-pool/interests': only('case_manager'),
  'POST /staff/panel-pool/:userId/interests/:interestId/end': only('case_manager'),
  'GET /staff/interests': only('panel_member'),
  'POST /staff/interests': only('panel_member'),
  'POST /staff/interests/:interestId/end': only('panel_member'),
  'GET /staff/sanctions': only('intake_officer', 'case_manager'),

  'GET /staff/contacts/new': only(...CASE_HANDLERS, 'leadership'),
  'POST /staff/contacts/new': only(...CASE_HANDLERS, 'leadership'),
  'GET /staff/emergency-access': only('case_manager'),
  'POST /staff/emergency-access': only('case_manager'),
  'GET /staff/statistics': only('overseer', 'leadership'),

  'GET /oversight': only('overseer'),
  'GET /oversight/register': only('overseer'),
  'GET /oversight/record': only('overseer'),
  'POST /oversight/record/save': only('overseer'),
  'POST /oversight/record/verify': only('overseer'),
  'GET /oversight/timeliness': only('overseer'),
  'GET /oversight/fairness': only('overseer'),
  'GET /api/v1/ledger/entries': only('case_manager', 'overseer'),

  'GET /oversight/audits': only('overseer'),
  'POST /oversight/audits': only('overseer'),
  'GET /oversight/audits/:sampleId': only('overseer'),
  'POST /oversight/audits/:sampleId/cases/:caseId/review': only('overseer'),
  'POST /oversight/audits/:sampleId/findings': only('overseer'),
  'POST /oversight/audits/:sampleId/findings/:findingId/verdict': only('overseer'),
  'GET /oversight/confidence': only('overseer'),
  'GET /staff/audit-findings': only('case_manager'),
  'POST /staff/audit-findings/:findingId/answer': only('case_manager'),
  'GET /survey/:token': PUBLIC,
  'POST /survey/:token': PUBLIC,

  'GET /staff/data-protection': only('data_protection_officer'),
  'GET /staff/data-protection/subject-access': only('data_protection_officer'),
  'POST /staff/data-protection/subject-access': only('data_protection_officer'),
  'POST /staff/data-protection/subject-access/export.json': only('data_protection_officer'),
  'POST /staff/data-protection/subject-access/export.pdf': only('data_protection_officer'),
  'POST /staff/data-protection/retention/run': only('data_protection_officer'),
  'POST /staff/data-protection/retention/dry-run': only('data_protection_officer'),

  // One case, under investigation, assigned to no one tried here.
  'GET /staff/cases/:id': { roles: NO_ONE },
  'POST /staff/cases/:id/:action': { roles: NO_ONE },
  'GET /staff/cases/:id/hearing-bundle.pdf': { roles: NO_ONE },
  'GET /staff/cases/:id/outcome-letter/:recipient.pdf': { roles: NO_ONE },
  'GET /staff/cases/:id/evidence/:evidenceId': { roles: NO_ONE },
  'POST /staff/cases/:id/parties/:partyId/link': { roles: NO_ONE },
  'GET /api/v1/cases/:id': { roles: NO_ONE },
  'GET /api/v1/cases/:id/messages': { roles: NO_ONE },
  'GET /commitments': PUBLIC,
  'GET /commitments/feed.atom': PUBLIC,
  'GET /commitments/:id': PUBLIC,
  'GET /staff/commitments': only('leadership', 'overseer'),
  'POST /staff/commitments/stakeholders': only('leadership'),
  'POST /staff/commitments/meetings': only('leadership'),
  'POST /staff/commitments/demands': only('leadership'),
  'POST /staff/commitments/responses': only('leadership'),
  'POST /staff/commitments/commitments': only('leadership'),
  'POST /staff/commitments/deliveries': only('leadership'),
  'POST /staff/commitments/status': only('leadership'),
  'GET /staff/commitments/:id/rate': only('overseer'),
  'POST /staff/commitments/:id/rate': only('overseer'),
  'GET /statistics': PUBLIC,
  'GET /statistics/:period.csv': PUBLIC,
  'GET /statistics/:period.json': PUBLIC,
  'GET /statistics/:period.pdf': PUBLIC,
  'GET /decisions': PUBLIC,
  'GET /decisions/feed.atom': PUBLIC,
  'GET /decisions/:number': PUBLIC,
  'GET /staff/publications': only('publications_editor'),
  'GET /staff/publications/:id': only('publications_editor'),
  'POST /staff/publications/:id/:action': only('publications_editor'),
  'GET /commitments/documents/:id': PUBLIC,
  // (routes of later features go above this line)
};
for (const path of [
  'start-triage', 'triage', 'assignments', 'clock/pause', 'clock/resume', 'clock/extend', 'notes', 'investigation-report', 'notice', 'panel', 'panel/recusals', 'hearing',
  'hearing/postponement', 'hearing/record', 'decision', 'review', 'appeals', 'appeal-decision', 'interim-measures', 'interim-measures/review', 'withdraw', 'links', 'merge', 'messages',
]) {
  MATRIX[`POST /api/v1/cases/:id/${path}`] = { roles: NO_ONE };
}

function isLoginRedirect(response: LightMyRequestResponse): boolean {
  return response.statusCode >= 300 && response.statusCode < 400 && String(response.headers.location ?? '').startsWith('/login');
}

for (const kind of testDatabaseKinds()) {
  describe(`the access matrix, route by route and role by role (${kind})`, () => {
    let t: TestApp;
    let caseId: string;
    let victimId: string;
    const clients = new Map<Role, PageClient>();
    const tokens = new Map<Role, string>();

    beforeAll(async () => {
      t = await createTestApp(kind);
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      victimId = (await createStaff(ctx, ['investigator'])).userId;
      caseId = (await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' })).caseId;
      await startTriage({ ctx, staff: intake, caseId });
      await recordTriage({ ctx, staff: intake, caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      for (const role of ROLES) {
        const person = await createStaff(ctx, [role], `Only ${role}`);
        clients.set(role, await signedIn(t.app, person.email));
        tokens.set(role, (await createApiToken({ ctx, staff: person, name: `matrix ${role}` })).token);
      }
    });
    afterAll(async () => t.close());

    const routeKeys = () => t.app.routeTable.map((route) => `${route.method} ${route.url}`);

    it('places every route the application serves in the matrix, and lists no route it does not serve', () => {
      const served = new Set(routeKeys());
      expect([...served].filter((key) => !(key in MATRIX))).toEqual([]);
      expect(Object.keys(MATRIX).filter((key) => !served.has(key))).toEqual([]);
    });

    /** The concrete URLs one route pattern stands for. */
    function urlsOf(url: string): string[] {
      const filled = url
        .replace(':id/disable', `${victimId}/disable`)
        .replace('/staff/templates/:id', '/staff/templates/complaint_acknowledged')
        .replace('/cases/:id', `/cases/${caseId}`)
        .replace(':recipient.pdf', 'complainant.pdf')
        .replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      return url.endsWith('/:action') ? CASE_ACTION_NAMES.map((action) => filled.replace(/[^/]+$/, action)) : [filled];
    }

    async function request(role: Role | null, method: string, url: string): Promise<LightMyRequestResponse> {
      if (url.startsWith('/api/')) {
        const headers: Record<string, string> = role ? { authorization: `Bearer ${tokens.get(role)}` } : {};
        return t.app.inject({ method: method as 'GET' | 'POST', url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
      }
      const client = role ? clients.get(role)! : new PageClient(t.app);
      if (method === 'GET') return client.get(url);
      await client.get('/staff/account');
      return client.post(url, {});
    }

    it('lets each role use exactly the routes the matrix gives it, and refuses the rest with 403', async () => {
      const unexpected: string[] = [];
      for (const { method, url } of t.app.routeTable) {
        const expected = MATRIX[`${method} ${url}`];
        if (!expected || 'public' in expected) continue;
        for (const concrete of urlsOf(url)) {
          for (const role of ROLES) {
            const response = await request(role, method, concrete);
            const status = response.statusCode;
            const allowed = expected.roles.includes(role);
            if (status >= 500) unexpected.push(`${role} ${method} ${concrete}: ${status} (server error)`);
            else if (allowed && (status === 401 || status === 403 || isLoginRedirect(response))) unexpected.push(`${role} ${method} ${concrete}: refused (${status}) but the matrix allows it`);
            else if (!allowed && status !== 403) unexpected.push(`${role} ${method} ${concrete}: answered ${status} but the matrix refuses it`);
          }
        }
      }
      expect(unexpected).toEqual([]);
    });

    it('sends anyone not signed in to sign in (pages) or refuses them with 401 (API), on every staff route', async () => {
      const unexpected: string[] = [];
      for (const { method, url } of t.app.routeTable) {
        const expected = MATRIX[`${method} ${url}`];
        if (!expected || 'public' in expected) continue;
        for (const concrete of urlsOf(url).slice(0, 1)) {
          const response = await request(null, method, concrete);
          const refused = concrete.startsWith('/api/') ? response.statusCode === 401 : isLoginRedirect(response) || response.statusCode === 403;
          if (!refused) unexpected.push(`${method} ${concrete}: answered ${response.statusCode}`);
        }
      }
      expect(unexpected).toEqual([]);
    });

    it('records the refused attempts to open the case, for the overseer', async () => {
      const refused = await t.ctx.db.selectFrom('case_events').select(['actor']).where('case_id', '=', caseId).where('type', '=', 'access_refused').execute();
      const who = new Set(refused.map((row) => (JSON.parse(row.actor) as { name: string }).name));
      // Every role tried the case page; those whose role could not act at all were stopped before the case was opened.
      for (const role of ROLES) expect(who.has(`Only ${role}`), role).toBe(true);
    });
  });
}
