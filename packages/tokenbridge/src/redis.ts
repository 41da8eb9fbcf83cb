// `tokenbridge/redis`: the Redis limiter store, apart from the main entry so a single process never loads ioredis.
export { redis, type RedisStore, type RedisStoreOptions } from '@tokenbridge/redis';
