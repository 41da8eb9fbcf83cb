import type { Capabilities } from '@tokenbridge/core';
import { DatoCmsCreateExtraC, DatoCmsDeleteOptionsC, DatoCmsPatchExtraC } from './codecs';

/**
 * What the DatoCMS provider supports. Tokens have no description, expiry,
 * status, timestamps or version; the vendor lists every token at once, so
 * filtering, sorting and paging run on the client. The secret comes back on
 * reads only for a caller whose role may read it (the resource page: `token`
 * is null otherwise), hence `when-returned`.
 */
export const DATOCMS_CAPABILITIES: Capabilities = {
  operations: ['create', 'get', 'update', 'delete', 'list', 'regenerate'],
  create: { fields: ['name'], extra: DatoCmsCreateExtraC.keys },
  update: { fields: ['name'], extra: DatoCmsPatchExtraC.keys, style: 'replace', optimisticLocking: false },
  delete: { options: DatoCmsDeleteOptionsC.keys },
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
