/**
 * @tokenbridge/core: the provider-neutral token model, the `TokenProvider`
 * interface, the error union, the HTTP transport and the Promise facade.
 *
 * @packageDocumentation
 */
export * from './spec';
export { Secret, REDACTED_TEXT } from './secret';
export { TokenBridgeError, TokenErrors, errorOfTag, isTokenError } from './errors';
export type { ErrorContext, ErrorDetails, ErrorOfTag, TagFields } from './errors';
export { CapabilitiesC, TOKEN_OPERATIONS, supports } from './capabilities';
export {
  CreateTokenInputC,
  ListQueryC,
  PageC,
  ProviderIdC,
  SettableStatusC,
  TokenJsonC,
  TokenPatchC,
  TokenStatusC,
} from './model';
export type { IsoDateTimeBrand, StrictType } from './codecs';
export { DateInput, IsoDateTime, decodeIssues, formatIssues, isIsoDateTime, nullable, strict, summarizeIssues } from './codecs';
export { errorInfo, isRecord, nonBlank, readFields, textOf } from './vendor-body';
export type { ErrorParts } from './vendor-body';
export { defineProvider } from './define-provider';
export type { AdapterOperations, ProviderDefinition } from './define-provider';
export { CONTROL_CHARACTERS, validateCallOptions, validateCreateInput, validateId, validateListQuery, validatePatch, validateTarget } from './validation';
export type { Target, ValidCreateInput, ValidPatch } from './validation';
export { decodeCursor, encodeCursor } from './cursor';
export { clientListState, clientPage, containsIgnoreCase, filterTokens, sortTokens } from './client-list';
export type { ClientListState } from './client-list';
export { listAll } from './list-all';
export type { Listable } from './list-all';
export { runOrThrow, toPromise } from './promise';
export type { PromiseTokenProvider } from './promise';
export { credentialIssue, requireCredential, requireMatch, requireString } from './factory-options';
export { checkCredential } from './credential-check';
export { createTransport } from './transport/transport';
export type { OperationContext, Transport, TransportConfig, TransportOptions } from './transport/transport';
export type { AuthScheme, HttpMethod, HttpResult, QueryInput, RequestSpec, VendorErrorInfo, VendorErrorInput, VendorErrorParser } from './transport/request';
export type { ErrorEvent, LimiterEvent, RequestEvent, ResponseEvent, RetryEvent, TransportEvent, TransportEventBase, TransportHooks } from './transport/events';
export { packageOf } from './transport/user-agent';
export type { PackageInfo } from './transport/user-agent';
export { systemClock } from './transport/clock';
export type { Clock } from './transport/clock';
export { Limiter, PausedPastDeadline, UNLIMITED } from './transport/limiter';
export type { LimiterOptions, LimiterSettings } from './transport/limiter';
export { MemoryWindow, memoryStore } from './transport/limiter-store';
export type { LimiterStore, LimiterStoreEvent, LimiterWindow, WindowContext, WindowOptions, WindowTake } from './transport/limiter-store';
export { DEFAULT_RETRY, RETRYABLE_STATUSES, backoffDelay } from './transport/retry-policy';
export type { RetryOptions } from './transport/retry-policy';
export { MAX_HEADER_WAIT_MS, parseRemaining, parseResetHeader, parseRetryAfter } from './transport/retry-after';
export { isCleartextToRemote, isLoopbackHost } from './transport/base-url';
export type { ResetHeaderKind } from './transport/retry-after';
export { createTokenManager } from './manager/manager';
export type {
  AuditFinding,
  ExpiringToken,
  InventoryItem,
  InventoryOptions,
  ProviderMap,
  Report,
  TokenManager,
  TokenManagerOptions,
  TokenRef,
  TypesOf,
} from './manager/manager';
export { DEFAULT_MAX_WAIT, RotationError, RotationIoError, replacementExpiry } from './manager/rotate';
export type {
  PendingRevocation,
  RevokeHow,
  RevokeOld,
  RotateOptions,
  RotationFailure,
  RotationResult,
  RotationStage,
  RotationStrategy,
  Verification,
} from './manager/rotate';
export { CALLER_SINK } from './manager/rotation-plan';
export type { ResumeOptions, ResumeReport, ResumedRotation } from './manager/rotation-resume';
export { DeclaredFieldsC, ExpiryC, JournalEntryC, JournaledKindC, RecordedErrorC, RevokePlanC, decodeJournalEntry, recordError } from './manager/journal';
export { lockQueue, memoryJournal } from './manager/memory-journal';
export { rotationStates } from './manager/rotation-state';
export type { RotationPhase, RotationState } from './manager/rotation-state';
export { ADOPTED_ID, isRotationId, markName, parseMarkedName } from './manager/marker';
export type { ParsedName } from './manager/marker';
export { DeclarationC, decodeDeclaration } from './manager/declaration/codec';
export type { Declaration, DeclarationInput, DeclaredToken, RotationPolicy } from './manager/declaration/codec';
export { DeclarationError, describeIssue } from './manager/declaration/issues';
export type { DeclarationIssue, EntryRef } from './manager/declaration/issues';
export { PLAN_FORMAT, PLAN_VERSION, PlanC, decodePlan } from './manager/declaration/plan-model';
export type {
  EntryState,
  FieldChange,
  ObservedToken,
  Plan,
  PlanAction,
  PlanActionKind,
  PlanEntry,
  PlanProvider,
  PlanStatus,
  RotationReason,
  UnmanagedToken,
} from './manager/declaration/plan-model';
export type { PlanOptions } from './manager/declaration/planner';
export { StalePlanError } from './manager/declaration/apply';
export type { AppliedAction, ApplyOptions, ApplyResult, PlanChange } from './manager/declaration/apply';
export { auditReasons } from './manager/audit';
export type { AuditReason, AuditReasonCode, AuditThresholds } from './manager/audit';
export { parseDuration } from './manager/duration';
export type { Duration } from './manager/duration';
export { supportMatrix } from './support-matrix';
