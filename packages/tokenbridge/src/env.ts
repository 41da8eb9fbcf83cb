import {
  type AnyTokenProvider,
  type TokenManager,
  type TransportOptions,
  TokenBridgeError,
  TokenErrors,
  createTokenManager,
  credentialIssue,
  isCleartextToRemote,
} from '@tokenbridge/core';
import { datocms } from '@tokenbridge/datocms';
import { kodexa } from '@tokenbridge/kodexa';
import { softwareone } from '@tokenbridge/softwareone';

/** The vendors the environment loader knows. */
export type Vendor = 'kodexa' | 'softwareone' | 'datocms';

/** One provider configured through the environment. */
export interface EnvProvider {
  /** The manager key: the vendor, or `<vendor>-<instance>`. */
  readonly key: string;
  readonly vendor: Vendor;
  /** The base URL, when set (never the credential). */
  readonly baseUrl?: string;
  /** The variable holding the credential. */
  readonly credentialVariable: string;
  /** DatoCMS sandbox environment, when set. */
  readonly environment?: string;
  /** Set by `…_ALLOW_INSECURE_HTTP=1`: a plain-http URL to another host is accepted (test rigs only). */
  readonly allowInsecureHttp?: true;
}

interface VendorSettings {
  readonly credential: 'API_KEY' | 'API_TOKEN';
  readonly urlRequired: boolean;
  readonly settings: readonly string[];
}

const VENDORS: Readonly<Record<Vendor, VendorSettings>> = {
  kodexa: { credential: 'API_KEY', urlRequired: true, settings: ['API_KEY', 'URL', 'ALLOW_INSECURE_HTTP'] },
  softwareone: { credential: 'API_TOKEN', urlRequired: false, settings: ['API_TOKEN', 'URL', 'ALLOW_INSECURE_HTTP'] },
  datocms: { credential: 'API_TOKEN', urlRequired: false, settings: ['API_TOKEN', 'URL', 'ENVIRONMENT', 'ALLOW_INSECURE_HTTP'] },
};

// TOKENBRIDGE_<VENDOR>[__<INSTANCE>]_<SETTING>, e.g. TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN.
const VARIABLE = /^TOKENBRIDGE_(KODEXA|SOFTWAREONE|DATOCMS)(?:__([A-Z0-9]+(?:_[A-Z0-9]+)*?))?_(API_KEY|API_TOKEN|URL|ENVIRONMENT|ALLOW_INSECURE_HTTP)$/;
const VENDOR_PREFIX = /^TOKENBRIDGE_(KODEXA|SOFTWAREONE|DATOCMS)_/;

function configError(variable: string, message: string): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `${variable} ${message}`, [{ path: variable, message }]));
}

/**
 * Reads which providers the environment configures, without creating any.
 * A malformed setting throws a `Validation` {@link TokenBridgeError} naming the
 * variable and never its value.
 *
 * Variables: `TOKENBRIDGE_KODEXA_API_KEY` + `TOKENBRIDGE_KODEXA_URL`,
 * `TOKENBRIDGE_SOFTWAREONE_API_TOKEN` [+ `_URL`], `TOKENBRIDGE_DATOCMS_API_TOKEN`
 * [+ `_URL`, `_ENVIRONMENT`]. Further instances of a vendor put `__<NAME>`
 * after the vendor: `TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN` configures the
 * provider `datocms-staging`. A plain-`http:` URL to a host other than this
 * machine is refused unless `…_ALLOW_INSECURE_HTTP=1` is set too (test rigs
 * only: the credential would travel unencrypted).
 */
