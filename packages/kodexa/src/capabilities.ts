import type { Capabilities } from '@tokenbridge/core';
import { KodexaCreateExtraC, KodexaDeleteOptionsC, KodexaPatchExtraC } from './codecs';

/** The longest page the adapter asks for: [D2] documents 100 (the kdx notes say 1000; the lower bound is the safe one). */
export const KODEXA_MAX_PAGE_SIZE = 100;

/**
 * What the Kodexa adapter supports.
 *
 * - No `regenerate`: Kodexa has no per-token regenerate endpoint (rotate by
 *   creating a replacement and deleting the old token).
 * - No `description` and no `status` in writes: the AccessToken has neither
 *   field. Status is derived from `expiresAt`, so the status filter runs on
 *   the client.
 * - `nameMaxLength` 255 is an inferred, conservative bound (a default JPA
 *   string column); Kodexa documents none.
 */
export const KODEXA_CAPABILITIES: Capabilities = {
  operations: ['create', 'get', 'update', 'delete', 'list'],
  create: { fields: ['name', 'expiresAt'], extra: KodexaCreateExtraC.keys },
  update: { fields: ['name', 'expiresAt'], extra: KodexaPatchExtraC.keys, style: 'replace', optimisticLocking: true },
  delete: { options: KodexaDeleteOptionsC.keys },
  list: {
    paging: 'server',
    maxPageSize: KODEXA_MAX_PAGE_SIZE,
    filters: { nameContains: 'server', status: 'client' },
    orderBy: { name: 'server', createdAt: 'server' },
  },
  secretOnCreate: 'when-returned',
  secretOnRead: 'never',
  limits: { nameMaxLength: 255 },
};
