import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, decisionFor, referForDecision, RESPONDENT_EMAIL, sittingPanel } from '../helpers/due-process.js';
import { startTestSmtpServer, type TestSmtpServer } from '../helpers/smtp-server.js';
import { createMailer } from '../../src/infra/mailer.js';
import { deliverOutbox } from '../../src/services/mail/deliver-outbox.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { getCase } from '../../src/services/cases/get-case.js';
import { drawPanel, reproduceDraw } from '../../src/services/due-process/convene-panel.js';
import { getDecisionContext, recordPanelDecision } from '../../src/services/due-process/decide-case.js';
import { recordHearing, requestPostponement, scheduleHearing } from '../../src/services/due-process/hearings.js';
import { decideAppeal, lodgeAppeal } from '../../src/services/due-process/appeals.js';
import { findSanctionsForPerson } from '../../src/db/repositories/membership-sanction.repository.js';
import { listPanels, listSeats } from '../../src/db/repositories/panel.repository.js';

for (const kind of testDatabaseKinds()) {
  describe(`due process from notice to appeal outcome (${kind})`, () => {
    let t: TestContext;
    let smtp: TestSmtpServer;
    beforeEach(async () => {
      t = await createTestContext(kind);
      smtp = await startTestSmtpServer();
    });
    afterEach(async () => {
      await smtp?.close();
      await t?.close();
    });

    it('gives notice, hears the respondent, draws a screened panel, holds a postponed hearing, decides with precedents, and decides the appeal before a different panel, with the letters delivered by SMTP', async () => {
      const { ctx, clock } = t;
      const mailer = createMailer({ from: 'Redress <no-reply@example.org>', smtpUrl: smtp.url, mailDir: path.join(t.dataDir, 'mail') });
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const pool = await createPanelPool(ctx, manager);

      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });

      // Notice, and the respondent's answer through the link they were e-mailed, asking for a hearing.
      const { token } = await referForDecision(ctx, { investigator, caseId: receipt.caseId, hearingRequested: true });
      expect((await getCase({ ctx, staff: manager, caseId: receipt.caseId })).caseRow.stage).toBe('decision');

      // The panel is drawn after screening, and the draw is reproducible from its seed.
      const drawn = await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const [panelRow] = await listPanels(ctx.db, receipt.caseId);
      const seated = await listSeats(ctx.db, [drawn.panelId]);
      expect(reproduceDraw(panelRow!, ctx.config.organisation.dueProcess.panel.seats).map((seat) => seat.userId)).toEqual(seated.map((seat) => seat.user_id));
      const decisionPanel = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      expect(decisionPanel).toHaveLength(3);

      // A hearing with the notice period, postponed once at the respondent's request, then held.
      await scheduleHearing({ ctx, staff: manager, caseId: receipt.caseId, date: '2026-03-16', time: '18:30', location: 'Committee Room 2' });
      await requestPostponement({ ctx, token, date: '2026-03-19', reason: 'My companion is away until 18 March.' });
      clock.set('2026-03-19T19:00:00Z');
      await recordHearing({
        ctx,
        staff: decisionPanel[0]!,
        caseId: receipt.caseId,
        attendance: [
          { name: 'Councillor Fictional', role: 'Respondent', present: true },
          { name: 'A. Companion', role: 'Companion', present: true },
        ],
        record: 'The respondent accepted sending the messages and apologised; the companion spoke to character.',
      });

      // The panel sees the precedents (none yet) and decides.
      const context = await getDecisionContext({ ctx, staff: decisionPanel[0]!, caseId: receipt.caseId });
      expect(context.precedents).toEqual({ count: 0, bySanction: [], usualRange: null });
      await recordPanelDecision({ ctx, staff: decisionPanel[0]!, caseId: receipt.caseId, decision: await decisionFor(ctx, receipt.caseId, { finding: 'upheld', sanctionId: 'expulsion', sanctionMonths: 24 }) });
      const register = await findSanctionsForPerson(ctx.db, { membershipNumber: 'M-1001', name: null });
      expect(register).toMatchObject([{ effect: 'expelled', sanction_id: 'expulsion', lifted_at: null }]);

      // The respondent appeals within the window; the appeal panel shares nobody with the decision panel or the investigation.
      await lodgeAppeal({ ctx, token, appeal: { grounds: ['sanction'], statement: 'Expulsion is out of line with the warnings given for similar first offences in the region.' } });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const appealPanel = await sittingPanel(ctx, receipt.caseId, 'appeal', pool);
      const earlier = new Set([...decisionPanel.map((member) => member.userId), investigator.userId, manager.userId]);
      expect(appealPanel.filter((member) => earlier.has(member.userId))).toEqual([]);
      await decideAppeal({
        ctx,
        staff: appealPanel[0]!,
        caseId: receipt.caseId,
        decision: { outcome: 'sanction_varied', reasons: 'The finding stands, but a first offence admitted and apologised for calls for education, not expulsion.', sanctionId: 'education_course', sanctionMonths: null },
      });
      const closed = await getCase({ ctx, staff: manager, caseId: receipt.caseId });
      expect(closed.caseRow).toMatchObject({ stage: 'closed', outcome: 'upheld' });
      expect((await findSanctionsForPerson(ctx.db, { membershipNumber: 'M-1001', name: null }))[0]!.lifted_at).not.toBeNull();

      // Every letter goes out through the SMTP server: the notice, hearing letters and outcome letters to both parties.
      await deliverOutbox({ ctx, mailer, batchSize: 100 });
      const subjects = (to: string) => smtp.messages.filter((message) => message.to.includes(to)).map((message) => message.subject);
      expect(subjects(RESPONDENT_EMAIL)).toEqual([
        `Notice of complaint ${receipt.reference}: your response is due by 2026-03-16`,
        `Hearing for ${receipt.reference} on 2026-03-16`,
        `Hearing for ${receipt.reference} moved to 2026-03-19`,
        `${receipt.reference}: the panel has decided the complaint`,
        `${receipt.reference}: the appeal panel has varied the sanction`,
        `How did we handle ${receipt.reference}? Four questions`,
      ]);
      expect(subjects('ruth@example.test')).toEqual(expect.arrayContaining([`${receipt.reference}: the panel has decided the complaint`, `${receipt.reference}: the appeal panel has varied the sanction`]));
      const decisionLetter = smtp.messages.find((message) => message.to.includes('ruth@example.test') && message.subject.endsWith('the panel has decided the complaint'))!;
      expect(decisionLetter.text).toContain('Upheld.');
      expect(decisionLetter.text).toContain('Sanction: Expulsion, with a period before readmission may be considered (24 months).');
      expect(decisionLetter.text).toMatch(/may appeal, giving their grounds, until \d{4}-\d{2}-\d{2}/);
    });
  });
}
