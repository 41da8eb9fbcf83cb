/**
 * Row 8's measuring process: one of a fleet sharing one DatoCMS credential.
 * Reads its tokens (pacing off, before the simulator's limit is switched on),
 * prints `READY`, waits for `go` on stdin, then renames them `renames` times
 * from `callers` workers with the adapter's default limiter, in memory or on
 * Redis, and prints `RESULT` and one JSON line of {@link FleetChildReport}.
 *
 * argv: base URL, comma-separated token ids, callers, renames, Redis URL ('' for memory);
 * the credential comes in FLEET_API_TOKEN (an argument would show in the process list).
 */
import { createInterface } from 'node:readline';
import * as E from 'fp-ts/Either';
import type { Token } from '@tokenbridge/core';
import { type DatoCmsExtra, datocms } from '@tokenbridge/datocms';
import { redis } from 'tokenbridge/redis';

/** What one process of the fleet saw. */
export interface FleetChildReport {
  readonly renamed: number;
  readonly errors: number;
  readonly received429: number;
  readonly retries: number;
}

async function main(): Promise<void> {
  const [baseUrl = '', ids = '', callersArg = '16', renamesArg = '0', redisUrl = ''] = process.argv.slice(2);
  const apiToken = process.env['FLEET_API_TOKEN'] ?? '';
  const setup = datocms({ apiToken, baseUrl, limiter: false });
  const tokens: Token<DatoCmsExtra>[] = [];
  for (const id of ids.split(',')) {
    const got = await setup.get(id)();
    if (E.isLeft(got)) throw new Error(`reading token ${id}: ${got.left.message}`);
    tokens.push(got.right);
  }
  await setup.close();

  let received429 = 0;
  let retries = 0;
  const provider = datocms({
    apiToken,
    baseUrl,
    timeoutMs: 600_000,
    retry: { retries: 100 },
    ...(redisUrl !== '' ? { limiter: { store: redis({ url: redisUrl }) } } : {}),
    hooks: {
      onResponse: (event) => void (event.status === 429 && (received429 += 1)),
      onRetry: () => void (retries += 1),
    },
  });
  process.stdout.write('READY\n');
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

  let left = Number(renamesArg);
  let renamed = 0;
  let errors = 0;
  let sequence = 0;
  const worker = async (start: Token<DatoCmsExtra>): Promise<void> => {
    let current = start;
    while (left > 0) {
      left -= 1;
      sequence += 1;
      const result = await provider.update(current, { name: `fleet-${process.pid}-${sequence}` })();
      if (E.isRight(result)) {
        current = result.right;
        renamed += 1;
      } else errors += 1;
    }
  };
  await Promise.all(tokens.slice(0, Number(callersArg)).map(worker));
  await provider.close();
  const report: FleetChildReport = { renamed, errors, received429, retries };
  process.stdout.write(`RESULT ${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`fleet child failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
