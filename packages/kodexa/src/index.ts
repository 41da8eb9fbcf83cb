/**
 * @tokenbridge/kodexa: the Kodexa access-token adapter for tokenbridge.
 *
 * @packageDocumentation
 */
export { kodexa, KODEXA_DEFAULT_LIMITER } from './provider';
export type { KodexaOptions } from './provider';
export { KODEXA_CAPABILITIES, KODEXA_MAX_PAGE_SIZE } from './capabilities';
export type { KodexaCreateExtra, KodexaDeleteOptions, KodexaExtra, KodexaPatchExtra, KodexaTypes, KodexaUserSummary } from './types';
export {
  KodexaAccessTokenC,
  KodexaCreateExtraC,
  KodexaDeleteOptionsC,
  KodexaErrorBodyC,
  KodexaPageC,
  KodexaPatchExtraC,
  KodexaUserC,
} from './codecs';
export type { KodexaAccessToken, KodexaErrorBody, KodexaPage, KodexaUser } from './codecs';
export { parseKodexaError } from './errors';
