import * as t from 'io-ts';
import { IsoDateTime, nullable, strict } from '@tokenbridge/core';
import { noFields } from '@tokenbridge/core/adapter';

/**
 * io-ts codecs of the SoftwareOne Marketplace wire format
 * (`/public/v1/accounts/api-tokens`). The vendor omits null and empty fields
 * rather than sending null, so every field but `id` is optional; and every
 * field its OpenAPI marks nullable (`description`, `icon`, `lastAccessAt`,
 * `extensions`, `audit.*.at`, the `icon` of accounts and audit actors,
 * `$meta.pagination.total`) also decodes a null. Unknown fields are kept
 * (io-ts `t.type` passes them through), dates are checked but stay strings.
 */


/** `ACC-NNNN-NNNN`, the form of an account id. */
export const SOFTWAREONE_ACCOUNT_ID_PATTERN = /^ACC-\d{4}-\d{4}$/;
/** `MOD-NNNN`, the form of a module id. */
export const SOFTWAREONE_MODULE_ID_PATTERN = /^MOD-\d{4}$/;

/** A user (`USR-…`) or API token (`TKN-…`) named in an audit entry, optionally with the account it acted for. */
export const ActorC = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({ name: t.string, icon: nullable(t.string), of: t.intersection([t.type({ id: t.string }), t.partial({ name: t.string })]) }),
  ],
  'SoftwareOneActor',
);

/**
 * What the GitBook reference page shows for `audit.*.by`: its circular `$ref`
 * rendered as the string `"[Circular Reference]"` exploded into
 * `{"0":"[","1":"C",…}`. Never sent by the API; accepted so the documented
 * example decodes.
 */
export const CharacterMapArtefactC = t.refinement(
  t.record(t.string, t.string),
  (record) => Object.keys(record).every((key) => /^\d+$/.test(key)),
  'CharacterMapArtefact',
);

/** One audit entry: when, and by whom. */
export const AuditEntryC = t.partial({ at: nullable(IsoDateTime), by: t.union([ActorC, CharacterMapArtefactC]) }, 'SoftwareOneAuditEntry');

/** The token's audit, returned only when asked for with `select=+audit`. */
export const AuditC = t.partial({ created: AuditEntryC, updated: AuditEntryC }, 'SoftwareOneAudit');

/** The owning account as embedded in a token. */
export const AccountC = t.intersection(
  [t.type({ id: t.string }), t.partial({ name: t.string, type: t.string, status: t.string, icon: nullable(t.string) })],
  'SoftwareOneAccount',
);

/** A module as embedded in a token; its `filters` and `settings` are the platform's own. */
export const ModuleC = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({
      name: t.string,
      description: t.string,
      filters: t.record(t.string, t.array(t.string)),
      settings: t.partial({
        sharedAccount: t.boolean,
        configurable: t.boolean,
        default: t.boolean,
        paid: t.boolean,
        type: t.array(t.string),
      }),
    }),
  ],
  'SoftwareOneModule',
);

/** A reference by id (`extensions` items, request bodies). */
export const RefC = t.type({ id: t.string }, 'SoftwareOneRef');

/** `$meta` of a token: the fields left out of this answer. */
export const TokenMetaC = t.partial({ omitted: t.array(t.string) }, 'SoftwareOneTokenMeta');

/** An API token as the vendor sends it. `token` is the secret (on create, and perhaps on reads). */
export const SoftwareOneApiTokenC = t.intersection(
  [
    t.type({ id: t.string }),
    t.partial({
      status: t.string,
      name: t.string,
      description: nullable(t.string),
      icon: nullable(t.string),
      lastAccessAt: nullable(IsoDateTime),
      token: t.string,
      revision: t.number,
      account: AccountC,
      modules: t.array(ModuleC),
      extensions: nullable(t.array(RefC)),
      audit: AuditC,
      $meta: TokenMetaC,
      href: t.string,
    }),
  ],
  'SoftwareOneApiToken',
);
/** An API token as decoded by {@link SoftwareOneApiTokenC}. */
export type SoftwareOneApiToken = t.TypeOf<typeof SoftwareOneApiTokenC>;

