/**
 * @tokenbridge/cloudflare: Cloudflare API tokens, user-owned (`/user/tokens`) or account-owned
 * (`/accounts/{account_id}/tokens`), behind tokenbridge's neutral `TokenProvider` interface.
 *
 * @packageDocumentation
 */
export { CLOUDFLARE_BASE_URL, CLOUDFLARE_DEFAULT_LIMITER, CLOUDFLARE_SECRET_PATTERN, cloudflare } from './provider';
export type { CloudflareOptions } from './provider';
export { CLOUDFLARE_CAPABILITIES, CLOUDFLARE_MAX_NAME } from './capabilities';
export { CLOUDFLARE_PROVIDER } from './mapping';
export type { CloudflareNeutralToken } from './mapping';
export { CLOUDFLARE_MAX_PER_PAGE } from './list';
export { parseCloudflareError } from './errors';
export { CloudflareConditionC, CloudflareCreateExtraC, CloudflareDeleteOptionsC, CloudflareExtraC, CloudflarePatchExtraC, CloudflarePolicyC, CloudflareTokenC } from './codecs';
export type { CloudflareCondition, CloudflareCreateExtra, CloudflareDeleteOptions, CloudflareExtra, CloudflarePatchExtra, CloudflarePolicy, CloudflareToken, CloudflareTypes } from './codecs';
