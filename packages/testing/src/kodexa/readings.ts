import type { ReadingsSpec } from '../simulator/readings';
import type { KodexaSecretField } from './types';

/** The forms a Kodexa error answer takes (see {@link KODEXA_READINGS}). */
export type KodexaErrorForm = 'problem-details' | 'exception-response' | 'legacy';

/** Where Kodexa's public material reads more than one way: the simulator plays the reading chosen here. */
export interface KodexaReadings {
  /** What the first page of the `page` parameter is. */
  readonly pageBase: 0 | 1;
  /** The form of every error answer. */
  readonly errorBody: KodexaErrorForm;
  /** Where the create answer carries the secret (`null`: nowhere). */
  readonly secretField: KodexaSecretField;
  /** Whether a PUT with a stale (or no) `changeSequence` is refused with 409. */
  readonly changeSequence: 'enforced' | 'ignored';
}

/** The Kodexa simulator's reading options, with their defaults and sources (vendor notes' labels). */
export const KODEXA_READINGS: ReadingsSpec<KodexaReadings> = {
  pageBase: {
    values: [1, 0],
    default: 1,
    meaning: 'page=1 is the first page (1), or page=0 is (0)',
    source:
      'open question 3: the generated reference pages [D3], the Python SDK and the legacy QueryContext [P] say 1-based; the API introduction [D2] says 0-based. Default 1, the majority.',
    aspects: ['listing'],
  },
  errorBody: {
    values: ['problem-details', 'exception-response', 'legacy'],
    default: 'problem-details',
    meaning:
      "RFC 9457 problem details with an errors map of strings (problem-details); the legacy ExceptionResponse, whose errors map holds objects, for every error (exception-response); the legacy spec's mix: ExceptionResponse, with a Zalando ThrowableProblem on 401 and 403 (legacy)",
    source:
      'Errors: the v2 API answers problem details [K]; the legacy spec [P] has ExceptionResponse on 400/404 and ThrowableProblem on 401/403. Default: the v2 form.',
    aspects: ['error-body'],
  },
  secretField: {
    values: ['token', null, 'apiKey', 'key', 'secret'],
    default: 'token',
    meaning: 'the field of the create answer that carries the new secret, or none at all',
    source:
      'open question 1: the legacy schema [P] has `token`; the current schema [D1] lists no secret field; `apiKey`, `key` and `secret` are the names the notes read defensively. Default `token`.',
    aspects: ['create-answer'],
  },
  changeSequence: {
    values: ['enforced', 'ignored'],
    default: 'enforced',
    meaning: 'whether a PUT whose changeSequence is not the stored one gets 409 (enforced) or silently wins (ignored)',
    source:
      'open question 2: [D1] calls changeSequence optimistic locking and the 7.4 SDK handles 409 [P], but no source shows the server refusing a stale one. Default enforced.',
    aspects: ['locking'],
  },
};
