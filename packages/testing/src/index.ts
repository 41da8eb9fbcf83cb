// Public API of @tokenbridge/testing: the vendor simulators, their shared
// machinery's types, and the reference-page fixtures.

export { startAllSimulators, type AllSimulators, type AllSimulatorsOptions } from './all-simulators';
export {
  SIMULATORS,
  SIMULATOR_IDS,
  describeSimulator,
  startSimulator,
  type SimulatorEntry,
  type SimulatorId,
  type SimulatorOf,
  type SimulatorOptionsOf,
} from './simulators';

export type { SimulatorHandle, SimulatorOptions } from './simulator/server';
export type {
  DelayFault,
  FaultControl,
  FaultJson,
  FaultKind,
  FaultPhase,
  FaultSpec,
  FaultTarget,
  HtmlFault,
  MalformedJsonFault,
  PendingFault,
  RedirectFault,
  ResetFault,
  StatusFault,
  TrickleFault,
  TruncatedFault,
} from './simulator/faults';
export { MALFORMED_JSON_BODY } from './simulator/faults';
export type { RateLimitControl, RateLimitSettings } from './simulator/rate-limit';
export {
  CREDENTIAL_HEADERS,
  REDACTED,
  type RequestFilter,
  type RequestLog,
  type RequestLogEntry,
} from './simulator/request-log';
export { CONTROL_PREFIX } from './simulator/controls';
export {
  defaultReadings,
  describeReadings,
  optionsAffecting,
  readingCombinations,
  resolveReadings,
  type ReadingAspect,
  type ReadingOption,
  type ReadingsSpec,
} from './simulator/readings';
export { InvalidInputError } from './simulator/input';

export {
  startKodexaSimulator,
  KODEXA_DEMO_API_KEY,
  type KodexaSimulator,
  type KodexaSimulatorOptions,
} from './kodexa/simulator';
export { KODEXA_DEMO_USER_ID, type KodexaStore } from './kodexa/store';
export { KODEXA_DEFAULT_PAGE_SIZE, KODEXA_MAX_PAGE_SIZE } from './kodexa/list-query';
export { KODEXA_READINGS, type KodexaErrorForm, type KodexaReadings } from './kodexa/readings';
export { kodexaErrorBody, type KodexaErrorFacts } from './kodexa/problems';
export type {
  KodexaAccessToken,
  KodexaExceptionResponse,
  KodexaThrowableProblem,
  KodexaPage,
  KodexaProblem,
  KodexaSecretField,
  KodexaSortInfo,
  KodexaTokenSeed,
  KodexaUser,
} from './kodexa/types';

export {
  startSoftwareOneSimulator,
  SOFTWAREONE_DEMO_TOKEN,
  type SoftwareOneSimulator,
  type SoftwareOneSimulatorOptions,
} from './softwareone/simulator';
export {
  SOFTWAREONE_DEMO_ACCOUNT,
  SOFTWAREONE_DEMO_USER,
  SOFTWAREONE_MODULES,
  SOFTWAREONE_OWN_TOKEN_NAME,
  type SoftwareOneStore,
} from './softwareone/store';
export { SOFTWAREONE_DEFAULT_LIMIT, SOFTWAREONE_MAX_LIMIT } from './softwareone/routes';
export { SOFTWAREONE_READINGS, type SoftwareOneReadings } from './softwareone/readings';
export { SOFTWAREONE_MAX_DESCRIPTION, SOFTWAREONE_MAX_NAME } from './softwareone/validation';
export type {
  SoftwareOneAccount,
  SoftwareOneActor,
  SoftwareOneApiToken,
  SoftwareOneAudit,
  SoftwareOneAuditEntry,
  SoftwareOneList,
  SoftwareOneModule,
  SoftwareOneProblem,
  SoftwareOneRef,
  SoftwareOneTokenSeed,
  SoftwareOneTokenStatus,
} from './softwareone/types';

export {
  startDatoCmsSimulator,
  DATOCMS_DEMO_API_TOKEN,
  DATOCMS_RATE_LIMIT,
  type DatoCmsSimulator,
  type DatoCmsSimulatorOptions,
} from './datocms/simulator';
export { DATOCMS_ADMIN_TYPE, DATOCMS_READONLY_TYPE, type DatoCmsStore } from './datocms/store';
export { DATOCMS_API_VERSION } from './datocms/routes';
export { DATOCMS_READINGS, type DatoCmsReadings } from './datocms/readings';
export { datoCmsErrorBody, datoCmsTransientFault } from './datocms/errors';
export type {
  DatoCmsAccessBucket,
  DatoCmsAccessToken,
  DatoCmsApiError,
  DatoCmsDestinationType,
  DatoCmsDocument,
  DatoCmsOwner,
  DatoCmsRole,
  DatoCmsRoleRef,
  DatoCmsRoleSeed,
  DatoCmsTokenSeed,
} from './datocms/types';

// Named one by one (not `export *`): Node's ES loader sees only names it can find in the compiled module.
export {
  startCloudflareSimulator,
  CLOUDFLARE_DEMO_API_TOKEN,
  CLOUDFLARE_TOKEN_QUOTA,
  type CloudflareSimulator,
  type CloudflareSimulatorOptions,
} from './cloudflare/simulator';
export {
  CLOUDFLARE_DEMO_ACCOUNT_ID,
  CLOUDFLARE_DEMO_USER_EMAIL,
  CLOUDFLARE_DEMO_USER_ID,
  CLOUDFLARE_OWN_TOKEN_NAME,
  type CloudflareStore,
} from './cloudflare/store';
export { CLOUDFLARE_READINGS, type CloudflareReadings, type ResolvedCloudflareReadings } from './cloudflare/readings';
export { CLOUDFLARE_RATE_LIMIT } from './cloudflare/throttle';
export { CLOUDFLARE_API_PREFIX, CLOUDFLARE_PER_PAGE, type CloudflareTokenQuota } from './cloudflare/routes';
export { CLOUDFLARE_PERMISSION_GROUPS } from './cloudflare/permission-groups';
export { CLOUDFLARE_MAX_NAME } from './cloudflare/validation';
export type {
  CloudflareCondition,
  CloudflareCreatedToken,
  CloudflareEnvelope,
  CloudflareMessage,
  CloudflareOwner,
  CloudflarePermissionGroup,
  CloudflarePermissionScope,
  CloudflarePolicy,
  CloudflarePolicyPermissionGroup,
  CloudflarePolicyResources,
  CloudflareResultInfo,
  CloudflareToken,
  CloudflareTokenSeed,
  CloudflareTokenStatus,
} from './cloudflare/types';

export {
  datoCmsUpdateExample,
  FIXTURE_NAMES,
  FIXTURES_DIR,
  kodexaCreateExample,
  kodexaUpdateExample,
  loadFixture,
  softwareOneUpdateExample,
  type DatoCmsTokenExample,
  type DatoCmsUpdateExample,
  type Fixture,
  type FixtureBodies,
  type FixtureName,
  type SoftwareOneCharacterMapArtefact,
  type SoftwareOneTokenExample,
  type SoftwareOneUpdateExample,
} from './fixtures';

// The shared TokenProvider contract suite is exported below (added by the lead).
export * from './contract';
export { fails, recordingHooks, succeeds, type Recorder } from './results';

export { hasRedisServer, redisTestsEnabled, startRedisServer, type RedisServer } from './redis-server';
export { bundleForNode } from './bundle';
