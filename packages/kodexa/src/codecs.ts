import * as t from 'io-ts';
import { IsoDateTime, nullable } from '@tokenbridge/core';
import { noFields } from '@tokenbridge/core/adapter';

/**
 * io-ts codecs of Kodexa's wire format (`/api/access-tokens`).
 *
 * Decoding is tolerant, as the vendor notes advise: only `id` is required,
 * every other field may be missing or null (a Java backend may serialise any
 * field as null), and unknown fields are kept, so a read-modify-write sends
 * back everything the server gave us. Dates are validated but kept as the
 * strings the server sent.
 */

const Str = nullable(t.string);
const Bool = nullable(t.boolean);
const Int = nullable(t.Int);
const DateTime = nullable(IsoDateTime);

/** `preferences` of a platform user. */
export const KodexaUserPreferencesC = t.partial(
  { showOnboarding: Bool, showScrollbars: Bool, showWelcomeMessage: Bool },
  'KodexaUserPreferences',
);

/** A platform user as embedded in an AccessToken (read-only) and returned by `GET /api/account/me`. */
export const KodexaUserC = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({
      active: Bool,
      bio: Str,
      businessGroup: Str,
      changeSequence: Int,
      createdOn: DateTime,
      email: Str,
      firstName: Str,
      groupsJson: Str,
      image: Str,
      isExternallyManaged: Bool,
      lastName: Str,
      preferences: nullable(KodexaUserPreferencesC),
      roles: nullable(t.partial({ roles: nullable(t.array(t.string)) })),
      rolesJson: Str,
      searchText: Str,
      showDeveloperTools: Bool,
      title: Str,
      updatedOn: DateTime,
      userStorage: nullable(t.partial({ favoriteLinks: nullable(t.array(t.partial({ link: Str }))) })),
      userType: Str,
      uuid: Str,
    }),
  ],
  'KodexaUser',
);
/** A decoded {@link KodexaUserC}. */
export type KodexaUser = t.TypeOf<typeof KodexaUserC>;

/** A Kodexa AccessToken as the server sends it. */
export const KodexaAccessTokenC = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({
      changeSequence: Int,
      createdOn: DateTime,
      /** Null: the token never expires. */
      expiresAt: DateTime,
      name: Str,
      updatedOn: DateTime,
      user: nullable(KodexaUserC),
      userId: Str,
      uuid: Str,
    }),
  ],
  'KodexaAccessToken',
);
/** A decoded {@link KodexaAccessTokenC}, with any unknown fields the server sent. */
export type KodexaAccessToken = t.TypeOf<typeof KodexaAccessTokenC>;

/** Spring Data's sort descriptor. */
export const KodexaSortC = t.partial({ empty: Bool, sorted: Bool, unsorted: Bool }, 'KodexaSort');

/**
 * Spring Data's `Page` envelope of a list. Only `content` is needed; the
 * counters are optional. The adapter reads `first`, `pageable.offset` and
 * `number` to learn whether the server counts pages from 0 or 1, and
 * `last`/`totalElements` to know when the list ends.
 */
export const KodexaPageC = t.intersection(
  [
    t.type({ content: t.array(KodexaAccessTokenC) }),
    t.partial({
      totalElements: nullable(t.number),
      totalPages: nullable(t.number),
      size: nullable(t.number),
      number: nullable(t.number),
      numberOfElements: nullable(t.number),
      first: Bool,
      last: Bool,
      empty: Bool,
      sort: nullable(KodexaSortC),
      pageable: nullable(
        t.partial({
          offset: nullable(t.number),
          pageNumber: nullable(t.number),
          pageSize: nullable(t.number),
          paged: Bool,
          unpaged: Bool,
          sort: nullable(KodexaSortC),
        }),
      ),
    }),
  ],
  'KodexaPage',
);
/** A decoded {@link KodexaPageC}. */
export type KodexaPage = t.TypeOf<typeof KodexaPageC>;

/**
 * One field error: an item of the v2 API's problem list (which may carry a
 * `severity`), or an object value of the legacy `errors` map.
 */
export const KodexaErrorItemC = t.partial(
  { field: Str, path: Str, pointer: Str, message: Str, defaultMessage: Str, detail: Str, code: Str, severity: Str },
  'KodexaErrorItem',
);

/**
 * The scalar part of every Kodexa error body: the legacy `ExceptionResponse`
 * (`message`, `incidentId`, `dateTime`, `contextPath`), the Zalando
 * `ThrowableProblem` of 401/403 (`type`, `title`, `status`, `detail`,
 * `instance`, `parameters`, `message`) and the v2 API's RFC 9457 problem details.
 */
export const KodexaErrorScalarsC = t.partial(
  {
    type: Str,
    title: Str,
    status: nullable(t.number),
    detail: Str,
    instance: Str,
    message: Str,
    incidentId: Str,
    traceId: Str,
    dateTime: Str,
    contextPath: Str,
    parameters: nullable(t.UnknownRecord),
  },
  'KodexaErrorScalars',
);

/**
 * A value of the legacy `errors` map: the notes read a message string, the
 * published schema an object; a list of messages is read too.
 */
export const KodexaFieldErrorC = t.union([t.string, t.array(t.string), KodexaErrorItemC], 'KodexaFieldError');

/** The field errors of a Kodexa error body: a field → error map (legacy) or a list of items (v2). */
export const KodexaErrorIssuesC = t.partial(
  { errors: nullable(t.union([t.record(t.string, KodexaFieldErrorC), t.array(KodexaErrorItemC)])) },
  'KodexaErrorIssues',
);

/**
 * A Kodexa error body, whichever server generation sent it. The adapter's
 * parser reads any body as far as it goes (see `parseKodexaError`); this
 * codec is the documented shape.
 */
export const KodexaErrorBodyC = t.intersection([KodexaErrorScalarsC, KodexaErrorIssuesC], 'KodexaErrorBody');
/** A decoded {@link KodexaErrorBodyC}. */
export type KodexaErrorBody = t.TypeOf<typeof KodexaErrorBodyC>;

/** Kodexa takes no vendor attributes on create: any key in `extra` is rejected. */
export const KodexaCreateExtraC = noFields('KodexaCreateExtra');
/** Kodexa takes no vendor attributes on update: any key in `extra` is rejected. */
export const KodexaPatchExtraC = noFields('KodexaPatchExtra');
/** Kodexa's delete takes no options beyond the common call options. */
export const KodexaDeleteOptionsC = noFields('KodexaDeleteOptions');
