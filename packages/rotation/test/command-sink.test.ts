import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { Secret, TokenBridgeError, type SecretDelivery, type SecretSink } from '@tokenbridge/core';
import { type CommandOutput, callbackSink, commandSink, parseSinkSpec, sinkResolver } from '@tokenbridge/rotation';

const SECRET = 'cmd-secret-3b1f9e2a7c6d';
const delivery: SecretDelivery = { rotationId: 'lx2k3m9a0abcd', providerKey: 'k', provider: 'kodexa', tokenId: '1', tokenName: 'ci' };
const node = process.execPath;
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tb-cmd-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const deliver = (sink: SecretSink) => sink.deliver(new Secret(SECRET), delivery)();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('commandSink', () => {
  it('gives the secret on stdin only: not in its arguments, not in its environment, even when the caller had it there', async () => {
    const out = path.join(dir, 'seen.json');
    const script = `const fs=require('fs');fs.writeFileSync(process.argv[1],JSON.stringify({stdin:fs.readFileSync(0,'utf8'),argv:process.argv,env:process.env}))`;
    const sink = commandSink({ argv: [node, '-e', script, out], env: { ...process.env, LEAKY: `prefix-${SECRET}`, KEEP: 'kept' } });
    expect(await deliver(sink)).toEqual(E.right(undefined));
    const seen = JSON.parse(await fs.readFile(out, 'utf8')) as { stdin: string; argv: string[]; env: Record<string, string> };
    expect(seen.stdin).toBe(SECRET);
    expect(JSON.stringify(seen.argv)).not.toContain(SECRET);
    expect(JSON.stringify(seen.env)).not.toContain(SECRET);
    expect(seen.env['KEEP']).toBe('kept');
  });

  it('a non-zero exit fails the delivery; what the command printed (the secret included) stays out of the error', async () => {
    const script = `process.stdin.on('data',d=>{process.stderr.write('REJ'+'ECTED '+d);process.stdout.write('echo '+d)});process.stdin.on('end',()=>process.exit(3))`;
    const result = await deliver(commandSink({ argv: [node, '-e', script] }));
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'SinkError', reason: 'exit', exitCode: 3, retryable: true })));
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(result)).not.toContain('REJECTED');
  });

  it('output is shown only when asked, with the secret cut out', async () => {
    const seen: CommandOutput[] = [];
    const script = `process.stdin.on('data',d=>{process.stdout.write('stored '+d);process.stderr.write('note')})`;
    expect(await deliver(commandSink({ argv: [node, '-e', script], echo: (o) => seen.push(o) }))).toEqual(E.right(undefined));
    expect(seen).toEqual([
      { stream: 'stdout', text: 'stored [REDACTED]' },
      { stream: 'stderr', text: 'note' },
    ]);
  });

  it('a command that never ends is killed with what it started when the (injected) timer fires', async () => {
    const pids = path.join(dir, 'pids');
    const script = `const {spawn}=require('child_process');const c=spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:'ignore'});require('fs').writeFileSync(process.argv[1],JSON.stringify([process.pid,c.pid]));setInterval(()=>{},1000)`;
    let fire: (() => void) | undefined;
    const sink = commandSink({ argv: [node, '-e', script, pids], timeoutMs: 5000, clock: { setTimer: (fn) => ((fire = fn), () => undefined) } });
    const pending = deliver(sink);
    let started: number[] | undefined;
    while (!started) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      started = await fs.readFile(pids, 'utf8').then((t) => JSON.parse(t) as number[], () => undefined);
    }
    fire?.();
    expect(await pending).toEqual(E.left(expect.objectContaining({ reason: 'timeout', message: expect.stringContaining('5000 ms') })));
    for (const pid of started) {
      while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(alive(pid)).toBe(false);
    }
  });

  it('a program that does not exist, or ignores stdin, is judged by what happened', async () => {
    expect(await deliver(commandSink({ argv: [path.join(dir, 'no-such-program')] }))).toEqual(E.left(expect.objectContaining({ reason: 'spawn', code: 'ENOENT' })));
    expect(await deliver(commandSink({ argv: [node, '-e', 'process.exit(0)'] }))).toEqual(E.right(undefined));
  });

  it('runs no shell: metacharacters are plain arguments', async () => {
    const out = path.join(dir, 'argv.json');
    const sink = commandSink({ argv: [node, '-e', `require('fs').writeFileSync(process.argv[1],JSON.stringify(process.argv.slice(2)))`, out, '$(echo hi)', '; rm -rf x', '`x`'] });
    expect(E.isRight(await deliver(sink))).toBe(true);
    expect(JSON.parse(await fs.readFile(out, 'utf8'))).toEqual(['$(echo hi)', '; rm -rf x', '`x`']);
  });
});

