/**
 * The HTTP floor's server: node:http alone, no framework, no database. It reads and parses each
 * request's JSON body and answers with a canned JSON body of about the size of the ledger's, so
 * what a request costs here is what any Node HTTP service pays before doing any work at all.
 */
import { createServer } from 'node:http';

const ANSWER = JSON.stringify({
  transactionId: '8d3c1c1e-0d5e-4c1e-9d9b-2b1f0c2b1a11',
  purchaseId: '8d3c1c1e-0d5e-4c1e-9d9b-2b1f0c2b1a12',
  memberId: '8d3c1c1e-0d5e-4c1e-9d9b-2b1f0c2b1a13',
  points: 25,
  breakdown: [{ rule: 'base', points: 25, detail: null }],
  balance: { available: 100, pending: 25 },
});

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString('utf8'));
    response.writeHead(request.method === 'POST' ? 201 : 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(ANSWER),
    });
    response.end(ANSWER);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.HTTP_FLOOR_PORT), '127.0.0.1', () => {
  process.stdout.write('listening\n');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