/** `$meta.pagination` of a collection answer; `total` may be absent or null. */
export const PaginationC = t.partial({ offset: t.number, limit: t.number, total: nullable(t.number) }, 'SoftwareOnePagination');

/** The collection envelope `{ $meta: { pagination, omitted }, data }`. */
export const SoftwareOneApiTokenListC = t.intersection(
  [t.type({ data: t.array(SoftwareOneApiTokenC) }), t.partial({ $meta: t.partial({ pagination: PaginationC, omitted: t.array(t.string) }) })],
  'SoftwareOneApiTokenList',
);
/** A collection answer as decoded by {@link SoftwareOneApiTokenListC}. */
export type SoftwareOneApiTokenList = t.TypeOf<typeof SoftwareOneApiTokenListC>;

/** One item of the list form of a problem's `errors`. The OpenAPI marks every ProblemDetails field nullable. */
export const ProblemItemC = t.intersection(
  [t.type({ message: nullable(t.string) }), t.partial({ properties: nullable(t.array(t.string)), id: nullable(t.string), parameters: t.unknown })],
  'SoftwareOneProblemItem',
);

/** A problem's `errors`: a field → messages map (ASP.NET validation form) or a list of items. */
export const ProblemErrorsC = t.union([t.record(t.string, nullable(t.array(t.string))), t.array(ProblemItemC)], 'SoftwareOneProblemErrors');

/** The RFC 7807 fields of an error body, without `errors`; each may be null (the OpenAPI marks them nullable). */
export const ProblemHeadC = t.partial(
  {
    type: nullable(t.string),
    title: nullable(t.string),
    status: nullable(t.number),
    detail: nullable(t.string),
    instance: nullable(t.string),
    traceId: nullable(t.string),
  },
  'SoftwareOneProblemHead',
);

/**
 * An error body (RFC 7807 / 9457 with the platform's `traceId` and
 * `errors`), as documented. The adapter's parser reads any body as far as it
 * goes (see `parseSoftwareOneError`).
 */
export const SoftwareOneProblemC = t.intersection([ProblemHeadC, t.partial({ errors: nullable(ProblemErrorsC) })], 'SoftwareOneProblem');
/** An error body as decoded by {@link SoftwareOneProblemC}. */
export type SoftwareOneProblem = t.TypeOf<typeof SoftwareOneProblemC>;

const pattern = (regex: RegExp, name: string) => t.refinement(t.string, (s) => regex.test(s), name);
const AccountIdC = pattern(SOFTWAREONE_ACCOUNT_ID_PATTERN, 'AccountId (ACC-NNNN-NNNN)');
const ModuleIdC = pattern(SOFTWAREONE_MODULE_ID_PATTERN, 'ModuleId (MOD-NNNN)');
const ExtensionIdC = t.refinement(t.string, (s) => s.trim() !== '', 'ExtensionId (non-empty)');

/** Strict codec of the vendor attributes `create` accepts in `extra` (an unknown key is a `Validation` error). */
export const SoftwareOneCreateExtraC = strict(
  t.partial({
    /** The owning account `ACC-NNNN-NNNN`; derived from the credential's own token when left out. */
    accountId: AccountIdC,
    /** Module ids `MOD-NNNN` to grant. */
    moduleIds: t.array(ModuleIdC),
    /** A relative path or URL of the token's icon. */
    icon: t.string,
    /** Extension ids the token may act for (left out: any extension). */
    extensions: t.array(ExtensionIdC),
  }),
  'SoftwareOneCreateExtra',
);

/** Strict codec of the vendor attributes `update` accepts in `extra`. */
export const SoftwareOnePatchExtraC = strict(
  t.partial({
    /** The complete desired module list (it replaces the current one); `[]` removes every module. */
    moduleIds: t.array(ModuleIdC),
    /** A new icon, or `null` to clear it. */
    icon: nullable(t.string),
    /** The complete desired extension list. */
    extensions: t.array(ExtensionIdC),
  }),
  'SoftwareOnePatchExtra',
);

/** Codec of the delete options: none beyond the common call options. */
export const SoftwareOneDeleteOptionsC = noFields('SoftwareOneDeleteOptions');
