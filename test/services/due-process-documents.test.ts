import { createHash } from 'node:crypto';
import { readPdf as readPdfFile, type Line } from '../helpers/read-pdf.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, REPORT, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, FINDING_REASONS, noticeFor, PANEL_REASONS, portalTokenSentTo, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import type { ServiceContext } from '../../src/services/context.js';
import type { Staff } from '../../src/services/staff.js';
import type { EvidenceUpload } from '../../src/services/intake/complaint-input.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { submitInvestigationReport } from '../../src/services/cases/investigate.js';
import { issueNotice } from '../../src/services/due-process/issue-notice.js';
import { respondToNotice } from '../../src/services/due-process/respond-to-notice.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { scheduleHearing } from '../../src/services/due-process/hearings.js';
import { recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { buildHearingBundle, IDENTITY_WITHHELD } from '../../src/services/due-process/hearing-bundle.js';
import { buildOutcomeLetter } from '../../src/services/due-process/outcome-letter-pdf.js';
import { listAllegations } from '../../src/db/repositories/case-allegation.repository.js';
import { listCaseEvents } from '../../src/db/repositories/case-event.repository.js';
import { listEvidence } from '../../src/db/repositories/evidence.repository.js';
import { refusal, typesAddedSince } from '../helpers/refusal.js';

/** The PDF's text as lines, page by page. */
const readPages = async (pdf: Buffer): Promise<Line[][]> => (await readPdfFile(pdf)).pages;

/** The whole document as running text: lines joined with single spaces, so wrapped sentences read whole. */
const runningText = (pages: Line[][]) => pages.map((lines) => lines.map((line) => line.text).join(' ')).join(' ').replace(/\s+/g, ' ');

/** The page on which a heading is drawn: a line of exactly that text, larger than body text. */
function headingPage(pages: Line[][], heading: string): number {
  const page = pages.findIndex((lines) => lines.some((line) => line.text === heading && line.size > 11));
  if (page === -1) throw new Error(`Heading "${heading}" was not drawn`);
  return page + 1;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');


const DISCLOSED_FILE = 'screenshot-of-messages.txt';
const WITHHELD_FILE = 'private-witness-notes.txt';
const RESPONDENT_FILE = 'my-reply-to-the-branch.txt';
const REDACTION = 'Third-party phone numbers blacked out.';
const PARTICULARS = 'On 12 February you sent four messages to the complainant repeating a conspiracy theory about Jewish control of the press.';
const ANSWER = 'I sent the messages but they were quoted out of context from a longer exchange.';
const STATEMENT = 'I have been a member for twenty years and apologise for any offence caused.';
const WITHHELD_REASON = 'The notes identify a witness who fears reprisal.';
const IDENTITY_REASON = 'The complainant fears reprisal within the branch.';
const SECTIONS = ['1. The allegations', "2. The respondent's statement", '3. Evidence relied on', '4. The investigation report'];
const COMPLAINANT = 'Ruth Example';
const SANCTION = 'Sanction: Expulsion, with a period before readmission may be considered (24 months).';

const upload = (filename: string, text: string): EvidenceUpload => ({ filename, bytes: new TextEncoder().encode(text) });

for (const kind of testDatabaseKinds()) {
  describe(`hearing bundle and outcome letters (${kind})`, () => {
    let t: TestContext;
    let ctx: ServiceContext;
    let intake: Staff;
    let manager: Staff;
    let investigator: Staff;
    let pool: Staff[];

    beforeEach(async () => {
      t = await createTestContext(kind);
      ctx = t.ctx;
      intake = await createStaff(ctx, ['intake_officer']);
      manager = await createStaff(ctx, ['case_manager']);
      investigator = await createStaff(ctx, ['investigator']);
      pool = await createPanelPool(ctx, manager);
    });
    afterEach(async () => t.close());

    async function atInvestigation(complaint: Record<string, unknown> = {}): Promise<string> {
      const files = [upload(DISCLOSED_FILE, 'the four messages as received'), upload(WITHHELD_FILE, 'notes naming the witness')];
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(complaint), files, channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      return receipt.caseId;
    }

    /** Notice given (one file disclosed with a redaction, one withheld), answered with a file of the respondent's own. */
    async function noticeAnswered(caseId: string, options: { identityWithheld: boolean; hearingRequested: boolean; respondentEmail?: boolean }): Promise<void> {
      const [allegation] = await listAllegations(ctx.db, caseId);
      const evidence = await listEvidence(ctx.db, caseId);
      const choices = Object.fromEntries(
        evidence.map((item) => [
          item.id,
          item.filename === WITHHELD_FILE ? { disclose: false, redactionNote: null, withheldReason: WITHHELD_REASON } : { disclose: true, redactionNote: REDACTION, withheldReason: null },
        ]),
      );
      const base = await noticeFor(ctx, caseId);
      const issued = await issueNotice({
        ctx,
        staff: investigator,
        caseId,
        notice: {
          ...base,
          respondent: { ...base.respondent, email: options.respondentEmail === false ? null : RESPONDENT_EMAIL },
          particulars: { [allegation!.id]: PARTICULARS },
          evidence: choices,
          identityWithheldReason: options.identityWithheld ? IDENTITY_REASON : null,
        },
      });
      const token = issued.letterLink ? /\/portal\/enter\/([A-Za-z0-9_-]+)/.exec(issued.letterLink)![1]! : await portalTokenSentTo(ctx, RESPONDENT_EMAIL);
      await respondToNotice({
        ctx,
        token,
        answer: { answers: { [allegation!.id]: ANSWER }, generalResponse: STATEMENT, hearingRequested: options.hearingRequested },
        files: [upload(RESPONDENT_FILE, 'my letter to the branch secretary')],
      });
    }

    /** Notice answered, the report in, and the decision panel drawn. */
    async function atDecision(options: { identityWithheld: boolean; hearingRequested: boolean; respondentEmail?: boolean; complaint?: Record<string, unknown> }) {
      const caseId = await atInvestigation(options.complaint);
      await noticeAnswered(caseId, options);
      await submitInvestigationReport({ ctx, staff: investigator, caseId, ...REPORT });
      await drawPanel({ ctx, staff: manager, caseId });
      const panel = await sittingPanel(ctx, caseId, 'decision', pool);
      return { caseId, panel, chair: panel[0]! };
    }

    const documentEvents = async (caseId: string) =>
      (await listCaseEvents(ctx.db, caseId)).filter((event) => event.type === 'document_generated').map((event) => ({ actor: JSON.parse(event.actor) as { userId: string }, data: JSON.parse(event.data) as unknown }));

    describe('the hearing bundle', () => {
      it('sets out the allegations, the answers, the disclosed evidence and the report, with withheld items only counted and the complainant unnamed', async () => {
        const { caseId, panel } = await atDecision({ identityWithheld: true, hearingRequested: true });
        await scheduleHearing({ ctx, staff: manager, caseId, date: '2026-03-16', time: '18:30', location: 'Committee Room 2' });

        const bundle = await buildHearingBundle({ ctx, staff: manager, caseId });
        expect(bundle.filename).toMatch(/^RDR-\d{4}-\d{6}-hearing-bundle\.pdf$/);
        const pages = await readPages(bundle.bytes);
        const text = runningText(pages);
        const reference = bundle.filename.replace('-hearing-bundle.pdf', '');
        const evidence = await listEvidence(ctx.db, caseId);

        // The cover: who, when and before whom.
        expect(text).toContain(`Reference: ${reference}`);
        expect(text).toContain('Respondent: Councillor Fictional');
        expect(text).toContain(`Complainant: ${IDENTITY_WITHHELD}`);
        expect(text).toContain('Notice given: 2026-03-02');
        expect(text).toMatch(/Response due by: \d{4}-\d{2}-\d{2}/);
        expect(text).toContain('Hearing: 2026-03-16 at 18:30');
        expect(text).toContain('Hearing location: Committee Room 2');
        for (const member of panel) expect(text).toContain(member.name);
        expect(text).toContain(`Panel chair: ${panel[0]!.name}`);

        // The allegations: clause, its text, the particulars and the answer.
        expect(text).toContain('Allegation 1: ex-2 (Stereotypical allegations about Jews or Jewish power)');
        expect(text).toContain('Making mendacious, dehumanizing, demonizing, or stereotypical allegations about Jews');
        expect(text).toContain(PARTICULARS);
        expect(text).toContain(ANSWER);
        expect(text).not.toContain('No answer given');

        // The statement and the hearing request.
        expect(text).toContain(STATEMENT);
        expect(text).toContain('Hearing requested: Yes');

        // Evidence: the disclosed file with its fingerprint and redaction, the respondent's own, and the withheld one only as a count.
        expect(text).toContain(DISCLOSED_FILE);
        expect(text).toContain(evidence.find((item) => item.filename === DISCLOSED_FILE)!.sha256!);
        expect(text).toContain(`Redaction: ${REDACTION}`);
        expect(text).toContain(RESPONDENT_FILE);
        expect(text).toContain('1 item withheld by recorded decision.');
        expect(text).not.toContain(WITHHELD_FILE);
        expect(text).not.toContain(evidence.find((item) => item.filename === WITHHELD_FILE)!.sha256!);
        expect(text).not.toContain(WITHHELD_REASON);

        // The report, and nowhere the complainant's name or the reason their identity is withheld.
        expect(text).toContain(REPORT.summary);
        expect(text).not.toContain(COMPLAINANT);
        expect(text).not.toContain(IDENTITY_REASON);

        // The index on page 1 lists the four sections with the page each starts on.
        const index = pages[0]!.map((line) => line.text);
        expect(index).toContain('Index');
        for (const section of SECTIONS) {
          const entry = index.find((line) => line.startsWith(`${section} `));
          expect(entry, section).toMatch(/ \d+$/);
          expect(Number(entry!.split(' ').at(-1))).toBe(headingPage(pages, section));
        }
        expect(pages.flat().some((line) => line.text.startsWith(`${reference} — hearing bundle — confidential`))).toBe(true);
      });

      it('names the complainant when the notice did not withhold their identity, and says when no hearing is scheduled', async () => {
        const { caseId, chair } = await atDecision({ identityWithheld: false, hearingRequested: false });
        // A sitting panel member may build it too.
        const text = runningText(await readPages((await buildHearingBundle({ ctx, staff: chair, caseId })).bytes));
        expect(text).toContain(`Complainant: ${COMPLAINANT}`);
        expect(text).not.toContain(IDENTITY_WITHHELD);
        expect(text).toContain('Hearing: Not scheduled');
        expect(text).toContain('Hearing requested: No');
      });

      it('does not name an anonymous complainant even when identity was not withheld', async () => {
        const caseId = await atInvestigation({ anonymous: true, complainant: {} });
        await noticeAnswered(caseId, { identityWithheld: false, hearingRequested: false });
        const text = runningText(await readPages((await buildHearingBundle({ ctx, staff: investigator, caseId })).bytes));
        expect(text).toContain(`Complainant: ${IDENTITY_WITHHELD}`);
        expect(text).toContain('Panel: No panel sits at this stage of the case');
        expect(text).toContain('No investigation report has been submitted.');
      });

      it('records its generation as an access event carrying the SHA-256 of the PDF', async () => {
        const { caseId } = await atDecision({ identityWithheld: true, hearingRequested: false });
        const bundle = await buildHearingBundle({ ctx, staff: manager, caseId });
        expect(await documentEvents(caseId)).toEqual([{ actor: expect.objectContaining({ userId: manager.userId }), data: { document: 'hearing_bundle', sha256: sha256(bundle.bytes) } }]);
      });

      it('is refused (forbidden) to staff who may not read the case or whose role has no part in due process, writing only the record of the refused attempts', async () => {
        const { caseId } = await atDecision({ identityWithheld: true, hearingRequested: false });
        const before = await listCaseEvents(ctx.db, caseId);
        const outsider = await createStaff(ctx, ['investigator']);
        const unseatedPanellist = await createStaff(ctx, ['panel_member']);

        for (const staff of [outsider, unseatedPanellist]) {
          const error = await refusal(() => buildHearingBundle({ ctx, staff, caseId }));
          expect(error.code).toBe('forbidden');
          expect(error.message).toContain('not assigned');
        }
        const error = await refusal(() => buildHearingBundle({ ctx, staff: intake, caseId }));
        expect(error.code).toBe('forbidden');
        expect(error.message).toContain('give notice, convene panels or sit on them');

        const after = await listCaseEvents(ctx.db, caseId);
        expect(after.slice(0, before.length)).toEqual(before);
        expect(typesAddedSince(before, after)).toEqual(['access_refused', 'access_refused']);
      });

      it('is refused before notice is given (rule_violated), writing nothing', async () => {
        const caseId = await atInvestigation();
        const before = await listCaseEvents(ctx.db, caseId);
        const error = await refusal(() => buildHearingBundle({ ctx, staff: investigator, caseId }));
        expect(error.code).toBe('rule_violated');
        expect(error.message).toBe('The bundle is built from the notice: give notice first.');
        expect(await listCaseEvents(ctx.db, caseId)).toEqual(before);
      });
    });

    describe('the outcome letter', () => {
      it('gives the respondent the findings, the reasons and the sanction, and records its SHA-256', async () => {
        const { caseId, chair } = await atDecision({ identityWithheld: false, hearingRequested: false });
        await recordPanelDecision({ ctx, staff: chair, caseId, decision: await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });

        const letter = await buildOutcomeLetter({ ctx, staff: manager, caseId, recipient: 'respondent' });
        expect(letter.filename).toMatch(/^RDR-\d{4}-\d{6}-outcome-letter-respondent\.pdf$/);
        const text = runningText(await readPages(letter.bytes));
        expect(text).toContain('Example Organisation');
        expect(text).toContain('2 March 2026');
        expect(text).toContain('Dear Councillor Fictional,');
        expect(text).toContain('The panel has decided the complaint.');
        expect(text).toContain(`ex-2 (Stereotypical allegations about Jews or Jewish power): Upheld. ${FINDING_REASONS}`);
        expect(text).toContain(`Reasons: ${PANEL_REASONS}`);
        expect(text).toContain(SANCTION);
        expect(text).toMatch(/Either party may appeal, giving their grounds, until \d{4}-\d{2}-\d{2}\./);
        expect(text).toContain('Yours sincerely');
        expect(await documentEvents(caseId)).toEqual([{ actor: expect.objectContaining({ userId: manager.userId }), data: { document: 'outcome_letter', sha256: sha256(letter.bytes) } }]);

        const toComplainant = runningText(await readPages((await buildOutcomeLetter({ ctx, staff: chair, caseId, recipient: 'complainant' })).bytes));
        expect(toComplainant).toContain(`Dear ${COMPLAINANT},`);
        expect(toComplainant).toContain(SANCTION);
      });

      it('is written for a party who gave no e-mail address, with the same findings and sanction', async () => {
        const { caseId, chair } = await atDecision({
          identityWithheld: false,
          hearingRequested: false,
          respondentEmail: false,
          complaint: { complainant: { name: COMPLAINANT, phone: '020 7946 0000' } },
        });
        await recordPanelDecision({ ctx, staff: chair, caseId, decision: await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });

        for (const [recipient, name] of [
          ['respondent', 'Councillor Fictional'],
          ['complainant', COMPLAINANT],
        ] as const) {
          const text = runningText(await readPages((await buildOutcomeLetter({ ctx, staff: chair, caseId, recipient })).bytes));
          expect(text, recipient).toContain(`Dear ${name},`);
          expect(text, recipient).toContain(`Upheld. ${FINDING_REASONS}`);
          expect(text, recipient).toContain(SANCTION);
          expect(text, recipient).not.toContain('no-address');
        }
        expect(await documentEvents(caseId)).toHaveLength(2);
      });

      it('is refused before there is a decision (not_found) and to staff who neither convene nor sit on panels (forbidden), writing only the record of the refused attempt', async () => {
        const { caseId, chair } = await atDecision({ identityWithheld: false, hearingRequested: false });
        const before = await listCaseEvents(ctx.db, caseId);

        const early = await refusal(() => buildOutcomeLetter({ ctx, staff: chair, caseId, recipient: 'respondent' }));
        expect(early.code).toBe('not_found');
        expect(early.message).toBe('There is no decision yet.');

        await recordPanelDecision({ ctx, staff: chair, caseId, decision: await decisionFor(ctx, caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });
        const afterDecision = await listCaseEvents(ctx.db, caseId);
        expect(afterDecision.length).toBeGreaterThan(before.length);
        const notPermitted = await refusal(() => buildOutcomeLetter({ ctx, staff: investigator, caseId, recipient: 'respondent' }));
        expect(notPermitted.code).toBe('forbidden');
        const otherManager = await createStaff(ctx, ['case_manager']);
        const notAssigned = await refusal(() => buildOutcomeLetter({ ctx, staff: otherManager, caseId, recipient: 'respondent' }));
        expect(notAssigned.code).toBe('forbidden');
        const after = await listCaseEvents(ctx.db, caseId);
        expect(after.slice(0, afterDecision.length)).toEqual(afterDecision);
        expect(typesAddedSince(afterDecision, after)).toEqual(['access_refused']);
        expect(await documentEvents(caseId)).toEqual([]);
      });
    });
  });
}
