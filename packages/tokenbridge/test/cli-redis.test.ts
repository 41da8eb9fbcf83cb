import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { type DatoCmsSimulator, type RedisServer, redisTestsEnabled, startDatoCmsSimulator, startRedisServer } from '@tokenbridge/testing';
import { fromEnv } from 'tokenbridge';
import { type CliIo, runCli } from 'tokenbridge/cli';

/**
 * Issue 19, item 3: the CLI and `fromEnv` pace on the Redis that
 * TOKENBRIDGE_REDIS_URL or the config file's `limiter` section names.
 */
(redisTestsEnabled() ? describe : describe.skip)('the limiter store of the CLI and fromEnv', () => {
  let server: RedisServer;
  let sim: DatoCmsSimulator;
  let dir: string;

  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  beforeEach(async () => {
    sim = await startDatoCmsSimulator({ rateLimit: false });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-cli-redis-'));
  });
  afterEach(async () => {
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await withRedis(server.url, (client) => client.flushall());
  });

  const datoEnv = (): Record<string, string> => ({ TOKENBRIDGE_DATOCMS_URL: sim.url, TOKENBRIDGE_DATOCMS_API_TOKEN: sim.credential });

  async function run(argv: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    // No `limiter: false` here (unlike the other CLI tests): the pacing is what is under test.
    const io: CliIo = { stdout: { write: (t: string) => stdout.push(t) }, stderr: { write: (t: string) => stderr.push(t) }, env, cwd: dir, transport: { retry: { retries: 1, baseMs: 1, capMs: 2 } } };
    const code = await runCli(argv, io);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  }

  const windowKeys = (): Promise<string[]> => withRedis(server.url, (client) => client.keys('tokenbridge:limiter:*:window'));

  it('TOKENBRIDGE_REDIS_URL: the command paces on that Redis', async () => {
    const listed = await run(['list', '--json'], { ...datoEnv(), TOKENBRIDGE_REDIS_URL: server.url });
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(await windowKeys()).toEqual([expect.stringMatching(/^tokenbridge:limiter:\{datocms\|/)]);
  });

  it("the config file's limiter.redis (url, or env naming the variable) does the same; without either nothing reaches Redis", async () => {
    const file = path.join(dir, 'tokenbridge.config.json');
    await run(['list', '--json'], datoEnv());
    expect(await windowKeys()).toEqual([]);

    fs.writeFileSync(file, JSON.stringify({ limiter: { redis: { url: server.url } } }));
    expect((await run(['list', '--json'], datoEnv())).code).toBe(0);
    expect(await windowKeys()).toHaveLength(1);

    await withRedis(server.url, (client) => client.flushall());
    fs.writeFileSync(file, JSON.stringify({ limiter: { redis: { env: 'FLEET_REDIS' } } }));
    expect((await run(['list', '--json'], { ...datoEnv(), FLEET_REDIS: server.url })).code).toBe(0);
    expect(await windowKeys()).toHaveLength(1);
  });

  it('a bad Redis setting is a usage error naming where it was given, never its value (which may hold a password)', async () => {
    const bad = await run(['list'], { ...datoEnv(), TOKENBRIDGE_REDIS_URL: 'http://:hunter2hunter2@example.invalid' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('TOKENBRIDGE_REDIS_URL');
    expect(bad.stderr).not.toContain('hunter2');

    fs.writeFileSync(path.join(dir, 'tokenbridge.config.json'), JSON.stringify({ limiter: { redis: { url: 'redis://:hunter2hunter2@127.0.0.1:1' } } }));
    const inline = await run(['list'], datoEnv());
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain('limiter.redis.url');
    expect(inline.stderr).not.toContain('hunter2');
  });

  it('Redis unreachable: the command succeeds, paced in this process, and stderr says so', async () => {
    const gone = await startRedisServer();
    await gone.stop();
    const listed = await run(['list', '--json'], { ...datoEnv(), TOKENBRIDGE_REDIS_URL: gone.url });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ items: expect.any(Array) });
    expect(listed.stderr).toMatch(/^tokenbridge: warning: datocms: the limiter's redis store cannot be reached \(ECONNREFUSED\); pacing in this process alone until it is back\n$/);
  });

  it('fromEnv paces on TOKENBRIDGE_REDIS_URL', async () => {
    const manager = fromEnv({ env: { ...datoEnv(), TOKENBRIDGE_REDIS_URL: server.url } });
    for await (const item of manager.inventory()) void item;
    await manager.close();
    expect(await windowKeys()).toHaveLength(1);
  });
});

async function withRedis<T>(url: string, use: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url);
  try {
    return await use(client);
  } finally {
    client.disconnect();
  }
}
