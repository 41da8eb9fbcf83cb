/**
 * The types of the provider interface, for people writing their own provider
 * or code generic over providers. This entry imports nothing at run time.
 *
 * @packageDocumentation
 */
export type { Capabilities, CreateField, PatchField, SecretAvailability, Support, TokenOperation } from './capabilities';
export type {
  ConflictError,
  CancelledError,
  DecodeError,
  FieldIssue,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  OperationName,
  RateLimitedError,
  ServerError,
  TimeoutError,
  TokenError,
  TokenErrorBase,
  TokenErrorTag,
  UnauthorizedError,
  UnsupportedError,
  ValidationError,
} from './errors';
export type {
  AnyToken,
  CallOptions,
  CreateTokenInput,
  DefaultProviderTypes,
  KnownProviderId,
  KnownProviders,
  ListOrder,
  ListOrderBy,
  ListQuery,
  Page,
  ProviderId,
  ProviderTypes,
  SettableStatus,
  Token,
  TokenJson,
  TokenPatch,
  TokenStatus,
} from './model';
export type { AnyTokenProvider, CredentialCheck, DeleteOptions, InputChecks, RotationSupport, TokenProvider, TokenUsage } from './provider';
export type { Secret } from './secret';
export type { SecretDelivery, SecretSink, SinkError, SinkErrorReason, SinkResolver } from './manager/sink';
export type { DeclaredFields, Expiry, JournalEntry, JournalEntryOf, JournalError, JournalLease, JournalStep, JournaledKind, RecordedError, RevokePlan, RotationJournal } from './manager/journal';
