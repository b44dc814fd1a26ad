import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..', '..');
export const register = path.join(root, 'bench', 'support', 'register.js');

/**
 * How the API under test is started. Default: the TypeScript sources through the swc require hook (always the
 * current code, no build needed). `LEDGER_API_ENTRY=dist` runs the built `dist/apps/ledger-api/src/main.js`
 * instead (after `npm run build`), i.e. exactly what `npm start` runs.
 */
function apiCommand(): string[] {
  if (process.env.LEDGER_API_ENTRY === 'dist') return [path.join(root, 'dist', 'apps', 'ledger-api', 'src', 'main.js')];
  return ['-r', register, path.join(root, 'apps', 'ledger-api', 'src', 'main.ts')];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The ledger API as a child process on 127.0.0.1, on a data dir that outlives it (to be killed and restarted). */
export class ApiProcess {
  private child?: ChildProcess;
  private output = '';
  private serviceKey?: string;
  readonly baseUrl: string;
  /** Provisioned as LEDGER_ADMIN_KEY at every start: it creates the service key commands are sent with. */
  readonly adminKey = randomBytes(24).toString('hex');

  constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly extraEnv: Record<string, string> = {},
    /** Node arguments of another server to run the same way (the bench's raw HTTP baseline). */
    private readonly nodeArgs: string[] = apiCommand(),
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the API and resolves when /health answers 200; rejects with the process output if it cannot start. */
  async start(timeoutMs = 60_000): Promise<void> {
    fs.mkdirSync(this.dataDir, { recursive: true });
    this.output = '';
    const child = spawn(process.execPath, this.nodeArgs, {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(this.port),
        LEDGER_DATA_DIR: this.dataDir,
        LEDGER_LOG_LEVEL: 'warn',
        LEDGER_ADMIN_KEY: this.adminKey,
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`API exited during start (code ${child.exitCode}, signal ${child.signalCode}):\n${this.output}`);
      }
      try {
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(1000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    throw new Error(`API did not answer /health within ${timeoutMs} ms:\n${this.output}`);
  }

  /**
   * `Authorization` header of a service key granted every category, created once through POST /v1/keys with the
   * admin key (it lives in the data dir, so it outlives restarts). LEDGER_TEST_AUTHORIZATION overrides it.
   */
  async serviceAuthorization(): Promise<string> {
    if (process.env.LEDGER_TEST_AUTHORIZATION) return process.env.LEDGER_TEST_AUTHORIZATION;
    if (this.serviceKey === undefined) {
      const response = await fetch(`${this.baseUrl}/v1/keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.adminKey}` },
        body: JSON.stringify({ role: 'service', categories: ['*'], label: 'reliability test / benchmark client' }),
      });
      const text = await response.text();
      if (response.status !== 201) throw new Error(`could not create a service key (POST /v1/keys answered ${response.status}): ${text}`);
      this.serviceKey = (JSON.parse(text) as { key: string }).key;
    }
    return `Bearer ${this.serviceKey}`;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or closed. Resolves once the process is gone. */
  async kill(): Promise<void> {
    await this.stopWith('SIGKILL');
  }

  /** Orderly stop (SIGTERM: Nest's shutdown hooks close the store). */
  async stop(): Promise<void> {
    await this.stopWith('SIGTERM');
  }

  /** SIGTERM, then how the process ended and how long it took. */
  async terminate(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) throw new Error('the API is not running');
    const started = Date.now();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    child.kill('SIGTERM');
    return { ...(await exited), ms: Date.now() - started };
  }

  get recentOutput(): string {
    return this.output;
  }

  private async stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }
}
