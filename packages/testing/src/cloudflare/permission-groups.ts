import type { CloudflarePermissionGroup } from './types';

const USER = 'com.cloudflare.api.user';
const ACCOUNT = 'com.cloudflare.api.account';
const ZONE = 'com.cloudflare.api.account.zone';
const R2_BUCKET = 'com.cloudflare.edge.r2.bucket';

/**
 * The permission groups the simulator knows: a small part of Cloudflare's
 * catalogue, with the ids public examples use (Account API Tokens Write's id
 * is from a single source).
 */
export const CLOUDFLARE_PERMISSION_GROUPS: readonly CloudflarePermissionGroup[] = [
  { id: '0cc3a61731504c89b99ec1be78b77aa0', name: 'API Tokens Read', scopes: [USER], category: 'account_and_billing', is_selectable: true },
  { id: '686d18d5ac6c441c867cbf6771e58a0a', name: 'API Tokens Write', scopes: [USER], category: 'account_and_billing', is_selectable: true },
  { id: 'eb56a6953c034b9d97dd838155666f06', name: 'Account API Tokens Read', scopes: [ACCOUNT], category: 'account_and_billing', is_selectable: true },
  { id: '5bc3f8b21c554832afc660159ab75fa4', name: 'Account API Tokens Write', scopes: [ACCOUNT], category: 'account_and_billing', is_selectable: true },
  { id: 'c1fde68c7bcc44588cbb6ddbc16d6480', name: 'Account Settings Read', scopes: [ACCOUNT], category: 'account_and_billing', is_selectable: true },
  { id: 'e086da7e2179491d91ee5f35b3ca210a', name: 'Workers Scripts Write', scopes: [ACCOUNT], category: 'developer_platform', is_selectable: true },
  { id: 'c8fed203ed3043cba015a93ad1616f1f', name: 'Zone Read', scopes: [ZONE], category: 'dns_and_zones', is_selectable: true },
  { id: 'e6d2666161e84845a636613608cee8d5', name: 'Zone Write', scopes: [ZONE], category: 'dns_and_zones', is_selectable: true },
  { id: '82e64a83756745bbbb1c9c2701bf816b', name: 'DNS Read', scopes: [ZONE], category: 'dns_and_zones', is_selectable: true },
  { id: '4755a26eedb94da69e1066d98aa820be', name: 'DNS Write', scopes: [ZONE], category: 'dns_and_zones', is_selectable: true },
  { id: '6a018a9f2fc74eb6b293b0c548f38b39', name: 'Workers R2 Storage Bucket Item Read', scopes: [R2_BUCKET], category: 'developer_platform', is_selectable: true },
  { id: '2efd5506f9c8494dacb1fa10a3e7d5b6', name: 'Workers R2 Storage Bucket Item Write', scopes: [R2_BUCKET], category: 'developer_platform', is_selectable: true },
];

const BY_ID = new Map(CLOUDFLARE_PERMISSION_GROUPS.map((group) => [group.id, group]));

/** Ids of the groups the simulator's permission checks use. */
export const TOKEN_PERMISSIONS = {
  user: { read: '0cc3a61731504c89b99ec1be78b77aa0', write: '686d18d5ac6c441c867cbf6771e58a0a' },
  account: { read: 'eb56a6953c034b9d97dd838155666f06', write: '5bc3f8b21c554832afc660159ab75fa4' },
} as const;

/** Id of Zone Read, which generated tokens are given. */
export const ZONE_READ_GROUP_ID = 'c8fed203ed3043cba015a93ad1616f1f';

/** The group with this id, or undefined. */
export function permissionGroup(id: string): CloudflarePermissionGroup | undefined {
  return BY_ID.get(id);
}

/** Whether a token of this owner may hold the group: account-owned tokens cannot act as a user. */
export function groupAllowedFor(group: CloudflarePermissionGroup, owner: 'user' | 'account'): boolean {
  return owner === 'user' || !group.scopes.includes(USER);
}

/**
 * The groups a list endpoint offers (every group under `/user/tokens`, all
 * but user-scoped ones under `/accounts/{id}/tokens`), filtered by exact
 * `name` and by `scope` when given.
 */
export function listPermissionGroups(
  owner: 'user' | 'account',
  filter: { readonly name?: string; readonly scope?: string },
): CloudflarePermissionGroup[] {
  return CLOUDFLARE_PERMISSION_GROUPS.filter(
    (group) =>
      groupAllowedFor(group, owner) &&
      (filter.name === undefined || group.name === filter.name) &&
      (filter.scope === undefined || (group.scopes as readonly string[]).includes(filter.scope)),
  );
}
