// The load generator, in a process of its own (as a user's traffic would be): autocannon, driven by
// a JSON job file, prints one JSON result line. Plain .mjs so it runs on node with no transpiler.
//
//   node bench/load-worker.mjs JOB.json
//   JOB = { url, path, connections, amount, requests: [{ body, headers? }] }  // taken in turn, shared
//   → { requests, seconds, perSecond, p50Ms, p99Ms, non2xx, errors, cpuUs }
//
// Timing: from the first request sent to the last response received, as this process sees them.
// Not autocannon's own duration: with `amount`, autocannon notices the last response only at its
// next 1 s sampling tick, so every run's length was rounded up to whole seconds (6,000 requests
// answered in 2.1 s counted as 3.04 s: 1,970 req/s, whatever the server did).
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
let firstSent = 0;
let lastAnswered = 0;
const cpuBefore = process.cpuUsage();
let settle;
const finished = new Promise((resolve, reject) => (settle = { resolve, reject }));
const instance = autocannon(
  {
    url: job.url,
    connections: job.connections,
    amount: job.amount,
    requests: [
      {
        method: 'POST',
        path: job.path,
        // One shared cursor across every connection, so no two requests carry the same body until the
        // list is used up (a no-repeat run gives as many bodies as requests).
        setupRequest: (req) => {
          if (next === 0) firstSent = performance.now();
          const r = job.requests[next++ % job.requests.length];
          return {
            ...req,
            body: r.body,
            headers: { ...req.headers, 'content-type': 'application/json', ...(r.headers ?? {}) },
          };
        },
      },
    ],
  },
  (err, result) => (err ? settle.reject(err) : settle.resolve(result)),
);
instance.on('response', () => (lastAnswered = performance.now()));
const result = await finished;
const cpu = process.cpuUsage(cpuBefore);
const seconds = (lastAnswered - firstSent) / 1000;
const total = result.requests.total ?? job.amount;
process.stdout.write(
  JSON.stringify({
    requests: total,
    seconds,
    perSecond: total / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    // The generator's own CPU over the run (µs), to tell a server-bound run from a generator-bound one.
    cpuUs: cpu.user + cpu.system,
  }) + '\n',
);
