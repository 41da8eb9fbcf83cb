import { type AnyTokenProvider, type RotationJournal, type SinkResolver, type TokenManager, type TransportOptions, createTokenManager } from '@tokenbridge/core';
import { redisStore, redisUrl, withLimiterStore } from './config/limiter';
import { type ProviderConfig, checkBaseUrl, checkCredential, configError, connect } from './config/provider-config';
import { VENDOR_IDS, type VendorEntry, type VendorId, isVendorId, vendorEntry } from './registry';

/** One provider configured through the environment (its credential in `credential.env`). */
export type EnvProvider = ProviderConfig;

type Env = Readonly<Record<string, string | undefined>>;

const PREFIX = 'TOKENBRIDGE_';
/** An instance name after the vendor: `__STAGING`, `__PROD_EU`. */
const INSTANCE = /^__([A-Z0-9]+(?:_[A-Z0-9]+)*)$/;

/** The prefix of a vendor's variables, e.g. `TOKENBRIDGE_DATOCMS_`. */
function envPrefix(vendor: VendorId, instance?: string): string {
  return `${PREFIX}${vendor.toUpperCase()}${instance !== undefined ? `__${instance}` : ''}_`;
}

/** The variables that configure one provider of `vendor`. */
export interface EnvVariableNames {
  readonly credential: string;
  readonly baseUrl: string;
  readonly allowInsecureHttp: string;
  /** The vendor's own settings' variables, by option. */
  readonly settings: Readonly<Record<string, string>>;
}

/**
 * The names of the variables that configure `vendor` (its default instance,
 * or the instance `instance`, upper-case: `STAGING` configures `<vendor>-staging`).
 */
export function envVariableNames(vendor: VendorId, instance?: string): EnvVariableNames {
  const prefix = envPrefix(vendor, instance);
  const entry = vendorEntry(vendor);
  return {
    credential: `${prefix}${entry.credential.env}`,
    baseUrl: `${prefix}URL`,
    allowInsecureHttp: `${prefix}ALLOW_INSECURE_HTTP`,
    settings: Object.fromEntries(entry.settings.map((s) => [s.option, `${prefix}${s.env}`])),
  };
}

/** The setting suffixes a vendor takes: its credential, `URL`, `ALLOW_INSECURE_HTTP` and its own settings. */
function settingNames(entry: VendorEntry): string[] {
  return [entry.credential.env, 'URL', 'ALLOW_INSECURE_HTTP', ...entry.settings.map((s) => s.env)];
}

/** The variables that configure the default instance of each vendor: what a user sets first. */
export function configuringVariables(): string[] {
  return VENDOR_IDS.map((id) => {
    const names = envVariableNames(id);
    return vendorEntry(id).defaultBaseUrl === null ? `${names.credential} + ${names.baseUrl}` : names.credential;
  });
}

interface Parsed {
  readonly vendor: VendorId;
  readonly instance: string | undefined;
  readonly setting: string;
}

/** Splits `TOKENBRIDGE_<VENDOR>[__<INSTANCE>]_<SETTING>`; `undefined` for a variable that names no registered vendor. */
function parseVariable(variable: string): Parsed | undefined {
  if (!variable.startsWith(PREFIX)) return undefined;
  const rest = variable.slice(PREFIX.length);
  const vendor = rest.split('_', 1)[0]?.toLowerCase() ?? '';
  if (!isVendorId(vendor)) return undefined;
  const entry = vendorEntry(vendor);
  const tail = rest.slice(vendor.length);
  // The longest setting the variable ends with, so no setting can hide another.
  const setting = settingNames(entry)
    .filter((s) => tail.endsWith(`_${s}`))
    .sort((a, b) => b.length - a.length)[0];
  const takes = settingNames(entry).map((s) => `${envPrefix(vendor)}${s}`).join(', ');
  if (setting === undefined) throw configError(variable, `is not a setting tokenbridge knows; ${vendor} takes ${takes}`);
  const middle = tail.slice(0, tail.length - setting.length - 1);
  if (middle === '') return { vendor, instance: undefined, setting };
  const instance = INSTANCE.exec(middle)?.[1];
  if (instance === undefined) {
    const name = middle.replace(/^_+/, '');
    throw configError(
      variable,
      `is not a setting tokenbridge knows; an instance name follows two underscores: ${envPrefix(vendor, name)}${setting} configures ${vendor}-${name.toLowerCase().replace(/_/g, '-')}`,
    );
  }
  return { vendor, instance, setting };
}

/**
 * Reads which providers the environment configures, without creating any.
 * A malformed setting throws a `Validation` {@link TokenBridgeError} naming the
 * variable and never its value.
 *
 * Variables: `TOKENBRIDGE_<VENDOR>_<CREDENTIAL>` (`API_KEY` for Kodexa,
 * `API_TOKEN` elsewhere) [+ `_URL`, required for Kodexa] [+ the vendor's own
 * settings, such as `TOKENBRIDGE_DATOCMS_ENVIRONMENT`]. Further instances of a
 * vendor put `__<NAME>` after the vendor: `TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN`
 * configures the provider `datocms-staging`. A plain-`http:` URL to a host
 * other than this machine is refused unless `…_ALLOW_INSECURE_HTTP=1` is set
 * too (test rigs only: the credential would travel unencrypted).
 */
