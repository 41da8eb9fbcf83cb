// One process of a fleet: renames the tokens it is given against the DatoCMS
// simulator, paced by the Redis store (REDIS_URL) or by memory alone, and
// prints one line: RESULT {"renamed", "failed", "received429", "events"}.
import * as E from 'fp-ts/Either';
import type { LimiterEvent } from '@tokenbridge/core';
import { datocms } from '@tokenbridge/datocms';
import { redis } from '@tokenbridge/redis';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

async function main(): Promise<void> {
  const ids = env('IDS').split(',');
  const concurrency = Number(env('CONCURRENCY'));
  const redisUrl = process.env['REDIS_URL'];
  let received429 = 0;
  const events: LimiterEvent[] = [];
  const provider = datocms({
    apiToken: env('TOKEN'),
    baseUrl: env('SIM_URL'),
    timeoutMs: 600_000,
    retry: { retries: 100 },
    limiter: {
      maxConcurrent: concurrency,
      maxPerInterval: Number(env('LIMIT')),
      intervalMs: Number(env('WINDOW_MS')),
      ...(redisUrl !== undefined ? { store: redis({ url: redisUrl }) } : {}),
    },
    hooks: {
      onResponse: (event) => void (event.status === 429 && (received429 += 1)),
      onLimiter: (event) => void events.push(event),
    },
  });
  let renamed = 0;
  let failed = 0;
  const queue = [...ids];
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const result = await provider.update(id, { name: `renamed by ${process.pid}` })();
      if (E.isRight(result)) renamed += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  await provider.close();
  process.stdout.write(`RESULT ${JSON.stringify({ renamed, failed, received429, events })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
