/**
 * Child process: the throughput ceiling. A bare `node:http` server that answers each known path
 * with response bytes captured from the Skillport server, straight from memory. Responses are keyed
 * by "<accept-encoding> <url>", so a compressed capture is replayed to clients asking the same way.
 * Usage: `node --import tsx bench/ceiling.ts <responses.json>`; prints `CEILING_URL <url>`.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  /** Body bytes, base64. */
  body: string;
}

const file = process.argv[2];
if (!file) throw new Error('usage: ceiling.ts <responses.json>');
const captured = JSON.parse(readFileSync(file, 'utf8')) as Record<string, CapturedResponse>;
const routes = new Map<string, { status: number; headers: Record<string, string | number>; body: Buffer }>();
for (const [p, r] of Object.entries(captured)) {
  const body = Buffer.from(r.body, 'base64');
  routes.set(p, { status: r.status, headers: { ...r.headers, 'content-length': body.length }, body });
}

const server = http.createServer((req, res) => {
  const route = routes.get(`${req.headers['accept-encoding'] ?? ''} ${req.url ?? ''}`);
  if (!route) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not captured');
    return;
  }
  res.writeHead(route.status, route.headers);
  res.end(route.body);
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`CEILING_URL http://127.0.0.1:${port}\n`);
});

const shutdown = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('error', shutdown);
process.stdin.resume();
