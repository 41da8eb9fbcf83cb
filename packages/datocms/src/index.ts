/**
 * @tokenbridge/datocms: DatoCMS API tokens (`access_token`, CMA, JSON:API)
 * behind tokenbridge's neutral `TokenProvider` interface.
 *
 * @packageDocumentation
 */
export { DATOCMS_BASE_URL, datocms } from './provider';
export type { DatoCmsOptions } from './provider';
export { DATOCMS_CAPABILITIES } from './capabilities';
export { DATOCMS_PROVIDER } from './types';
export type { DatoCmsCreateExtra, DatoCmsDeleteOptions, DatoCmsDestinationType, DatoCmsExtra, DatoCmsPatchExtra, DatoCmsTypes } from './types';
export {
  AccessTokenC,
  AccessTokenAttributesC,
  AccessTokenCollectionC,
  AccessTokenDocumentC,
  AccessTokenRelationshipsC,
  ApiErrorC,
  ApiErrorDocumentC,
  DatoCmsCreateExtraC,
  DatoCmsDeleteOptionsC,
  DatoCmsPatchExtraC,
  RoleRefC,
} from './codecs';
export type { AccessToken, ApiError, CreateAccessTokenDocument, RoleRef, UpdateAccessTokenDocument, WritableAttributes, WriteRelationships } from './codecs';
export type { DatoCmsToken } from './mapping';
