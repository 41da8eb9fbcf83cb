import * as t from 'io-ts';
import { type ProviderTypes, isIsoDateTime, nullable, strict } from '@tokenbridge/core';
import { noFields } from '@tokenbridge/core/adapter';

/*
 * Cloudflare's API-token wire format (the v4 envelope, the token, its policies and condition) and the strict codecs
 * of what callers pass in `extra`. Reads are tolerant (unknown fields kept, `status` and `effect` any string) so
 * `Token.extra` and `raw` pass on what the vendor sent; the `extra` types are the codecs' types.
 */

/** A permission group as a policy names it: only `id` is needed on input (`meta` is opaque). */
export const CloudflarePolicyGroupC = t.intersection([t.type({ id: t.string }), t.partial({ name: t.string, meta: t.UnknownRecord })], 'CloudflarePolicyGroup');

/** `{"<resource>": "*"}` or one level of nesting (`{"com.cloudflare.api.account.<id>": {"com.cloudflare.api.account.zone.*": "*"}}`). */
export const CloudflareResourcesC = t.record(t.string, t.union([t.string, t.record(t.string, t.string)]), 'CloudflareResources');

/** A policy as the vendor answers it. */
export const CloudflarePolicyC = t.type({ id: t.string, effect: t.string, resources: CloudflareResourcesC, permission_groups: t.readonlyArray(CloudflarePolicyGroupC) }, 'CloudflarePolicy');
/** A policy as read (permission groups × resources). */
export type CloudflarePolicy = t.TypeOf<typeof CloudflarePolicyC>;

/** Client IP restrictions in CIDR notation. */
export const CloudflareConditionC = t.partial({ request_ip: t.partial({ in: t.readonlyArray(t.string), not_in: t.readonlyArray(t.string) }) }, 'CloudflareCondition');
/** A token's `condition`. */
export type CloudflareCondition = t.TypeOf<typeof CloudflareConditionC>;

/** One token (get, list, update; create adds `value`). */
export const CloudflareTokenC = t.intersection(
  [
    t.type({ id: t.string, name: t.string, status: t.string, policies: t.readonlyArray(CloudflarePolicyC) }),
    t.partial({ issued_on: t.string, modified_on: t.string, last_used_on: t.string, expires_on: t.string, not_before: t.string, condition: CloudflareConditionC }),
  ],
  'CloudflareToken',
);
/** A token as the vendor sends it (never with its value). */
export type CloudflareToken = t.TypeOf<typeof CloudflareTokenC>;

/** `result_info` of a list answer (`total_pages` is not sent everywhere). */
export const CloudflareResultInfoC = t.partial({ page: t.number, per_page: t.number, count: t.number, total_count: t.number, total_pages: t.number }, 'CloudflareResultInfo');

/** The v4 success envelope around `result`. */
export const cloudflareEnvelopeC = <C extends t.Mixed>(result: C) =>
  t.intersection([t.type({ result }), t.partial({ result_info: CloudflareResultInfoC })], `CloudflareEnvelope<${result.name}>`);

/** The create answer (the token and, this once, its value), the roll's (the new value, a bare string) and verify's. */
export const CloudflareCreatedC = cloudflareEnvelopeC(t.intersection([CloudflareTokenC, t.type({ value: t.string })]));
export const CloudflareRolledC = cloudflareEnvelopeC(t.string);
export const CloudflareVerifiedC = cloudflareEnvelopeC(t.type({ id: t.string, status: t.string }));

/** One entry of the error envelope's `errors`. */
export const CloudflareApiErrorC = t.partial({ code: t.number, message: t.string, error_chain: t.readonlyArray(t.unknown) }, 'CloudflareApiError');

const DateTimeC = t.refinement(t.string, isIsoDateTime, 'IsoDateTime');
const NonEmpty = <C extends t.Mixed>(item: C) => t.refinement(t.readonlyArray(item), (items) => items.length > 0, `NonEmptyArray<${item.name}>`);
const GroupInputC = strict(t.intersection([t.type({ id: t.refinement(t.string, (s) => s.trim() !== '', 'GroupId') }), t.partial({ name: t.string, meta: t.UnknownRecord })]), 'PermissionGroupRef');
const policyInputProps = { effect: t.keyof({ allow: null, deny: null }), resources: CloudflareResourcesC, permission_groups: NonEmpty(GroupInputC) };
/** A policy on create: the vendor refuses a policy `id` there ("Reusing existing policies"). */
const NewPolicyC = strict(t.type(policyInputProps), 'CloudflareNewPolicy');
/** A policy on update: with the `id` of a policy the token keeps, or without for a new one. */
const PolicyInputC = strict(t.intersection([t.type(policyInputProps), t.partial({ id: t.string })]), 'CloudflarePolicyInput');
const ConditionInputC = strict(t.partial({ request_ip: strict(t.partial({ in: t.readonlyArray(t.string), not_in: t.readonlyArray(t.string) })) }), 'CloudflareConditionInput');

/** Strict codec of `create`'s `extra`: `policies` required, `condition` and `notBefore` (ISO-8601) optional. */
export const CloudflareCreateExtraC = strict(
  t.intersection([t.type({ policies: NonEmpty(NewPolicyC) }), t.partial({ condition: ConditionInputC, notBefore: DateTimeC })]),
  'CloudflareCreateExtra',
);
/** Strict codec of `update`'s `extra`: each key replaces the token's; `null` clears `condition` or `notBefore`. */
export const CloudflarePatchExtraC = strict(
  t.partial({ policies: NonEmpty(PolicyInputC), condition: t.union([ConditionInputC, t.null]), notBefore: t.union([DateTimeC, t.null]) }),
  'CloudflarePatchExtra',
);
/** Cloudflare's delete takes no options. */
export const CloudflareDeleteOptionsC = noFields('CloudflareDeleteOptions');

/** What `create` takes in `extra`. */
export type CloudflareCreateExtra = Readonly<t.TypeOf<typeof CloudflareCreateExtraC>>;
/** What `update` takes in `extra`; absent keys keep their value. */
export type CloudflarePatchExtra = Readonly<t.TypeOf<typeof CloudflarePatchExtraC>>;
/** Options of `delete` beyond the common call options (none). */
export type CloudflareDeleteOptions = t.TypeOf<typeof CloudflareDeleteOptionsC>;

/** What `Token.extra` holds: the policies and condition as read, and `not_before` (ISO-8601, or `null`); never the secret. */
export const CloudflareExtraC = t.type({ policies: t.readonlyArray(CloudflarePolicyC), condition: CloudflareConditionC, notBefore: nullable(t.string) }, 'CloudflareExtra');
/** `Token.extra` of a Cloudflare token. */
export type CloudflareExtra = Readonly<t.TypeOf<typeof CloudflareExtraC>>;

/** The per-provider types of the Cloudflare provider. */
export interface CloudflareTypes extends ProviderTypes {
  readonly extra: CloudflareExtra;
  readonly createExtra: CloudflareCreateExtra;
  readonly patchExtra: CloudflarePatchExtra;
  readonly deleteOptions: CloudflareDeleteOptions;
}
