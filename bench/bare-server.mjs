// The floor every HTTP figure is compared with, in a process of its own like the server under test:
// node:http reading the whole body and answering a small JSON. Prints its port on the first line.
import { createServer } from 'node:http';

const payload = JSON.stringify({ intent: 'lead', tasks: [], text: 'ok' });
const length = Buffer.byteLength(payload);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () =>
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': length }).end(payload),
  );
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