export function readEnv(env: Readonly<Record<string, string | undefined>>): EnvProvider[] {
  const groups = new Map<string, { vendor: Vendor; instance: string | undefined; values: Map<string, string> }>();
  for (const [variable, value] of Object.entries(env)) {
    if (value === undefined || !VENDOR_PREFIX.test(variable)) continue;
    const m = VARIABLE.exec(variable);
    const vendor = (m?.[1] ?? VENDOR_PREFIX.exec(variable)?.[1] ?? '').toLowerCase() as Vendor;
    const setting = m?.[3];
    if (!m || setting === undefined || !VENDORS[vendor].settings.includes(setting)) {
      throw configError(variable, `is not a setting tokenbridge knows; ${vendor} takes ${VENDORS[vendor].settings.map((s) => `TOKENBRIDGE_${vendor.toUpperCase()}_${s}`).join(', ')}`);
    }
    if (value.trim() === '') throw configError(variable, 'is set but empty');
    const instance = m[2];
    const key = instance ? `${vendor}-${instance.toLowerCase().replace(/_/g, '-')}` : vendor;
    const group = groups.get(key) ?? { vendor, instance, values: new Map<string, string>() };
    group.values.set(setting, value);
    groups.set(key, group);
  }

  return [...groups.entries()].map(([key, { vendor, instance, values }]) => {
    const prefix = `TOKENBRIDGE_${vendor.toUpperCase()}${instance ? `__${instance}` : ''}_`;
    const settings = VENDORS[vendor];
    const credentialVariable = prefix + settings.credential;
    const credential = values.get(settings.credential);
    if (credential === undefined) throw configError(credentialVariable, 'is missing (other settings of this provider are set)');
    const issue = credentialIssue(credential);
    if (issue !== undefined) throw configError(credentialVariable, `${issue.summary}: ${issue.fix}`);
    const url = values.get('URL');
    if (url === undefined && settings.urlRequired) throw configError(`${prefix}URL`, `is required: every ${vendor} customer has its own host`);
    if (url !== undefined && !isHttpUrl(url)) throw configError(`${prefix}URL`, 'is not an http(s) URL');
    const insecure = values.get('ALLOW_INSECURE_HTTP');
    if (insecure !== undefined && insecure !== '1') throw configError(`${prefix}ALLOW_INSECURE_HTTP`, "must be 1 when set (it allows plain http to another host; for test rigs only)");
    if (url !== undefined && insecure === undefined && isCleartextToRemote(new URL(url))) {
      throw configError(`${prefix}URL`, `uses plain http to another host, which would send the credential unencrypted; use https, or set ${prefix}ALLOW_INSECURE_HTTP=1 (for test rigs only)`);
    }
    const environment = values.get('ENVIRONMENT');
    return {
      key,
      vendor,
      credentialVariable,
      ...(url !== undefined ? { baseUrl: url } : {}),
      ...(environment !== undefined ? { environment } : {}),
      ...(insecure !== undefined ? { allowInsecureHttp: true as const } : {}),
    };
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** Creates the provider an {@link EnvProvider} describes. */
export function providerFromEnv(config: EnvProvider, env: Readonly<Record<string, string | undefined>>, transport: TransportOptions = {}): AnyTokenProvider {
  const credential = env[config.credentialVariable];
  const base = config.baseUrl !== undefined ? { baseUrl: config.baseUrl } : {};
  const options: TransportOptions = { ...transport, ...(config.allowInsecureHttp ? { allowInsecureHttp: true } : {}) };
  switch (config.vendor) {
    case 'kodexa':
      return kodexa({ ...options, apiKey: credential as string, baseUrl: config.baseUrl as string });
    case 'softwareone':
      return softwareone({ ...options, ...base, apiToken: credential as string });
    case 'datocms':
      return datocms({ ...options, ...base, apiToken: credential as string, ...(config.environment !== undefined ? { environment: config.environment } : {}) });
  }
}

/** Options of {@link fromEnv}. */
export interface FromEnvOptions {
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Transport settings for every provider (timeouts, retries, hooks). */
  readonly transport?: TransportOptions;
  /** Providers `inventory()` lists at once. */
  readonly concurrency?: number;
}

/**
 * Builds a token manager from `TOKENBRIDGE_*` environment variables (see
 * {@link readEnv}). With nothing configured the manager is empty.
 *
 * @example
 * const manager = fromEnv();
 * for await (const item of manager.inventory()) ...
 */
export function fromEnv(options: FromEnvOptions = {}): TokenManager<Record<string, AnyTokenProvider>> {
  const env = options.env ?? process.env;
  const providers: Record<string, AnyTokenProvider> = {};
  try {
    for (const config of readEnv(env)) providers[config.key] = providerFromEnv(config, env, options.transport);
  } catch (error) {
    for (const made of Object.values(providers)) void made.close();
    throw error;
  }
  return createTokenManager({ providers, ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}) });
}
