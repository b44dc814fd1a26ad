import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * A measuring job in a fresh process: its peak RSS is the job's own (what `rebuild` or `export` needs), not the
 * leftovers of whatever ran before it in the scenario.
 */
export interface JobResult {
  readonly [metric: string]: number | string;
  readonly peakRssMb: number;
  readonly elapsedMs: number;
}

const JOB_PREFIX = 'JOB_RESULT ';

export function runJob(name: string, args: Record<string, unknown>): Promise<JobResult> {
  const script = path.join(__dirname, '..', 'support', 'job.ts');
  const register = path.join(__dirname, '..', 'support', 'register.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', register, script, name, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(JOB_PREFIX));
      if (code === 0 && line) return resolve(JSON.parse(line.slice(JOB_PREFIX.length)) as JobResult);
      reject(new Error(`job ${name} ended with code ${code}, signal ${signal}: ${stdout.slice(-2000)}`));
    });
  });
}

export function reportJob(result: Record<string, number | string>, elapsedMs: number): void {
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JOB_PREFIX}${JSON.stringify({ ...result, peakRssMb, elapsedMs: Math.round(elapsedMs) })}\n`);
}
