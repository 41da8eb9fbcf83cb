/**
 * The Lua scripts the store runs on Redis. Each runs atomically, so processes
 * racing for the last place of a window cannot both take it, and each reads
 * Redis's clock (`TIME`), so machines whose clocks differ still agree on the
 * window.
 */

const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Takes a place in the window, or says when to ask again.
 * KEYS: the window (a sorted set of requests, scored by when their place ends
 * to count), the pause. ARGV: requests per interval (-1: no bound), the
 * interval, how long an unanswered request holds its place at most, the
 * request's id. Returns {taken (1/0), wait in ms, paused (1/0)}.
 *
 * A request's score is "now + lease" while it is in flight, then the time its
 * answer arrived: it leaves the window one interval after that, as in memory.
 */
export const TAKE = `${NOW}
local pausedUntil = tonumber(redis.call('GET', KEYS[2]) or '0')
if pausedUntil > now then return {0, pausedUntil - now, 1} end
local max = tonumber(ARGV[1])
if max < 0 then return {1, 0, 0} end
local interval = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
if redis.call('ZCARD', KEYS[1]) < max then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[4])
  redis.call('PEXPIRE', KEYS[1], interval + lease)
  return {1, 0, 0}
end
local oldest = tonumber(redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')[2])
-- The oldest still in flight leaves one interval after its answer at the earliest: look again then.
return {0, math.min(oldest + interval - now, interval), 0}`;

/** The answer to request ARGV[1] arrived: its place now ends one interval later. KEYS: the window. */
export const FINISH = `${NOW}
redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1])
return 0`;

/** Pauses the key for ARGV[1] ms, unless a longer pause holds it already. KEYS: the pause. */
export const PAUSE = `${NOW}
local ms = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if now + ms > current then redis.call('SET', KEYS[1], now + ms, 'PX', ms) end
return 0`;
