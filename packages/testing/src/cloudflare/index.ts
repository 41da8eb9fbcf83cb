// Public API of the Cloudflare simulator (re-exported by the package index).

export {
  startCloudflareSimulator,
  CLOUDFLARE_DEMO_API_TOKEN,
  CLOUDFLARE_TOKEN_QUOTA,
  type CloudflareSimulator,
  type CloudflareSimulatorOptions,
} from './simulator';
export {
  CLOUDFLARE_DEMO_ACCOUNT_ID,
  CLOUDFLARE_DEMO_USER_EMAIL,
  CLOUDFLARE_DEMO_USER_ID,
  CLOUDFLARE_OWN_TOKEN_NAME,
  type CloudflareStore,
} from './store';
export { CLOUDFLARE_READINGS, type CloudflareReadings, type ResolvedCloudflareReadings } from './readings';
export { CLOUDFLARE_RATE_LIMIT } from './throttle';
export { CLOUDFLARE_API_PREFIX, CLOUDFLARE_PER_PAGE, type CloudflareTokenQuota } from './routes';
export { CLOUDFLARE_PERMISSION_GROUPS } from './permission-groups';
export { CLOUDFLARE_MAX_NAME } from './validation';
export type {
  CloudflareCondition,
  CloudflareCreatedToken,
  CloudflareEnvelope,
  CloudflareMessage,
  CloudflareOwner,
  CloudflarePermissionGroup,
  CloudflarePermissionScope,
  CloudflarePolicy,
  CloudflarePolicyPermissionGroup,
  CloudflarePolicyResources,
  CloudflareResultInfo,
  CloudflareToken,
  CloudflareTokenSeed,
  CloudflareTokenStatus,
} from './types';
