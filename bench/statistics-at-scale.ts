import type { DatabaseKind } from '../src/db/connection.js';
import { seedCases } from './lists.js';
import { measureStatistics, type StatisticsResult } from './statistics.js';
import { seconds } from './stats.js';
import { openTarget } from './targets.js';

/**
 * The statistics report alone, at a case count of the caller's choosing
 * (`npm run bench -- --statistics-at 1000000`): seeding a million cases takes
 * minutes, so this runs apart from the timed budget of the full benchmark,
 * and prints a Markdown table to paste into docs/benchmarks.md.
 */
export async function runStatisticsAtScale(options: { kinds: DatabaseKind[]; cases: number; calls: number; log: (line: string) => void }): Promise<string> {
  const { log } = options;
  const rows: { kind: DatabaseKind; result: StatisticsResult; seedMs: number }[] = [];
  for (const kind of options.kinds) {
    const target = await openTarget(kind, 'statistics-at-scale');
    try {
      log(`${kind}: seeding ${options.cases.toLocaleString('en-GB')} cases…`);
      const seed = await seedCases(target, options.cases, log);
      log(`  seeded in ${seconds(seed.elapsedMs)}; measuring the quarter's and the year's report (${options.calls} calls each)…`);
      const result = await measureStatistics(target, { cases: options.cases, calls: options.calls });
      for (const latency of [result.quarter, result.year]) {
        log(`  ${latency.name} (${latency.received} received): p50 ${latency.p50Ms.toFixed(0)} ms, max ${latency.maxMs.toFixed(0)} ms; reference p50 ${latency.referenceP50Ms.toFixed(1)} ms (${(latency.p50Ms / latency.referenceP50Ms).toFixed(1)}×)`);
      }
      rows.push({ kind, result, seedMs: seed.elapsedMs });
    } finally {
      await target.close();
    }
  }
  const label = (kind: DatabaseKind) => (kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  return [
    `| ${options.cases.toLocaleString('en-GB')} cases | report p50 | max | reference p50 | ratio |`,
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.flatMap(({ kind, result }) =>
      [result.quarter, result.year].map((latency) => `| ${label(kind)}: ${latency.name.replace('Statistics: ', '')} | ${latency.p50Ms.toFixed(0)} ms | ${latency.maxMs.toFixed(0)} ms | ${latency.referenceP50Ms.toFixed(1)} ms | ${(latency.p50Ms / latency.referenceP50Ms).toFixed(1)}× |`),
    ),
  ].join('\n');
}
