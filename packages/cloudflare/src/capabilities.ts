import type { Capabilities } from '@tokenbridge/core';
import { CloudflareCreateExtraC, CloudflareDeleteOptionsC, CloudflarePatchExtraC } from './codecs';

/** The longest token name the vendor takes (API reference: `name` maxLength 120). */
export const CLOUDFLARE_MAX_NAME = 120;

/**
 * What the Cloudflare provider supports. Tokens have no description and no version (the PUT is last-write-wins: no
 * ETag or If-Match exists); status is set by the same full-replacement PUT. Lists are read whole (quotas: 50 user
 * tokens, 500 account tokens) and queried on the client; not ordered by creation, since `issued_on` has whole seconds
 * (tokens made within one tie) and the field `direction` sorts by is not documented. The value comes back on create
 * and roll only. The `extra` keys are the codecs' own.
 */
export const CLOUDFLARE_CAPABILITIES: Capabilities = {
  operations: ['create', 'get', 'update', 'delete', 'list', 'regenerate'],
  create: { fields: ['name', 'expiresAt'], extra: CloudflareCreateExtraC.keys },
  update: { fields: ['name', 'expiresAt', 'status'], extra: CloudflarePatchExtraC.keys, style: 'replace', optimisticLocking: false },
  delete: { options: CloudflareDeleteOptionsC.keys },
  list: { paging: 'client', maxPageSize: 500, filters: { nameContains: 'client', status: 'client' }, orderBy: { name: 'client', createdAt: 'none' } },
  secretOnCreate: 'always',
  secretOnRead: 'never',
  limits: { nameMaxLength: CLOUDFLARE_MAX_NAME },
};
