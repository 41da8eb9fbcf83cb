import { type AnyTokenProvider, type TransportOptions, TokenBridgeError, TokenErrors, credentialIssue, isCleartextToRemote } from '@tokenbridge/core';
import { type VendorId, vendorEntry } from '../registry';

/**
 * Where a provider's credential comes from: an environment variable, or a
 * command run without a shell whose standard output is the secret. Never the
 * secret itself: configuration is read, printed and committed.
 */
export type CredentialSource = { readonly env: string } | { readonly command: readonly string[] };

/** One configured provider, before its credential is read. */
export interface ProviderConfig {
  /** The manager key: the name commands take (`datocms`, `dato-prod`...). */
  readonly key: string;
  readonly vendor: VendorId;
  /** The base URL, when set; otherwise the vendor's default. */
  readonly baseUrl?: string;
  /** Vendor settings (such as DatoCMS's `environment`), by option. */
  readonly settings: Readonly<Record<string, string>>;
  readonly credential: CredentialSource;
  /** Set by `…_ALLOW_INSECURE_HTTP=1` or `allowInsecureHttp: true`: a plain-http URL to another host is accepted (test rigs only). */
  readonly allowInsecureHttp?: true;
  /** The config file's `prune: true`: `plan` deletes the provider's undeclared tokens that tokenbridge made. */
  readonly prune?: true;
  /** Where it was configured: `environment`, or the config file's path. */
  readonly origin: string;
}

/** A configuration mistake: a `Validation` error on `configure` naming `where` (a variable or a file's field), never a value. */
export function configError(where: string, message: string): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `${where} ${message}`, [{ path: where, message }]));
}

/** How to name each part of a provider's configuration in an error. */
export interface ConfigNames {
  readonly baseUrl: string;
  readonly allowInsecureHttp: string;
}

/** Checks a provider's base URL against its vendor and the plain-http rule, throwing a {@link configError}. */
export function checkBaseUrl(vendor: VendorId, baseUrl: string | undefined, allowInsecureHttp: boolean, names: ConfigNames): void {
  if (baseUrl === undefined) {
    if (vendorEntry(vendor).defaultBaseUrl === null) throw configError(names.baseUrl, `is required: every ${vendor} customer has its own host`);
    return;
  }
  const url = httpUrl(baseUrl);
  if (url === undefined) throw configError(names.baseUrl, 'is not an http(s) URL without user info');
  if (!allowInsecureHttp && isCleartextToRemote(url)) {
    throw configError(
      names.baseUrl,
      `uses plain http to another host, which would send the credential unencrypted; use https, or set ${names.allowInsecureHttp} (for test rigs only)`,
    );
  }
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Checks a credential's value, throwing a {@link configError} naming `where` (never the value). */
export function checkCredential(value: string, where: string): void {
  const issue = credentialIssue(value);
  if (issue !== undefined) throw configError(where, `${issue.summary}: ${issue.fix}`);
}

/** Makes the provider `config` describes, with its credential's value. */
export function connect(config: ProviderConfig, credential: string, transport: TransportOptions = {}): AnyTokenProvider {
  return vendorEntry(config.vendor).connect({
    credential,
    ...(config.baseUrl !== undefined ? { baseUrl: config.baseUrl } : {}),
    settings: config.settings,
    transport: { ...transport, ...(config.allowInsecureHttp ? { allowInsecureHttp: true } : {}) },
  });
}

/** How the credential of `config` is given, for people: `env NAME` or `command op read …`. */
export function describeCredential(source: CredentialSource): string {
  return 'env' in source ? `env ${source.env}` : `command ${source.command.join(' ')}`;
}
