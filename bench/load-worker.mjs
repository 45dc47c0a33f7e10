// The load generator, in a process of its own (as a user's traffic would be): autocannon, driven by
// a JSON job file, prints one JSON result line. Plain .mjs so it runs on node with no transpiler.
//
//   node bench/load-worker.mjs JOB.json
//   JOB = { url, path, connections, amount, requests: [{ body, headers? }] }  // taken in turn, shared
//   → { requests, seconds, perSecond, p50Ms, p99Ms, non2xx, errors }
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const started = performance.now();
const result = await autocannon({
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
        const r = job.requests[next++ % job.requests.length];
        return {
          ...req,
          body: r.body,
          headers: { ...req.headers, 'content-type': 'application/json', ...(r.headers ?? {}) },
        };
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
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
  }) + '\n',
);
