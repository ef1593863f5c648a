import { Worker } from 'node:worker_threads';

/**
 * The HTTP load generator runs in a worker thread, so its own work (building
 * requests, parsing responses) is not charged to the server's event loop. It
 * is plain JavaScript evaluated in the worker, so it needs no TypeScript
 * loader there, and only Node's own `http` with a keep-alive agent.
 */
const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, bodies, concurrency, timeLimitMs, requestTimeoutMs, expectStatus } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });

function post(body) {
  return new Promise((resolve) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), accept: 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => { text += chunk; });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', (error) => resolve({ status: 0, body: String(error) }));
      },
    );
    request.setTimeout(requestTimeoutMs, () => request.destroy(new Error('timed out after ' + requestTimeoutMs + ' ms')));
    request.on('error', (error) => resolve({ status: 0, body: String(error && error.message) }));
    request.end(body);
  });
}

(async () => {
  let next = 0;
  let completed = 0;
  const statuses = {};
  const failures = [];
  const latencies = [];
  const start = performance.now();
  const stopAt = start + timeLimitMs;
  async function client() {
    while (next < bodies.length && performance.now() < stopAt) {
      const index = next++;
      const began = performance.now();
      const result = await post(bodies[index]);
      latencies.push(performance.now() - began);
      completed++;
      statuses[result.status] = (statuses[result.status] ?? 0) + 1;
      if (result.status !== expectStatus && failures.length < 5) failures.push(result.status + ': ' + result.body.slice(0, 300));
    }
  }
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - start;
  agent.destroy();
  parentPort.postMessage({ completed, elapsedMs, statuses, failures, latencies });
})().catch((error) => parentPort.postMessage({ fatal: String(error && error.stack || error) }));
`;

export type LoadResult = {
  /** Requests answered (with any status) before the count or the time limit was reached. */
  completed: number;
  /** Answered with the expected status (201 unless told otherwise). */
  ok: number;
  failed: number;
  elapsedMs: number;
  statuses: Record<string, number>;
  failures: string[];
  latenciesMs: number[];
};

/** POSTs every body once to `url` from `concurrency` clients, stopping early at the time limit. */
export function runLoad(options: { url: string; bodies: string[]; concurrency: number; timeLimitMs: number; requestTimeoutMs?: number; expectStatus?: number }): Promise<LoadResult> {
  const expectStatus = options.expectStatus ?? 201;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { url: options.url, bodies: options.bodies, concurrency: options.concurrency, timeLimitMs: options.timeLimitMs, requestTimeoutMs: options.requestTimeoutMs ?? 30_000, expectStatus },
    });
    worker.once('message', (message: { fatal?: string; completed: number; elapsedMs: number; statuses: Record<string, number>; failures: string[]; latencies: number[] }) => {
      void worker.terminate();
      if (message.fatal) return reject(new Error(`load generator failed: ${message.fatal}`));
      const ok = message.statuses[String(expectStatus)] ?? 0;
      resolve({
        completed: message.completed,
        ok,
        failed: message.completed - ok,
        elapsedMs: message.elapsedMs,
        statuses: message.statuses,
        failures: message.failures,
        latenciesMs: message.latencies,
      });
    });
    worker.once('error', reject);
  });
}
