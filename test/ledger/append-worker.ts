/**
 * A second (and third) Redress process for the concurrency test: it submits
 * complaints to the database named by DATABASE_URL as fast as it can, so two
 * of them append to the same ledger at the same moment.
 */
import { loadConfig } from '../../src/config/config.js';
import { createServiceContext } from '../../src/app-context.js';
import { submitComplaint } from '../../src/services/intake/submit-complaint.js';
import { complaintInput } from '../helpers/factories.js';

const count = Number(process.argv[2] ?? '40');
const { ctx, database } = createServiceContext({ config: loadConfig() });
try {
  await Promise.all(
    Array.from({ length: count }, (_, index) => submitComplaint({ ctx, complaint: complaintInput({ summary: `Complaint ${process.pid}-${index}` }), files: [], channel: 'api' })),
  );
  console.log(JSON.stringify({ submitted: count }));
} finally {
  await database.close();
}
