// Helpers of the Redis store's tests: a real redis-server, the fleet's child processes, Redis's contents.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import type { LimiterEvent } from '@tokenbridge/core';
import { bundleForNode } from '@tokenbridge/testing';

/** Bundles the fleet's child once (a plain `node` start for each process). */
export async function bundleFleetChild(): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tokenbridge-fleet-'));
  const file = path.join(dir, 'fleet-child.js');
  await bundleForNode(path.join(__dirname, 'fleet-child.ts'), file);
  return { file, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** What one child printed. */
export interface ChildResult {
  readonly renamed: number;
  readonly failed: number;
  readonly received429: number;
  readonly events: readonly LimiterEvent[];
}

/** Runs one child to its end. */
export function runChild(file: string, env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || line === undefined) reject(new Error(`fleet child exited with ${code}: ${stderr}`));
      else resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
    });
  });
}

/** Every key in Redis, and every value: strings, and sorted sets' members. */
export async function redisContents(url: string): Promise<{ keys: string[]; values: string[] }> {
  const client = new Redis(url);
  try {
    const keys = await client.keys('*');
    const values: string[] = [];
    for (const key of keys) {
      const type = await client.type(key);
      if (type === 'string') values.push((await client.get(key)) ?? '');
      if (type === 'zset') values.push(...(await client.zrange(key, '0', '-1')));
    }
    return { keys, values };
  } finally {
    client.disconnect();
  }
}
