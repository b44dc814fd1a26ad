import { SingleBar } from 'cli-progress';

/** Progress of a long job: a bar on a terminal, a plain line every few seconds elsewhere (CI logs stay readable). */
export interface Progress {
  update(value: number, detail: string): void;
  /** Ends the display; `summary` is printed on its own line. */
  stop(summary?: string): void;
}

export interface ProgressOptions {
  readonly label: string;
  /** Undefined when the size of the job is not known in advance (e.g. standard input): no bar, no percentage. */
  readonly total?: number;
  readonly stream?: NodeJS.WriteStream;
  /** Seconds between plain lines when the stream is not a terminal. */
  readonly intervalSeconds?: number;
}

export function startProgress({ label, total, stream = process.stderr, intervalSeconds = 5 }: ProgressOptions): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar({
      format: total === undefined ? `${label} | {detail}` : `${label} [{bar}] {percentage}% | {detail}`,
      stream,
      hideCursor: true,
      barsize: 30,
      etaBuffer: 50,
    });
    bar.start(total ?? 1, 0, { detail: '' });
    return {
      update: (value, detail) => bar.update(total === undefined ? 0 : Math.min(value, total), { detail }),
      stop: (summary) => {
        bar.stop();
        if (summary) stream.write(`${summary}\n`);
      },
    };
  }
  let lastLine = 0;
  return {
    update: (value, detail) => {
      const now = Date.now();
      if (now - lastLine < intervalSeconds * 1000) return;
      lastLine = now;
      const percent = total === undefined ? '' : `${total > 0 ? Math.floor((100 * Math.min(value, total)) / total) : 100}% `;
      stream.write(`${label}: ${percent}${detail}\n`);
    },
    stop: (summary) => {
      if (summary) stream.write(`${summary}\n`);
    },
  };
}
