import http from 'node:http';
import { LatencyRecorder, nowMs } from './stats';

export interface LoadRequest {
  readonly method: 'POST' | 'GET';
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}

export interface LoadResult {
  readonly requests: number;
  readonly elapsedMs: number;
  readonly latency: LatencyRecorder;
  /** Answers by status code; anything but the expected status is reported with the figure. */
  readonly statuses: Record<string, number>;
  readonly errors: number;
}

/**
 * A closed-loop HTTP load generator: `connections` keep-alive connections, each sending its next request as soon as
 * the previous answer is read, for a fixed time. Latency is taken with the high-resolution clock per request
 * (autocannon rounds to whole milliseconds, too coarse for sub-millisecond commands).
 */
export async function closedLoop(
  baseUrl: string,
  connections: number,
  seconds: number,
  next: (n: number) => LoadRequest,
): Promise<LoadResult> {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latency = new LatencyRecorder();
  const statuses: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  let counter = 0;
  const started = nowMs();
  const until = started + seconds * 1000;
  const send = (request: LoadRequest) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, method: request.method, path: request.path, headers: request.headers, agent },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(request.body);
    });
  const loop = async () => {
    while (nowMs() < until) {
      const request = next(counter++);
      const t0 = nowMs();
      try {
        const status = await send(request);
        latency.record(nowMs() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
        requests++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, loop));
  const elapsedMs = nowMs() - started;
  agent.destroy();
  return { requests, elapsedMs, latency, statuses, errors };
}
