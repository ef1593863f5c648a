import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, REPORT, TEST_PASSWORD, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, noticeFor, portalTokenSentTo, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import { readPdf } from '../helpers/read-pdf.js';
import { refusal } from '../helpers/refusal.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { respondToNotice } from '../../src/services/due-process/respond-to-notice.js';
import { imposeInterimMeasure } from '../../src/services/due-process/interim-measures.js';
import { sendCaseMessage, sendPartyMessage } from '../../src/services/due-process/case-messages.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordHearing, scheduleHearing } from '../../src/services/due-process/hearings.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { lodgeAppeal } from '../../src/services/due-process/appeals.js';
import { inviteComplainant } from '../../src/services/due-process/invite-complainant.js';
import { addSupporterForParty } from '../../src/services/due-process/supporters.js';
import { declareInterest, savePoolMember } from '../../src/services/due-process/panel-pool.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { createUser } from '../../src/services/users/manage-users.js';
import { exportSubjectData, previewSubjectData } from '../../src/services/data-protection/export-subject-data.js';
import { listSubjectAccessExports } from '../../src/services/data-protection/list-subject-access-exports.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';

const PERSON = { name: 'Councillor Fictional', membershipNumber: 'M-1001', email: RESPONDENT_EMAIL };
const WITHHELD_REASON = 'The complainant fears reprisals within the branch and asked not to be named.';
const SECTIONS = ['accounts', 'appeals', 'assignments', 'cases', 'decisions', 'evidence', 'hearings', 'interimMeasures', 'messages', 'notices', 'panel', 'parties', 'sanctions'];

