import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `ledger <args>` in a child process, from the TypeScript sources through the swc require hook (no build needed). */
export function runLedger(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 120_000): Promise<CliRun> {
  const entry = process.env.LEDGER_CLI_ENTRY === 'dist' ? [path.join(root, 'dist', 'apps', 'ledger-cli', 'src', 'main.js')] : ['-r', path.join(root, 'bench', 'support', 'register.js'), path.join(root, 'apps', 'ledger-cli', 'src', 'main.ts')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entry, ...args], { cwd: root, env: { ...process.env, LEDGER_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
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
