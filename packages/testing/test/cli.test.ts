import { spawn, type ChildProcessByStdio } from 'node:child_process';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { parseCliArguments } from '../src/cli';
import { call } from './helpers';

const REPO = path.join(__dirname, '..', '..', '..');
const CLI = path.join('packages', 'testing', 'src', 'cli.ts');

describe('argument parsing', () => {
  it('reads ports, --json and --no-rate-limit', () => {
    const argv = ['--json', '--kodexa-port', '4001', '--softwareone-port=4002', '--cloudflare-port', '4004', '--no-rate-limit'];
    expect(parseCliArguments(argv)).toEqual({
      json: true,
      ports: { kodexa: 4001, softwareone: 4002, datocms: 0, cloudflare: 4004 },
      noRateLimit: true,
      help: false,
    });
    expect(parseCliArguments(['-h']).help).toBe(true);
  });

  it('refuses unknown options and bad ports', () => {
    expect(() => parseCliArguments(['--verbose'])).toThrow('unknown option: --verbose');
    expect(() => parseCliArguments(['--datocms-port', '70000'])).toThrow(/port number/);
    expect(() => parseCliArguments(['--datocms-port'])).toThrow(/port number/);
  });
});

/** The first line a child prints, or a rejection if it exits first. */
function firstLine(child: ChildProcessByStdio<null, Readable, Readable>): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const end = buffered.indexOf('\n');
      if (end >= 0) resolve(buffered.slice(0, end));
    });
    child.once('exit', () => reject(new Error('the command exited before printing a line')));
  });
}

describe('the command', () => {
  it('prints one JSON line, serves every simulator, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['-r', 'tsx/cjs', CLI, '--json', '--no-rate-limit'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const info = JSON.parse(await firstLine(child));
      expect(Object.keys(info).sort()).toEqual(['cloudflare', 'datocms', 'kodexa', 'softwareone']);
      const kodexa = await call(`${info.kodexa.url}/api/access-tokens`, { headers: { 'x-api-key': info.kodexa.credential } });
      expect(kodexa.status).toBe(200);
      const softwareone = await call(`${info.softwareone.url}/public/v1/accounts/api-tokens`, {
        headers: { authorization: `Bearer ${info.softwareone.credential}` },
      });
      expect(softwareone.body.data[0].account.id).toBe(info.softwareone.accountId);
      const dato = await call(`${info.datocms.url}/access_tokens`, {
        headers: { authorization: `Bearer ${info.datocms.credential}`, 'x-api-version': '3' },
      });
      expect(dato.body.data[0].relationships.role.data.id).toBe(info.datocms.roleId);
      expect(dato.headers.get('x-ratelimit-limit')).toBeNull();
      const cloudflare = await call(`${info.cloudflare.url}/accounts/${info.cloudflare.accountId}/tokens`, {
        headers: { authorization: `Bearer ${info.cloudflare.credential}` },
      });
      expect(cloudflare.body.success).toBe(true);
      expect(cloudflare.headers.get('ratelimit')).toBeNull();
      expect((await call(`${info.cloudflare.origin}/__sim/info`)).body.vendor).toBe('cloudflare');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