export function readEnv(env: Env): EnvProvider[] {
  const groups = new Map<string, { vendor: VendorId; instance: string | undefined; values: Map<string, string> }>();
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const parsed = parseVariable(variable);
    if (parsed === undefined) continue;
    if (value.trim() === '') throw configError(variable, 'is set but empty');
    const { vendor, instance, setting } = parsed;
    const key = instance ? `${vendor}-${instance.toLowerCase().replace(/_/g, '-')}` : vendor;
    const group = groups.get(key) ?? { vendor, instance, values: new Map<string, string>() };
    group.values.set(setting, value);
    groups.set(key, group);
  }
  return [...groups.entries()].map(([key, { vendor, instance, values }]) => {
    const prefix = envPrefix(vendor, instance);
    const entry = vendorEntry(vendor);
    const credentialVariable = prefix + entry.credential.env;
    const credential = values.get(entry.credential.env);
    if (credential === undefined) throw configError(credentialVariable, 'is missing (other settings of this provider are set)');
    checkCredential(credential, credentialVariable);
    const insecure = values.get('ALLOW_INSECURE_HTTP');
    if (insecure !== undefined && insecure !== '1') {
      throw configError(`${prefix}ALLOW_INSECURE_HTTP`, 'must be 1 when set (it allows plain http to another host; for test rigs only)');
    }
    const baseUrl = values.get('URL');
    checkBaseUrl(vendor, baseUrl, insecure !== undefined, { baseUrl: `${prefix}URL`, allowInsecureHttp: `${prefix}ALLOW_INSECURE_HTTP=1` });
    const settings = Object.fromEntries(entry.settings.filter((s) => values.has(s.env)).map((s) => [s.option, values.get(s.env) as string]));
    return {
      key,
      vendor,
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      settings,
      credential: { env: credentialVariable },
      ...(insecure !== undefined ? { allowInsecureHttp: true as const } : {}),
      origin: 'environment',
    };
  });
}

/** Creates the provider an {@link EnvProvider} describes, its credential read from `env`. */
export function providerFromEnv(config: EnvProvider, env: Env, transport: TransportOptions = {}): AnyTokenProvider {
  const variable = 'env' in config.credential ? config.credential.env : undefined;
  const credential = variable !== undefined ? env[variable] : undefined;
  if (variable === undefined || credential === undefined) throw configError(variable ?? config.key, 'is not set');
  return connect(config, credential, transport);
}

/** Options of {@link fromEnv}. */
export interface FromEnvOptions {
  /** Default `process.env`. */
  readonly env?: Env;
  /**
   * Transport settings for every provider (timeouts, retries, hooks). With
   * `TOKENBRIDGE_REDIS_URL` set and no `limiter.store` here, the providers pace
   * on that Redis, as one with every other process using it.
   */
  readonly transport?: TransportOptions;
  /** Providers `inventory()` lists at once. */
  readonly concurrency?: number;
  /** Where rotations record their steps (`fileJournal()` from `@tokenbridge/rotation`), so `resume()` survives the process. */
  readonly journal?: RotationJournal;
  /** How `resume()` rebuilds a sink from its spec (`sinkResolver()` from `@tokenbridge/rotation`). */
  readonly resolveSink?: SinkResolver;
}

/**
 * Builds a token manager from `TOKENBRIDGE_*` environment variables (see
 * {@link readEnv}). With nothing configured the manager is empty.
 * `TOKENBRIDGE_REDIS_URL` (`redis://host:6379`) shares the providers' pacing
 * with every process naming the same Redis (see `tokenbridge/redis`). `journal`
 * and `resolveSink` go to the manager as they are (see `createTokenManager`).
 *
 * @example
 * const manager = fromEnv({ journal: fileJournal(), resolveSink: sinkResolver() });
 * for await (const item of manager.inventory()) ...
 */
export function fromEnv(options: FromEnvOptions = {}): TokenManager<Record<string, AnyTokenProvider>> {
  const env = options.env ?? process.env;
  const providers: Record<string, AnyTokenProvider> = {};
  const configs = readEnv(env);
  const redis = redisUrl(env, undefined, undefined);
  const given = options.transport ?? {};
  const transport = redis !== undefined && configs.length > 0 ? withLimiterStore(given, redisStore(redis.url)) : given;
  try {
    for (const config of configs) providers[config.key] = providerFromEnv(config, env, transport);
  } catch (error) {
    for (const made of Object.values(providers)) void made.close();
    throw error;
  }
  return createTokenManager({
    providers,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.journal !== undefined ? { journal: options.journal } : {}),
    ...(options.resolveSink !== undefined ? { resolveSink: options.resolveSink } : {}),
  });
}
