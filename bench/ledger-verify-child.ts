import { verifyExport } from '../src/services/ledger/verify-ledger.js';

/**
 * Run by bench/ledger.ts in its own process, so the peak memory measured is
 * the verifier's alone: verifies an export directory with the public key and
 * prints one JSON line.
 *
 * Usage: node --import tsx bench/ledger-verify-child.ts <directory> <verifier key>
 */
const [directory, verifierKey] = process.argv.slice(2);
if (!directory || !verifierKey) {
  console.error('usage: ledger-verify-child.ts <directory> <verifier key>');
  process.exit(64);
}
let leaves = 0;
const started = performance.now();
const result = await verifyExport({ directory, verifierKey, onProgress: (done) => (leaves = done) });
const elapsedMs = performance.now() - started;
console.log(
  JSON.stringify({
    ok: result.ok,
    ...(result.ok ? {} : { problem: result.problem }),
    leaves: result.ok ? result.size : leaves,
    elapsedMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
