import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';

export interface RawAnswer {
  /** undefined when the server closed the connection without answering. */
  readonly status?: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** Bytes of the body the client managed to write before the answer or the close. */
  readonly sentBytes: number;
}

/** Listens on a random port (once) and answers the base URL. */
export async function listeningPort(app: INestApplication): Promise<number> {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen(0, '127.0.0.1');
  return (server.address() as AddressInfo).port;
}

/**
 * Sends a request whose body comes from `chunks`, written as fast as the server reads it (backpressure), and stops
 * writing as soon as the server answers or closes: how a client streaming a huge body meets a server that refuses
 * it early. Resolves with the answer; never buffers the body.
 */
export function streamRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    chunks: Iterable<Buffer> | AsyncIterable<Buffer>;
    pauseMs?: number;
  },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let done = false;
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: options.method ?? 'POST',
      path: options.path,
      headers: { ...options.headers, 'transfer-encoding': 'chunked' },
    });
    const finish = (answer: RawAnswer) => {
      if (done) return;
      done = true;
      resolve(answer);
      req.destroy();
    };
    req.on('response', (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () =>
        finish({ status: response.statusCode, headers: response.headers, text: Buffer.concat(parts).toString('utf8'), sentBytes }),
      );
      response.on('error', () =>
        finish({ status: response.statusCode, headers: response.headers, text: Buffer.concat(parts).toString('utf8'), sentBytes }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A server that closes early makes the write side fail (EPIPE, ECONNRESET): that is an answer too.
      if (['EPIPE', 'ECONNRESET'].includes(error.code ?? '')) setTimeout(() => finish({ headers: {}, text: '', sentBytes }), 200);
      else if (!done) reject(error);
    });
    void (async () => {
      for await (const chunk of options.chunks) {
        if (done || req.destroyed) return;
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          await new Promise<void>((resume) => {
            const go = () => {
              req.off('drain', go);
              req.off('close', go);
              resume();
            };
            req.on('drain', go);
            req.on('close', go);
          });
        }
        if (options.pauseMs) await new Promise((wait) => setTimeout(wait, options.pauseMs));
      }
      if (!done && !req.destroyed) req.end();
    })().catch(() => undefined);
  });
}

/** `total` bytes of `fill` in chunks of `chunkBytes`, made as they are read (never held whole). */
export function* repeatedBytes(total: number, fill = 0x61, chunkBytes = 1 << 20): Generator<Buffer> {
  const chunk = Buffer.alloc(chunkBytes, fill);
  for (let sent = 0; sent < total; sent += chunkBytes) yield total - sent >= chunkBytes ? chunk : chunk.subarray(0, total - sent);
}
