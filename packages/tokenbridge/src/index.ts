/**
 * tokenbridge: one import for the provider-neutral core, the token manager
 * and every vendor adapter.
 *
 * @example
 * import { createTokenManager, kodexa, datocms, softwareone, cloudflare } from 'tokenbridge';
 *
 * @packageDocumentation
 */
export * from '@tokenbridge/core';
// Every registered vendor's adapter package, whole (a test checks this list against the registry).
export * from '@tokenbridge/kodexa';
export * from '@tokenbridge/softwareone';
export * from '@tokenbridge/datocms';
export * from '@tokenbridge/cloudflare';
export * from '@tokenbridge/rotation';
export { envVariableNames, fromEnv, providerFromEnv, readEnv } from './env';
export type { EnvProvider, EnvVariableNames, FromEnvOptions } from './env';
export type { CredentialSource, ProviderConfig } from './config/provider-config';
export { VENDORS, VENDOR_IDS, VENDOR_LIST, defineVendor, isVendorId, jsonFlag, vendorEntry } from './registry';
export type { VendorConnection, VendorDefinition, VendorEntry, VendorFlag, VendorId, VendorSetting } from './registry';
