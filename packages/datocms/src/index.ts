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
  DatoCmsAccessTokenC,
  DatoCmsAccessTokenAttributesC,
  DatoCmsAccessTokenCollectionC,
  DatoCmsAccessTokenDocumentC,
  DatoCmsAccessTokenRelationshipsC,
  DatoCmsApiErrorC,
  DatoCmsApiErrorDocumentC,
  DatoCmsCreateExtraC,
  DatoCmsDeleteOptionsC,
  DatoCmsPatchExtraC,
  DatoCmsRoleRefC,
} from './codecs';
export type { DatoCmsAccessToken, DatoCmsApiError, DatoCmsCreateAccessTokenDocument, DatoCmsRoleRef, DatoCmsUpdateAccessTokenDocument, DatoCmsWritableAttributes, DatoCmsWriteRelationships } from './codecs';
export type { DatoCmsToken } from './mapping';
