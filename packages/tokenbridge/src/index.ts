/**
 * tokenbridge: one import for the provider-neutral core, the token manager
 * and every vendor adapter.
 *
 * @example
 * import { createTokenManager, kodexa, datocms, softwareone } from 'tokenbridge';
 *
 * @packageDocumentation
 */
export * from '@tokenbridge/core';
export * from '@tokenbridge/kodexa';
export * from '@tokenbridge/softwareone';
export * from '@tokenbridge/datocms';
export * from '@tokenbridge/rotation';
export { fromEnv, providerFromEnv, readEnv } from './env';
export type { EnvProvider, FromEnvOptions, Vendor } from './env';
