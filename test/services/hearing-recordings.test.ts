import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../helpers/databases.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';
import { complaintInput, createStaff, triageInput } from '../helpers/factories.js';
import { createPanelPool, referForDecision, sittingPanel } from '../helpers/due-process.js';
import { refusal } from '../helpers/refusal.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { startTriage } from '../../src/services/cases/start-triage.js';
import { recordTriage } from '../../src/services/cases/record-triage.js';
import { drawPanel } from '../../src/services/due-process/convene-panel.js';
import { recordHearing, scheduleHearing } from '../../src/services/due-process/hearings.js';
import { addHearingRecordings } from '../../src/services/due-process/hearing-recordings.js';
import type { Staff } from '../../src/services/staff.js';

const MP3 = new Uint8Array([...new TextEncoder().encode('ID3'), 4, 0, 0, 0, 0, 0, 0, 1, 2, 3]);

for (const kind of testDatabaseKinds()) {
  describe(`recordings of a hearing (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind, { organisation: 'uploads:\n  maxRecordingBytes: 1048576\n' });
    });
    afterEach(async () => t.close());

    it('adds a recording to a held hearing, and refuses one too early, too large, not a recording, or from outside the panel', async () => {
      const { ctx } = t;
      const intake = await createStaff(ctx, ['intake_officer']);
      const manager = await createStaff(ctx, ['case_manager']);
      const investigator = await createStaff(ctx, ['investigator']);
      const pool = await createPanelPool(ctx, manager);
      const receipt = await submitComplaint({ ctx, complaint: complaintInput(), files: [], channel: 'web' });
      await startTriage({ ctx, staff: intake, caseId: receipt.caseId });
      await recordTriage({ ctx, staff: intake, caseId: receipt.caseId, triage: triageInput({ caseManagerId: manager.userId, investigatorId: investigator.userId }) });
      await referForDecision(ctx, { investigator, caseId: receipt.caseId, hearingRequested: true });
      await drawPanel({ ctx, staff: manager, caseId: receipt.caseId });
      const panel = await sittingPanel(ctx, receipt.caseId, 'decision', pool);
      const chair = panel[0]!;
      const outsider = pool.find((member) => !panel.some((seated) => seated.userId === member.userId))!;
      await scheduleHearing({ ctx, staff: manager, caseId: receipt.caseId, date: '2026-03-16', time: '18:30', location: 'Committee Room 2' });
      const recordings = () => ctx.db.selectFrom('evidence').select(['filename', 'hearing_id', 'media_type']).where('case_id', '=', receipt.caseId).where('hearing_id', 'is not', null).execute();
      const add = (staff: Staff, files: { filename: string; bytes: Uint8Array }[]) => addHearingRecordings({ ctx, staff, caseId: receipt.caseId, files });

      expect((await refusal(() => add(chair, [{ filename: 'hearing.mp3', bytes: MP3 }]))).code).toBe('rule_violated');
      t.clock.set('2026-03-16T20:00:00Z');
      await recordHearing({ ctx, staff: chair, caseId: receipt.caseId, attendance: [{ name: 'Councillor Fictional', role: 'Respondent', present: true }], record: 'The respondent spoke; the panel asked questions.' });
      expect((await refusal(() => add(chair, [{ filename: 'notes.txt', bytes: new TextEncoder().encode('not audio') }]))).code).toBe('upload_type_not_allowed');
      const tooLarge = new Uint8Array(1048577);
      tooLarge.set(MP3);
      expect((await refusal(() => add(chair, [{ filename: 'long.mp3', bytes: tooLarge }]))).code).toBe('upload_too_large');
      expect((await refusal(() => add(manager, [{ filename: 'hearing.mp3', bytes: MP3 }]))).code).toBe('forbidden');
      expect((await refusal(() => add(outsider, [{ filename: 'hearing.mp3', bytes: MP3 }]))).code).toBe('forbidden');
      expect(await recordings()).toEqual([]);

      await add(chair, [{ filename: 'hearing.mp3', bytes: MP3 }]);
      const [stored] = await recordings();
      expect(stored).toMatchObject({ filename: 'hearing.mp3', media_type: 'audio/mpeg' });
      expect(stored!.hearing_id).toBeTruthy();
    });
  });
}