for (const kind of testDatabaseKinds()) {
  describe(`subject access export (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff;
    let investigator: Staff;
    let dpo: Staff;

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      investigator = await createStaff(ctx, ['investigator']);
      dpo = await createStaff(ctx, ['data_protection_officer'], 'Dana Protection');
    });
    afterEach(async () => t.close());

    const exportRows = () => ctx.db.selectFrom('subject_access_exports').selectAll().execute();
    const exportEvents = async (caseId: string) => (await listCaseEvents(ctx.db, caseId)).filter((event) => event.type === 'subject_access_exported').map((event) => JSON.parse(event.data) as Record<string, unknown>);
    const eventCount = async () => Number((await ctx.db.selectFrom('case_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

    async function underInvestigation(complaint: Record<string, unknown> = {}): Promise<{ caseId: string; reference: string }> {
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(complaint), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      return receipt;
    }

    /**
     * The person is the respondent in one case (interim measure, notice with the complainant's identity
     * withheld, answer with a file, messages, hearing, decision with an expulsion, appeal), the complainant in
     * a second, and a member of staff on the panel pool; a third case is about a namesake with another
     * membership number.
     */
    async function buildPerson() {
      const pool = await createPanelPool(ctx, manager);
      const asRespondent = await underInvestigation();
      await imposeInterimMeasure({ ctx, staff: manager, caseId: asRespondent.caseId, measure: { effects: ['no_candidacy'], weeks: 8, reasons: 'The respondent has continued to message the complainant since the complaint was made.' } });
      await issueNotice({ ctx, staff: investigator, caseId: asRespondent.caseId, notice: await noticeFor(ctx, asRespondent.caseId, { identityWithheldReason: WITHHELD_REASON }) });
      const token = await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
      await inviteComplainant({ ctx, staff: manager, caseId: asRespondent.caseId });
      await addSupporterForParty({ ctx, staff: manager, caseId: asRespondent.caseId, forRole: 'respondent', supporter: { kind: 'companion', name: 'Carol Companion', email: 'carol@example.test' } });
      await respondToNotice({
        ctx,
        token,
        answer: { answers: {}, generalResponse: 'I accept sending the messages and apologise to the branch.', hearingRequested: true },
        files: [{ filename: 'apology.txt', bytes: new TextEncoder().encode('My apology to the branch.') }],
      });
      await sendCaseMessage({ ctx, staff: investigator, caseId: asRespondent.caseId, recipient: 'respondent', visibility: 'party', body: 'Please send the screenshots you mentioned.' });
      await sendPartyMessage({ ctx, token, body: 'The screenshots are attached to my response.' });
      await sendCaseMessage({ ctx, staff: investigator, caseId: asRespondent.caseId, recipient: 'respondent', visibility: 'staff_on_case', body: 'Staff only: the respondent seemed contrite.' });
      await sendCaseMessage({ ctx, staff: investigator, caseId: asRespondent.caseId, recipient: 'complainant', visibility: 'party', body: 'Thank you for the screenshots you sent us.' });
      await submitInvestigationReport({ ctx, staff: investigator, caseId: asRespondent.caseId, ...REPORT });
      await drawPanel({ ctx, staff: manager, caseId: asRespondent.caseId });
      const panel = await sittingPanel(ctx, asRespondent.caseId, 'decision', pool);
      await scheduleHearing({ ctx, staff: manager, caseId: asRespondent.caseId, date: '2026-03-16', time: '18:30', location: 'Committee Room 2' });
      t.clock.set('2026-03-16T19:00:00Z');
      await recordHearing({
        ctx,
        staff: panel[0]!,
        caseId: asRespondent.caseId,
        attendance: [
          { name: 'Councillor Fictional', role: 'Respondent', present: true },
          { name: 'Ruth Example', role: 'Complainant', present: true },
        ],
        record: 'The respondent accepted sending the messages and apologised.',
      });
      await recordPanelDecision({ ctx, staff: panel[0]!, caseId: asRespondent.caseId, decision: await decisionFor(ctx, asRespondent.caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });
      await lodgeAppeal({ ctx, token, appeal: { grounds: ['sanction'], statement: 'Expulsion is out of line with the warnings given for similar first offences.' } });

      const asComplainant = await underInvestigation({
        complainant: { name: PERSON.name, email: PERSON.email },
        respondent: { name: 'Other Person', membershipNumber: 'M-2002', unit: 'South Branch' },
        summary: 'Heckling at the regional conference',
        description: 'At the regional conference the respondent repeatedly heckled me with antisemitic remarks.',
        links: [{ url: 'https://video.example.test/session-4', description: 'Video of the session' }],
      });
      await sendCaseMessage({ ctx, staff: manager, caseId: asComplainant.caseId, recipient: 'complainant', visibility: 'party', body: 'We have opened an investigation into your complaint.' });

      const namesake = await underInvestigation({ respondent: { name: PERSON.name, membershipNumber: 'M-9999', unit: 'East Branch' }, summary: 'A leaflet at the east branch' });

      const user = await createUser({ ctx, by: { kind: 'operator' }, email: PERSON.email, displayName: PERSON.name, password: TEST_PASSWORD, roles: ['panel_member'] });
      const asStaff: Staff = { userId: user.id, name: user.display_name, roles: ['panel_member'] };
      await savePoolMember({ ctx, staff: manager, userId: user.id, roles: ['member'], active: true });
      await declareInterest({ ctx, staff: asStaff, userId: user.id, kind: 'unit', value: 'North Branch', endedOn: null });
      const apiToken = await createApiToken({ ctx, staff: asStaff, name: 'Laptop' });
      return { asRespondent, asComplainant, namesake, user, apiToken, staffNames: [intake, manager, investigator, ...panel].map((member) => member.name) };
    }

    it('gathers every record about the person, with other people masked, nothing from a namesake, and no secrets; records it on every case it touched', async () => {
      const built = await buildPerson();
      const result = await exportSubjectData({ ctx, staff: dpo, query: { email: ' Respondent@Example.TEST ', membershipNumber: 'M-1001', name: ' Councillor   Fictional ' }, format: 'json' });
      const { data } = result;

      expect(data).toMatchObject({ version: 1, exportId: result.exportId, generatedAt: '2026-03-16T19:00:00.000Z', query: { email: RESPONDENT_EMAIL, membershipNumber: 'M-1001', name: 'Councillor Fictional' } });
      expect(Object.keys(data.sections).sort()).toEqual(SECTIONS);
      const { sections } = data;

      expect(sections.cases.map((entry) => [entry.reference, entry.roles])).toEqual([
        [built.asRespondent.reference, ['respondent']],
        [built.asComplainant.reference, ['complainant']],
      ]);
      const [respondentCase, complainantCase] = sections.cases;
      expect(respondentCase).toMatchObject({ complainant: 'Complainant', respondent: { name: PERSON.name, membershipNumber: 'M-1001' }, complaint: null });
      expect([...respondentCase!.otherParties].sort()).toEqual(['Complainant', 'Your companion']);
      expect(respondentCase!.withheld.join(' ')).toContain("The complainant's identity was withheld from you");
      expect(respondentCase!.withheld.join(' ')).toContain('1 note(s) among staff');
      expect(complainantCase).toMatchObject({
        complainant: { name: PERSON.name, email: PERSON.email },
        respondent: 'Respondent',
        complaint: { summary: 'Heckling at the regional conference', description: expect.stringContaining('repeatedly heckled me') },
      });

      expect(sections.parties).toMatchObject([{ caseReference: built.asRespondent.reference, role: 'Respondent', name: PERSON.name, email: PERSON.email, affiliations: ['Friends of the Canal'] }]);
      expect(sections.notices).toMatchObject([{ caseReference: built.asRespondent.reference, complainantIdentityWithheld: true, hearingRequested: true, generalResponse: 'I accept sending the messages and apologise to the branch.' }]);
      expect(sections.notices[0]!.allegations[0]!.particulars).toContain('conspiracy theory');
      expect(sections.evidence.map((item) => [item.caseReference, item.filename ?? item.url])).toEqual([
        [built.asRespondent.reference, 'apology.txt'],
        [built.asComplainant.reference, 'https://video.example.test/session-4'],
      ]);
      expect(sections.evidence[0]!.sha256).toBe(createHash('sha256').update('My apology to the branch.').digest('hex'));
      expect(sections.messages.map((message) => [message.caseReference, message.from, message.to, message.body])).toEqual([
        [built.asRespondent.reference, 'Investigator', 'You', 'Please send the screenshots you mentioned.'],
        [built.asRespondent.reference, 'You', 'Complaints team', 'The screenshots are attached to my response.'],
        [built.asComplainant.reference, 'Case manager', 'You', 'We have opened an investigation into your complaint.'],
      ]);
      expect(sections.hearings).toMatchObject([
        {
          caseReference: built.asRespondent.reference,
          location: 'Committee Room 2',
          attendance: [
            { name: PERSON.name, role: 'Respondent', present: true },
            { name: 'Complainant', role: 'Complainant', present: true },
          ],
        },
      ]);
      expect(sections.decisions).toMatchObject([{ caseReference: built.asRespondent.reference, outcome: 'Upheld', sanction: 'Expulsion, with a period before readmission may be considered', sanctionMonths: 24 }]);
      expect(sections.decisions[0]!.findings[0]).toMatchObject({ finding: 'Upheld' });
      expect(sections.appeals).toMatchObject([{ caseReference: built.asRespondent.reference, lodgedBy: 'You', grounds: ['The sanction is disproportionate'], statement: expect.stringContaining('out of line') }]);
      expect(sections.sanctions).toMatchObject([{ caseReference: built.asRespondent.reference, personName: PERSON.name, membershipNumber: 'M-1001', effect: 'expelled' }]);
      expect(sections.interimMeasures).toMatchObject([{ caseReference: built.asRespondent.reference, effects: ['May not stand for any office or selection'] }]);
      expect(sections.accounts).toEqual([
        {
          email: PERSON.email,
          displayName: PERSON.name,
          roles: ['panel_member'],
          createdAt: '2026-03-16T19:00:00.000Z',
          disabledAt: null,
          twoFactorEnabled: false,
          lastSignInAt: null,
          apiTokens: [{ name: 'Laptop', createdAt: '2026-03-16T19:00:00.000Z', lastUsedAt: null, revokedAt: null }],
        },
      ]);
      expect(sections.panel).toMatchObject([{ account: PERSON.email, poolRoles: ['member'], active: true, interests: [{ kind: 'unit', value: 'North Branch' }] }]);
      expect(sections.assignments).toEqual([]);

      // The JSON handed over: other people, the namesake's case, staff names and every secret stay out.
      const json = result.file.bytes.toString('utf8');
      expect(result.file).toMatchObject({ filename: 'subject-access-2026-03-16.json', mediaType: 'application/json' });
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
      const user = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', built.user.id).executeTakeFirstOrThrow();
      const tokenHash = (await ctx.db.selectFrom('api_tokens').select('token_hash').where('user_id', '=', built.user.id).executeTakeFirstOrThrow()).token_hash;
      for (const absent of ['Ruth', 'ruth@example.test', 'Carol', 'carol@example.test', 'Other Person', 'M-2002', 'M-9999', 'East Branch', built.namesake.reference, 'Staff only', WITHHELD_REASON, user.password_hash, tokenHash, built.apiToken.token, 'password', 'totp', 'token_hash', ...built.staffNames]) {
        expect(json, absent).not.toContain(absent);
      }

      // Recorded: one export in the list, with the fingerprint of the JSON, and an access event on each case it drew on.
      expect(await listSubjectAccessExports({ ctx, staff: dpo })).toEqual([
        { id: result.exportId, generatedAt: '2026-03-16T19:00:00.000Z', requestedBy: 'Dana Protection', query: data.query, format: 'json', caseCount: 2, sha256: createHash('sha256').update(result.file.bytes).digest('hex') },
      ]);
      expect(result.sha256).toBe(createHash('sha256').update(result.file.bytes).digest('hex'));
      expect(await exportEvents(built.asRespondent.caseId)).toEqual([{ exportId: result.exportId, format: 'json', roles: ['respondent'] }]);
      expect(await exportEvents(built.asComplainant.caseId)).toEqual([{ exportId: result.exportId, format: 'json', roles: ['complainant'] }]);
      expect(await exportEvents(built.namesake.caseId)).toEqual([]);

      // By the e-mail address alone, the register's entries are found through the case where the person is the respondent.
      const byEmail = await previewSubjectData({ ctx, staff: dpo, query: { email: PERSON.email } });
      expect(byEmail.sections.cases.map((entry) => entry.reference)).toEqual([built.asRespondent.reference, built.asComplainant.reference]);
      expect(byEmail.sections.sanctions.map((entry) => entry.caseReference)).toEqual([built.asRespondent.reference]);
      expect(byEmail.sections.interimMeasures.map((entry) => entry.caseReference)).toEqual([built.asRespondent.reference]);

      // The PDF: the same records, readable, with an index; recorded as a second export.
      const pdf = await exportSubjectData({ ctx, staff: dpo, query: PERSON, format: 'pdf' });
      expect(pdf.file).toMatchObject({ filename: 'subject-access-2026-03-16.pdf', mediaType: 'application/pdf' });
      const read = await readPdf(pdf.file.bytes);
      const lines = read.pages.flat().map((line) => line.text);
      const text = lines.join('\n');
      expect(read.info.Title).toBe('Subject access export');
      expect(lines).toContain('Index');
      for (const fact of [
        built.asRespondent.reference,
        built.asComplainant.reference,
        'Cases (2)',
        'Decisions and findings (1)',
        'Expulsion, with a period before readmission may be considered (24',
        'Please send the screenshots you mentioned.',
        'We have opened an investigation into your complaint.',
        'apology.txt',
        'Committee Room 2',
        'May not stand for any office or selection',
        'North Branch',
        'Cases you were assigned to (references only) (0)',
      ]) {
        expect(text, fact).toContain(fact);
      }
      for (const absent of ['Ruth', 'Other Person', built.namesake.reference]) expect(text, absent).not.toContain(absent);
      expect(await exportRows()).toHaveLength(2);
      expect((await exportEvents(built.asRespondent.caseId)).map((event) => event.format)).toEqual(['json', 'pdf']);
    });

    it('finds a namesake by name alone only where nothing says it is somebody else; lists a member of staff’s cases by reference only', async () => {
      const first = await underInvestigation();
      const namesake = await underInvestigation({ respondent: { name: PERSON.name, membershipNumber: 'M-9999' } });
      const references = async (query: Record<string, string>) => (await previewSubjectData({ ctx, staff: dpo, query })).sections.cases.map((entry) => entry.reference);
      expect(await references({ name: PERSON.name, membershipNumber: 'M-1001' })).toEqual([first.reference]);
      expect(await references({ name: PERSON.name, membershipNumber: 'M-9999' })).toEqual([namesake.reference]);
      expect(await references({ name: 'councillor fictional' })).toEqual([first.reference, namesake.reference]);
      expect(await references({ email: 'nobody@example.test' })).toEqual([]);

      // The case manager's own records: their account and the cases they were assigned to, by reference, and nothing of the cases' content.
      const staffEmail = (await ctx.db.selectFrom('users').select('email').where('id', '=', manager.userId).executeTakeFirstOrThrow()).email;
      const exported = await exportSubjectData({ ctx, staff: dpo, query: { email: staffEmail }, format: 'json' });
      expect(exported.data.sections.assignments).toEqual([
        { caseReference: first.reference, role: 'case_manager', assignedAt: '2026-03-02T10:00:00.000Z' },
        { caseReference: namesake.reference, role: 'case_manager', assignedAt: '2026-03-02T10:00:00.000Z' },
      ]);
      expect(exported.data.sections.cases.map((entry) => [entry.reference, entry.roles, entry.complaint, entry.complainant, entry.allegations])).toEqual([
        [first.reference, ['assigned_staff'], null, null, []],
        [namesake.reference, ['assigned_staff'], null, null, []],
      ]);
      expect(exported.data.sections.accounts.map((account) => account.roles)).toEqual([['case_manager']]);
      expect(exported.file.bytes.toString('utf8')).not.toContain('antisemitic');
      expect(await exportEvents(first.caseId)).toEqual([{ exportId: exported.exportId, format: 'json', roles: ['assigned_staff'] }]);
    });

    it('is refused to a role without the permission, and for an empty or malformed query, and a preview writes nothing', async () => {
      const { caseId } = await underInvestigation();
      const events = await eventCount();
      for (const staff of [manager, await createStaff(ctx, ['system_admin']), await createStaff(ctx, ['overseer'])]) {
        const refused = await refusal(() => exportSubjectData({ ctx, staff, query: PERSON, format: 'json' }));
        expect(refused.code).toBe('forbidden');
        expect((await refusal(() => previewSubjectData({ ctx, staff, query: PERSON }))).code).toBe('forbidden');
        expect((await refusal(() => listSubjectAccessExports({ ctx, staff }))).code).toBe('forbidden');
      }
      const empty = await refusal(() => exportSubjectData({ ctx, staff: dpo, query: { email: ' ', membershipNumber: '', name: null }, format: 'json' }));
      expect(empty).toMatchObject({ code: 'validation_failed', issues: [{ field: 'email', message: expect.stringContaining('at least one') }] });
      const malformed = await refusal(() => exportSubjectData({ ctx, staff: dpo, query: { email: 'not-an-address', name: 'Al' }, format: 'json' }));
      expect(malformed.issues.map((issue) => issue.field)).toEqual(['email', 'name']);
      expect((await refusal(() => exportSubjectData({ ctx, staff: dpo, query: PERSON, format: 'docx' }))).issues).toEqual([{ field: 'format', message: 'Choose JSON or PDF.' }]);

      const preview = await previewSubjectData({ ctx, staff: dpo, query: PERSON });
      expect(preview.exportId).toBeNull();
      expect(preview.sections.cases).toHaveLength(1);
      expect(await exportRows()).toEqual([]);
      expect(await eventCount()).toBe(events);
      expect(await exportEvents(caseId)).toEqual([]);
    });
  });
}
