import http from 'node:http';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate } from '@ledger/event-store/sqlite/sqlite-schema';

/**
 * The HTTP baseline: what this machine does for a command with nothing of the ledger in between. node:http,
 * JSON.parse of the body, one durable INSERT into the same schema with the same pragmas, a 201 JSON answer.
 * Usage: node -r bench/support/register.js bench/support/raw-http-server.ts <sqlite file> <port>
 */
const [filename, portText] = process.argv.slice(2);
const db = new Database(filename);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
migrate(db);
const insert = db.prepare(
  `INSERT INTO events (event_id, stream, revision, type, schema_version, data, metadata, recorded_at, content_hash, prev_hash)
   VALUES (?, ?, 0, 'LawEnforcementRequestReceived', 1, ?, ?, ?, ?, ?)`,
);
const zeros = '0'.repeat(64);

http
  .createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200).end('ok');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      const eventId = randomUUID();
      const stream = `request-${req.headers['idempotency-key'] ?? eventId}`;
      const recordedAt = new Date().toISOString();
      const inserted = insert.run(
        eventId,
        stream,
        JSON.stringify(body),
        JSON.stringify({ actor: 'anonymous', recordedAt }),
        recordedAt,
        zeros,
        zeros,
      );
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          commandId: eventId,
          stream,
          events: [{ eventId, type: 'LawEnforcementRequestReceived', revision: 0, position: Number(inserted.lastInsertRowid) }],
        }),
      );
    });
  })
  .listen(Number(portText), '127.0.0.1');