describe('callbackSink', () => {
  it('hands the secret and the delivery over; a throw is a SinkError naming only the class of error', async () => {
    const got: Array<[string, SecretDelivery]> = [];
    expect(await deliver(callbackSink('vault', (secret, d) => void got.push([secret.reveal(), d])))).toEqual(E.right(undefined));
    expect(got).toEqual([[SECRET, delivery]]);
    const failing = await deliver(
      callbackSink('vault', async (secret) => {
        throw new TypeError(`bad ${secret.reveal()}`);
      }),
    );
    expect(failing).toEqual(E.left({ _tag: 'SinkError', sink: 'callback:vault', reason: 'callback', message: 'callback vault failed (TypeError)', retryable: false }));
  });
});

describe('parseSinkSpec', () => {
  it('reads the three forms into sinks with absolute, stable specs', () => {
    const specOf = (spec: string) => E.map((s: SecretSink) => s.spec)(parseSinkSpec(spec));
    expect(specOf('dotenv:.env:DATO_TOKEN')).toEqual(E.right(`dotenv:${path.resolve('.env')}:DATO_TOKEN`));
    expect(specOf('dotenv:C:\\app\\.env:K')).toEqual(E.right(`dotenv:${path.resolve('C:\\app\\.env')}:K`));
    expect(specOf('json:config/secrets.json:a.b.c')).toEqual(E.right(`json:${path.resolve('config/secrets.json')}:a.b.c`));
    expect(specOf('cmd:["gh","secret","set","X"]')).toEqual(E.right('cmd:["gh","secret","set","X"]'));
  });

  it('resolves relative paths against baseDir when given (a config file\'s directory), absolute ones as they are', () => {
    const specOf = (spec: string) => E.map((s: SecretSink) => s.spec)(parseSinkSpec(spec, { baseDir: '/srv/app' }));
    expect(specOf('dotenv:.env:K')).toEqual(E.right(`dotenv:${path.resolve('/srv/app', '.env')}:K`));
    expect(specOf('json:/etc/tb/s.json:a')).toEqual(E.right(`json:${path.resolve('/etc/tb/s.json')}:a`));
    expect(sinkResolver({ baseDir: '/srv/app' })('dotenv:config/.env:K')?.spec).toBe(`dotenv:${path.resolve('/srv/app/config/.env')}:K`);
  });

  it('refuses anything else with a Validation error naming the accepted forms', () => {
    for (const spec of ['dotenv:.env', 'dotenv::K', 'dotenv:.env:1bad', 'json:f.json:', 'json:f.json:a..b', 'cmd:gh secret set', 'cmd:[]', 'cmd:[1]', 'ftp:x', '']) {
      const parsed = parseSinkSpec(spec);
      expect(parsed).toEqual(E.left(expect.objectContaining({ _tag: 'Validation', provider: 'tokenbridge', operation: 'configure' })));
    }
    expect(parseSinkSpec('nope')).toEqual(E.left(expect.objectContaining({ issues: [expect.objectContaining({ message: expect.stringContaining('dotenv:<file>:<KEY>') })] })));
  });

  it('sinkResolver rebuilds a sink from its own spec, and callbacks by name', () => {
    const resolve = sinkResolver({ callbacks: [callbackSink('vault', () => undefined)] });
    const original = parseSinkSpec('dotenv:.env:K');
    expect(E.isRight(original) && resolve(original.right.spec)?.spec).toBe(E.isRight(original) && original.right.spec);
    expect(resolve('callback:vault')?.spec).toBe('callback:vault');
    expect(resolve('callback:other')).toBeUndefined();
  });

  it('constructors throw the same Validation errors', () => {
    expect(() => commandSink({ argv: [] })).toThrow(TokenBridgeError);
    expect(() => callbackSink('', () => undefined)).toThrow(TokenBridgeError);
  });
});
