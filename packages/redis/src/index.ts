// Public API of @tokenbridge/redis: the limiter store a fleet of processes shares.
export { redis, type RedisStore, type RedisStoreOptions } from './store';
