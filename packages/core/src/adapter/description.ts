import type * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import type { Capabilities } from '../capabilities';
import type { AdapterOperations } from '../define-provider';
import type { ErrorContext, TokenError } from '../errors';
import type { ProviderId, ProviderTypes, Token } from '../model';
import type { RotationSupport, TokenProvider } from '../provider';
import type { Secret } from '../secret';
import type { QueryInput } from '../transport/request';
import type { OperationContext, TransportConfig, TransportOptions } from '../transport/transport';
import type { FieldCodecs, TokenCodec, TokenRequest } from './token-codec';
import type { TaskEither } from 'fp-ts/TaskEither';

/** The vendor's token resource: `collection` lists and creates, `item` (with an `{id}` slot) reads, writes and deletes. */
export interface ResourcePaths {
  readonly collection: string;
  readonly item: string;
  /** Query sent with every read of one token (such as `select=+audit`, where the vendor leaves fields out unless asked). */
  readonly readQuery?: QueryInput;
}

/** What a factory was given, checked: the credential and the adapter's own settings. */
export interface FactoryContext<O> {
  readonly credential: Secret;
  /** The values of the declared {@link AdapterDescription.settings}, as their parsers returned them. */
  readonly settings: Readonly<Partial<O>>;
}

/** What the kit hands an adapter's own operations. */
export interface AdapterKit<S extends ProviderTypes, O> extends FactoryContext<O> {
  readonly provider: ProviderId;
  readonly paths: ResourcePaths;
  /** The transport's clock. */
  now(): number;
  /** `GET` of the item, mapped by the description's token codec. */
  readToken(op: OperationContext, id: string): TaskEither<TokenError, Token<S['extra']>>;
  /** Sends a request whose answer is one token (the description's token codec reads it). */
  sendForToken(op: OperationContext, request: TokenRequest): TaskEither<TokenError, Token<S['extra']>>;
}

/** The request of a cheap authenticated read, made with the credential being checked. */
export interface CredentialProbe {
  readonly path: string;
  readonly params?: Readonly<Record<string, string>>;
  /** A codec the answer must pass; without one the body is ignored. */
  readonly response?: t.Decoder<unknown, unknown>;
  /**
   * Why a 2xx answer (decoded by `response`) still refuses the credential —
   * a vendor that describes a disabled or expired token instead of rejecting
   * it — or `undefined` when it accepts it. A refusal is `Unauthorized`.
   */
  readonly refused?: (answer: unknown) => string | undefined;
}

/** How a new secret is checked: one read with it, and which refusal still means "it authenticates". */
export interface CredentialCheckDescription {
  /** The read, or a function of the secret and the settings (a `Left` refuses the secret before anything is sent). */
  readonly probe: CredentialProbe | ((secret: Secret, ctx: ErrorContext, settings: Readonly<Record<string, unknown>>) => E.Either<TokenError, CredentialProbe>);
  /** Why `error` still shows an accepted credential (reported as `unverified`), or `undefined` for a real failure. */
  readonly unverified?: (error: TokenError) => string | undefined;
}

/** The operations an adapter writes itself; `get` and `delete` default to the kit's (see {@link AdapterDescription}). */
export type VendorOperations<S extends ProviderTypes> = Omit<AdapterOperations<S>, 'get' | 'delete'> & Partial<Pick<AdapterOperations<S>, 'get' | 'delete'>>;

/**
 * An adapter's factory. Declare an adapter's exported factory with this type
 * (`export const acme: AdapterFactory<AcmeOptions, AcmeTypes> = defineAdapter(…)`):
 * the vendor registry's types depend on it, and an inferred one would be circular.
 */
export type AdapterFactory<O extends TransportOptions, S extends ProviderTypes> = (options: O) => TokenProvider<S>;

/** Everything about a vendor that is configuration rather than code. */
export interface AdapterDescription<S extends ProviderTypes, O extends TransportOptions> {
  readonly provider: ProviderId;
  readonly capabilities: Capabilities;
  /** The factory option holding the credential (`apiKey`, `apiToken`...). */
  readonly credentialOption: keyof O & string;
  /** Absent: every customer has its own host, and `baseUrl` is required. */
  readonly defaultBaseUrl?: string;
  /** Auth scheme, default limiter, error parser and the vendor's other transport facts. */
  readonly transport: Omit<TransportConfig, 'provider' | 'baseUrl' | 'credential' | 'options' | 'vendorHeaders'>;
  /** Headers on every request; a function of the settings where one sets a header. */
  readonly vendorHeaders?: Readonly<Record<string, string>> | ((settings: Readonly<Partial<O>>) => Readonly<Record<string, string>>);
  /**
   * Factory options of the adapter's own beyond credential and base URL, each
   * with a parser that returns the checked value or throws a `TokenBridgeError`.
   */
  readonly settings?: { readonly [K in keyof O]?: (value: unknown) => O[K] };
  /** The token resource; a function of the settings where one chooses it (an owner's collection). */
  readonly paths: ResourcePaths | ((settings: Readonly<Partial<O>>) => ResourcePaths);
  readonly codecs: FieldCodecs<S['createExtra'], S['patchExtra'], Partial<S['deleteOptions']>>;
  /** The single-token answer ({@link tokenCodec}). */
  readonly token: TokenCodec<S['extra']>;
  /** The query of the kit's `DELETE` of the item, from the validated delete options. */
  readonly deleteQuery?: (options: Partial<S['deleteOptions']>) => QueryInput | undefined;
  /** Rotation by replacement, when the vendor supports it; the kit adds `verifyCredential` from `credentialCheck`. */
  readonly rotation?: Omit<RotationSupport<S>, 'verifyCredential'> & { readonly credentialCheck: CredentialCheckDescription };
  readonly usageOf?: TokenProvider<S>['usageOf'];
  /** The adapter's own operations: update semantics, create bodies, list paging. */
  readonly operations: (kit: AdapterKit<S, O>) => VendorOperations<S>;
}
