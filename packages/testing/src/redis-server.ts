import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A `redis-server` this process started. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Kills it at once by its pid (SIGKILL), as a crash would, and waits for it to be gone. */
  kill(): Promise<void>;
  /** Stops it by its pid and removes its directory. */
  stop(): Promise<void>;
}

/** Whether a `redis-server` binary is on the PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Whether tests needing a real redis-server should run: always in CI (`.ci/run`
 * installs it, so a missing binary fails them rather than hides them), and on
 * a developer's machine when the binary is there; otherwise says once on
 * stderr why they are skipped and how to get it.
 */
export function redisTestsEnabled(): boolean {
  const ci = (process.env['CI'] ?? '') !== '' && process.env['CI'] !== 'false';
  if (ci || hasRedisServer()) return true;
  process.stderr.write('skipping the tests that need Redis: no redis-server on the PATH (Debian/Ubuntu: apt-get install redis-server)\n');
  return false;
}

/**
 * Starts a real `redis-server` (Debian's `redis-server` package) on a free
 * loopback port (or `port`, to bring a killed one back where its clients
 * look for it), in a temporary directory, with nothing saved to disk.
 * Rejects when the binary is missing or does not come up.
 */
export async function startRedisServer(options: { readonly port?: number } = {}): Promise<RedisServer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tokenbridge-redis-'));
  // A port just freed can be taken by someone else before redis binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ready = await readyOrExit(child);
    if (ready === true) return handle(child, port, dir);
    if (attempt >= 5) {
      await fs.rm(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start: ${ready}`);
    }
  }
}

function handle(child: ChildProcess, port: number, dir: string): RedisServer {
  const pid = child.pid as number;
  const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  const signal = async (name: NodeJS.Signals): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, name);
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid,
    kill: () => signal('SIGKILL'),
    stop: async () => {
      await signal('SIGTERM');
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Resolves true once the server says it accepts connections, or with what it said before it exited. */
function readyOrExit(child: ChildProcess): Promise<true | string> {
  return new Promise((resolve) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (/ready to accept connections/i.test(output)) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(true);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code) => resolve(`exited with ${code}: ${output.trim().split('\n').slice(-2).join(' ')}`));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
