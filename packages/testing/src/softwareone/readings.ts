import type { ReadingsSpec } from '../simulator/readings';

/** Where SoftwareOne's public material reads more than one way: the simulator plays the reading chosen here. */
export interface SoftwareOneReadings {
  /** Whether answers other than create carry the `token` secret. */
  readonly tokenOnRead: 'every-answer' | 'create-only';
  /** Whether a nullable field without a value is left out or sent as `null`. */
  readonly nulls: 'omitted' | 'explicit';
  /** The status of enable on an Active token, or disable on a Disabled one. */
  readonly sameStateAction: 400 | 409;
  /** Whether create and PUT bodies may carry `extensions`. */
  readonly extensions: 'accepted' | 'rejected';
}

/** The SoftwareOne simulator's reading options, with their defaults and sources (vendor notes' labels). */
export const SOFTWAREONE_READINGS: ReadingsSpec<SoftwareOneReadings> = {
  tokenOnRead: {
    values: ['every-answer', 'create-only'],
    default: 'every-answer',
    meaning: 'the secret in every answer about the token, reads and lists included (every-answer), or in the create answer only (create-only)',
    source:
      'open question 1: the platform canon [C BR-011] (live STAGING calls) and the CLI [L] read it back on every GET; the documentation pages [D5] return it on create only. Default every-answer, as issue 13 asks.',
    aspects: ['token-body', 'listing'],
  },
  nulls: {
    values: ['omitted', 'explicit'],
    default: 'omitted',
    meaning:
      'a nullable field without a value is left out (omitted), or sent as null (explicit): description, icon, lastAccessAt, extensions, the icons of the account and of audit actors, audit.updated.at of a never-changed token, $meta.pagination.total, and the problem-details fields',
    source:
      'Data model: the platform omits null fields by convention [C preamble]; the OpenAPI [O] marks these fields nullable. Default omitted.',
    aspects: ['token-body', 'listing', 'error-body'],
  },
  sameStateAction: {
    values: [400, 409],
    default: 400,
    meaning: 'the status of enable on an Active token or disable on a Disabled one',
    source:
      'open question 5: the OpenAPI [O][D5] documents 200, 400 and 404 for the actions; the canon [C] says only that it is rejected. Default 400.',
    aspects: ['status-action'],
  },
  extensions: {
    values: ['accepted', 'rejected'],
    default: 'accepted',
    meaning: 'whether create and PUT accept `extensions` (v5, accepted) or refuse it as an unknown property (v4, rejected)',
    source:
      'open question 8: v5 [D5] has `extensions`; the v4 DTOs [O] forbid extra properties and lack it. Default accepted.',
    aspects: ['create-request', 'update-request'],
  },
};
