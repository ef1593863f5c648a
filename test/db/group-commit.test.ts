import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGroupCommit } from '../../src/db/group-commit.js';
import { putSetting } from '../../src/db/repositories/setting.repository.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { testDatabaseKinds } from '../helpers/databases.js';
import { complaintInput } from '../helpers/factories.js';
import { createTestContext, type TestContext } from '../helpers/test-context.js';

for (const kind of testDatabaseKinds()) {
  describe(`group commit (${kind})`, () => {
    let t: TestContext;
    beforeEach(async () => {
      t = await createTestContext(kind);
    });
    afterEach(async () => t.close());

    it('commits units that arrive together in one transaction, and a failing unit rolls back alone', async () => {
      const group = createGroupCommit(t.ctx.db, { maxBatch: 8 });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, index) =>
          group.run(async (trx) => {
            await putSetting(trx, `unit-${index}`, 'written');
            if (index % 5 === 3) throw new Error(`unit ${index} fails after writing`);
            return index;
          }),
        ),
      );
      const failed = results.flatMap((result, index) => (result.status === 'rejected' ? [index] : []));
      expect(failed).toEqual([3, 8, 13, 18]);
      const keys = (await t.ctx.db.selectFrom('settings').select('key').where('key', 'like', 'unit-%').execute()).map((row) => row.key);
      expect(keys.sort()).toEqual(
        Array.from({ length: 20 }, (_, index) => index)
          .filter((index) => !failed.includes(index))
          .map((index) => `unit-${index}`)
          .sort(),
      );
    });

    it('gives 40 complaints made at the same moment 40 different references, with no gap', async () => {
      const receipts = await Promise.all(Array.from({ length: 40 }, () => submitComplaint({ ctx: t.ctx, complaint: complaintInput(), files: [], channel: 'api' })));
      const numbers = receipts.map((receipt) => Number(receipt.reference.slice(-6))).sort((a, b) => a - b);
      expect(numbers).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
      const events = await t.ctx.db.selectFrom('case_events').select(['case_id', 'sequence']).where('type', '=', 'complaint_received').execute();
      expect(events).toHaveLength(40);
      expect(new Set(events.map((event) => event.case_id)).size).toBe(40);
    });
  });
}
