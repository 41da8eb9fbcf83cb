import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { type LimiterStore, type TransportOptions, decodeIssues, strict, summarizeIssues } from '@tokenbridge/core';
import { configError } from './provider-config';
import { NonEmptyString, VariableName } from './schema';

type Env = Readonly<Record<string, string | undefined>>;

/** The variable naming the Redis every process of a fleet paces with (the CLI's and `fromEnv`'s). */
export const REDIS_URL_VARIABLE = 'TOKENBRIDGE_REDIS_URL';

/** The config file's `limiter` section: `{ "redis": { "url": "redis://host:6379" } }` or `{ "redis": { "env": "VARIABLE" } }`. */
const LimiterSectionC = strict(
  t.partial({ redis: t.union([strict(t.type({ url: NonEmptyString }), '{ url }'), strict(t.type({ env: VariableName }), '{ env }')]) }),
  'limiter',
);

/**
 * The Redis URL the limiter uses, and where it was given (for errors, which
 * never show the URL: it may hold a password): {@link REDIS_URL_VARIABLE}
 * first, else the config file's `limiter.redis`. `undefined`: pacing stays in
 * each process.
 */
export function redisUrl(env: Env, section: unknown, file: string | undefined): { readonly url: string; readonly source: string } | undefined {
  const fromEnv = env[REDIS_URL_VARIABLE];
  if (fromEnv !== undefined) return checked(fromEnv, REDIS_URL_VARIABLE);
  if (section === undefined || file === undefined) return undefined;
  const decoded = decodeIssues(LimiterSectionC, section);
  if (E.isLeft(decoded)) throw configError(`${file}: limiter`, `${summarizeIssues(decoded.left)} (expected { "redis": { "url": "redis://host:6379" } } or { "redis": { "env": "VARIABLE" } })`);
  const redis = decoded.right.redis;
  if (redis === undefined) return undefined;
  if ('env' in redis) {
    const value = env[redis.env];
    if (value === undefined) throw configError(`${file}: limiter.redis.env`, `names ${redis.env}, which is not set`);
    return checked(value, redis.env);
  }
  const where = `${file}: limiter.redis.url`;
  const url = checked(redis.url, where);
  if (new URL(url.url).password !== '') {
    throw configError(where, 'holds a password in the config file, which tokenbridge refuses; use { "env": "VARIABLE" } or TOKENBRIDGE_REDIS_URL');
  }
  return url;
}

function checked(url: string, source: string): { readonly url: string; readonly source: string } {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || parsed.hostname === '') {
    throw configError(source, 'is not a Redis URL: expected redis://[[user]:password@]host[:port][/db] or rediss://…');
  }
  return { url, source };
}

/**
 * The Redis limiter store for `url`. `@tokenbridge/redis` (and so ioredis) is
 * loaded only here, when a Redis is configured: a single process never loads it.
 */
export function redisStore(url: string): LimiterStore {
  const { redis } = require('../redis') as typeof import('../redis');
  return redis({ url });
}

/** `transport` pacing with `store`: its pace settings kept; a store it names already, or `limiter: false`, wins. */
export function withLimiterStore(transport: TransportOptions, store: LimiterStore | undefined): TransportOptions {
  if (store === undefined || transport.limiter === false || transport.limiter?.store !== undefined) return transport;
  return { ...transport, limiter: { ...transport.limiter, store } };
}
