import { TokenBridgeError, TokenErrors } from '../errors';
import type { ProviderId } from '../model';

/**
 * Checks of a provider's base URL: absolute http(s), no user info, and no
 * credential over cleartext HTTP to anything but this machine.
 */

/**
 * True when `hostname` (as `URL.hostname` gives it) is this machine:
 * `localhost`, 127.0.0.0/8, `::1`, or 127.0.0.0/8 mapped into IPv6.
 * `URL` has already normalised odd IPv4 spellings (`127.1`, `0x7f.0.0.1`).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (host === '[::1]') return true;
  // ::ffff:127.x.y.z, which URL writes as [::ffff:7fxx:xxxx].
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
}

/**
 * True when a request to `url` would carry the credential in cleartext over
 * the network: plain `http:` to a host that is not this machine.
 */
export function isCleartextToRemote(url: URL): boolean {
  return url.protocol === 'http:' && !isLoopbackHost(url.hostname);
}

function configError(provider: ProviderId, message: string, issue: string): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider, operation: 'configure' }, message, [{ path: 'baseUrl', message: issue }]));
}

/**
 * Parses a base URL, throwing a `Validation` {@link TokenBridgeError} on
 * `configure` naming `baseUrl` when it is not an absolute http(s) URL, holds
 * user info, or is cleartext HTTP to another host without `allowInsecureHttp`.
 * The result has no query or fragment and ends with `/`.
 */
export function parseBaseUrl(raw: string, provider: ProviderId, allowInsecureHttp = false): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(provider, 'baseUrl is not an absolute URL', 'expected an absolute http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError(provider, 'baseUrl must use http or https', 'expected http: or https:');
  if (url.username || url.password) throw configError(provider, 'baseUrl must not contain credentials', 'remove user:password@');
  if (isCleartextToRemote(url) && !allowInsecureHttp) {
    throw configError(
      provider,
      `baseUrl uses plain http to ${url.hostname}, which would send the credential unencrypted; use https, or pass allowInsecureHttp: true (for test rigs only)`,
      'expected https (plain http only to localhost, 127.0.0.0/8 or ::1, unless allowInsecureHttp is true)',
    );
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
