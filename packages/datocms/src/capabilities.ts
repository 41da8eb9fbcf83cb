import type { Capabilities } from '@tokenbridge/core';

const EXTRA_KEYS = ['roleId', 'canAccessCda', 'canAccessCdaPreview', 'canAccessCma'] as const;

/**
 * What the DatoCMS provider supports. Tokens have no description, expiry,
 * status, timestamps or version; the vendor lists every token at once, so
 * filtering, sorting and paging run on the client. The secret comes back on
 * reads only for a caller whose role may read it (the resource page: `token`
 * is null otherwise), hence `when-returned`.
 */
export const DATOCMS_CAPABILITIES: Capabilities = {
  operations: ['create', 'get', 'update', 'delete', 'list', 'regenerate'],
  create: { fields: ['name'], extra: EXTRA_KEYS },
  update: { fields: ['name'], extra: EXTRA_KEYS, style: 'replace', optimisticLocking: false },
  delete: { options: ['transferTo'] },
  list: {
    paging: 'client',
    maxPageSize: 500,
    filters: { nameContains: 'client', status: 'client' },
    orderBy: { name: 'client', createdAt: 'none' },
  },
  secretOnCreate: 'always',
  secretOnRead: 'when-returned',
  // The vendor publishes no bound; this one is inferred (a typical string column) and enforced before sending.
  limits: { nameMaxLength: 255 },
};
