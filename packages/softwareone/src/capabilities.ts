import type { Capabilities } from '@tokenbridge/core';
import { SoftwareOneCreateExtraC, SoftwareOneDeleteOptionsC, SoftwareOnePatchExtraC } from './codecs';
import { MAX_PAGE_SIZE } from './mapping';

/**
 * What the SoftwareOne provider supports. No `regenerate` (the vendor has no
 * rotate endpoint: rotation is create-then-delete) and no `expiresAt` (tokens
 * never expire); `revision` is reported as `version` but the vendor documents
 * no conditional write, so `ifVersion` is not honoured.
 */
export const SOFTWAREONE_CAPABILITIES: Capabilities = {
  operations: ['create', 'get', 'update', 'delete', 'list'],
  create: { fields: ['name', 'description'], extra: SoftwareOneCreateExtraC.keys },
  update: { fields: ['name', 'description', 'status'], extra: SoftwareOnePatchExtraC.keys, style: 'patch', optimisticLocking: false },
  delete: { options: SoftwareOneDeleteOptionsC.keys },
  list: {
    paging: 'server',
    maxPageSize: MAX_PAGE_SIZE,
    filters: { nameContains: 'server', status: 'server' },
    orderBy: { name: 'server', createdAt: 'server' },
  },
  secretOnCreate: 'always',
  // Sources disagree on whether GET and list return `token` (vendor notes, open question 1).
  secretOnRead: 'when-returned',
  limits: { nameMaxLength: 200 },
};
