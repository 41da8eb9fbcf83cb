import type { ReadingsSpec } from '../simulator/readings';

/** Where DatoCMS's public material reads more than one way: the simulator plays the reading chosen here. */
export interface DatoCmsReadings {
  /** What a caller whose role cannot manage API tokens gets from reading them. */
  readonly nonManagerReads: 'token-null' | 'refused';
  /** Whether a create may name no role (`relationships.role.data: null`). */
  readonly nullRoleOnCreate: 'rejected' | 'accepted';
}

/** The DatoCMS simulator's reading options, with their defaults and sources (vendor notes' labels). */
export const DATOCMS_READINGS: ReadingsSpec<DatoCmsReadings> = {
  nonManagerReads: {
    values: ['token-null', 'refused'],
    default: 'token-null',
    meaning:
      'a caller whose role lacks can_manage_access_tokens may list and find tokens, each with `token: null` (token-null), or is refused with 401 INSUFFICIENT_PERMISSIONS (refused); writes are refused either way',
    source:
      'open question 5: the resource page [D] types `token` as "null if the current user has no permission to read the token", and the client [C] returns it only to roles that can manage tokens; the notes infer that managing tokens needs that permission [D][U]. Default token-null, the page\'s reading.',
    aspects: ['other-callers'],
  },
  nullRoleOnCreate: {
    values: ['rejected', 'accepted'],
    default: 'rejected',
    meaning: 'a create with `role.data: null` is refused with 422 INVALID_FORMAT (rejected), or makes a role-less token (accepted)',
    source:
      'open question 4: the create page [D] types the role as ResourceLinkage or null; the official client [C] types it as required. Default rejected, the notes\' safest assumption.',
    aspects: ['create-request'],
  },
};
