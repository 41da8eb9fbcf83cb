/**
 * @tokenbridge/softwareone: the SoftwareOne Marketplace Platform API-token
 * adapter (`/public/v1/accounts/api-tokens`) for tokenbridge.
 *
 * @packageDocumentation
 */
export { softwareone, SOFTWAREONE_BASE_URL, SOFTWAREONE_DEFAULT_LIMITER, SOFTWAREONE_SECRET_PATTERN } from './provider';
export type { SoftwareOneOptions } from './provider';
export { SOFTWAREONE_CAPABILITIES } from './capabilities';
export type {
  SoftwareOneAccountRef,
  SoftwareOneCreateExtra,
  SoftwareOneExtra,
  SoftwareOneModuleRef,
  SoftwareOnePatchExtra,
  SoftwareOneTypes,
} from './types';
export {
  SOFTWAREONE_ACCOUNT_ID_PATTERN,
  SOFTWAREONE_MODULE_ID_PATTERN,
  SoftwareOneApiTokenC,
  SoftwareOneApiTokenListC,
  SoftwareOneProblemC,
  SoftwareOneCreateExtraC,
  SoftwareOnePatchExtraC,
} from './codecs';
export type { SoftwareOneApiToken, SoftwareOneApiTokenList, SoftwareOneProblem } from './codecs';
export { parseSoftwareOneError } from './errors';
export type { SoftwareOneToken } from './mapping';
