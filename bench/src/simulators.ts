import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { RateLimitSettings, RequestLogEntry } from '@tokenbridge/testing';

/** The simulators' CLI, run from its TypeScript source with the loader this process runs under. */
const CLI = path.resolve(__dirname, '../../packages/testing/src/cli.ts');

/** How long the simulators may take to start before the run gives up. */
const START_TIMEOUT_MS = 30_000;

/** Where one simulator listens and the credential its default caller uses. */
export interface Endpoint {
  readonly url: string;
  readonly credential: string;
}

/** The one JSON line the CLI prints with `--json`. */
export interface Endpoints {
  readonly kodexa: Endpoint;
  readonly softwareone: Endpoint & { readonly accountId: string };
  readonly datocms: Endpoint & { readonly roleId: string };
  /** `url` is the API base (`…/client/v4`); the control API is at `origin`. */
  readonly cloudflare: Endpoint & { readonly accountId: string; readonly origin: string };
}

/**
 * The three simulators in a child process (the CLI of `@tokenbridge/testing`),
 * so the server never shares the client's event loop or its CPU time.
 */
export class SimulatorProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoints: Endpoints,
  ) {}

  /** Starts the CLI with DatoCMS's rate limit off and waits for its JSON line. */
  static async start(): Promise<SimulatorProcess> {
    const child = spawn(process.execPath, [...process.execArgv, CLI, '--json', '--no-rate-limit'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const killOnExit = (): void => {
      child.kill('SIGKILL');
    };
    // Also when the bench dies on an exception: never leave a server behind.
    process.once('exit', killOnExit);
    child.once('exit', () => process.off('exit', killOnExit));
    try {
      const line = await firstLine(child);
      return new SimulatorProcess(child, JSON.parse(line) as Endpoints);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  }

  /** The control API of one simulator. */
  control(vendor: keyof Endpoints): SimulatorControl {
    const endpoint: Endpoint & { readonly origin?: string } = this.endpoints[vendor];
    return new SimulatorControl(endpoint.origin ?? endpoint.url);
  }

  /** Asks the CLI to close its servers (SIGTERM), killing it if it does not exit within 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdout = child.stdout;
    if (!stdout) {
      reject(new Error('the simulator process has no stdout'));
      return;
    }
    const lines = createInterface({ input: stdout });
    const timer = setTimeout(() => reject(new Error(`the simulators did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onExit = (code: number | null): void => reject(new Error(`the simulator process exited (code ${code}) before printing its URLs`));
    child.once('exit', onExit);
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.close();
      resolve(line);
    });
  });
}

/** A client of one simulator's HTTP control API (`/__sim`); never part of a measurement. */
export class SimulatorControl {
  constructor(private readonly url: string) {}

  /** `GET /__sim/info`: ids such as DatoCMS's role, besides the URL and credential. */
  info(): Promise<Record<string, unknown>> {
    return this.call('GET', '/info');
  }

  /** Seeded data back, faults and request log cleared, the initial rate limit. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  /** Every request received on a vendor route since the log was last cleared, oldest first. */
  requests(): Promise<RequestLogEntry[]> {
    return this.call('GET', '/requests');
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', '/requests');
  }

  /** Replaces the rate limit (false: none); the window starts empty. */
  async setRateLimit(settings: RateLimitSettings | false): Promise<void> {
    await this.call('PUT', '/rate-limit', settings);
  }

  /** The number of tokens held, and the first `limit` of them from `offset`. */
  tokens(offset: number, limit: number): Promise<{ total: number; data: unknown[] }> {
    return this.call('GET', `/tokens?offset=${offset}&limit=${limit}`);
  }

  /** Makes `count` tokens in the store directly (no vendor request). */
  async generate(count: number, namePrefix: string): Promise<void> {
    await this.call('POST', '/tokens/generate', { count, namePrefix });
  }

  private async call<A>(method: string, route: string, body?: unknown): Promise<A> {
    const response = await fetch(`${this.url}/__sim${route}`, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`control ${method} ${route} answered ${response.status}: ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as A;
  }
}
