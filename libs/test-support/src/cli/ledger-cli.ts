import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository root: the working directory of every `ledger` child process. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The node arguments that run `ledger`: the sources through the swc require hook, or the build when LEDGER_CLI_ENTRY=dist. */
export function ledgerCliArgs(): string[] {
  if (process.env.LEDGER_CLI_ENTRY === 'dist') return [path.join(REPO_ROOT, 'dist', 'apps', 'ledger-cli', 'src', 'main.js')];
  return ['-r', path.join(REPO_ROOT, 'bench', 'support', 'register.js'), path.join(REPO_ROOT, 'apps', 'ledger-cli', 'src', 'main.ts')];
}

/**
 * `ledger <args>` in a child process, as a user runs it, with `input` on its stdin. Default: the TypeScript sources
 * through the swc require hook (no build needed); `LEDGER_CLI_ENTRY=dist` runs the build, after `npm run build`.
 */
export function runLedger(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 120_000, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...ledgerCliArgs(), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`ledger ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
