import type { QueryInput } from './request';

/**
 * Request URLs: the base URL, a path template with its parameters, and the
 * query, built as a string (the hot path parses no URL).
 */

/** What every request URL starts with: the base URL without its trailing `/` (path templates begin with `/`). */
export function urlPrefix(baseUrl: URL): string {
  return baseUrl.origin + baseUrl.pathname.replace(/\/$/, '');
}

// Characters a query may hold as they are; anything else goes through URL's own encoding.
const PLAIN_QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;

/**
 * Joins `prefix` (see {@link urlPrefix}), a path template with URL-encoded
 * params, and the query. Throws on a template slot without a value: an adapter bug.
 */
export function buildUrl(prefix: string, template: string, params: Readonly<Record<string, string>> = {}, query?: QueryInput): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  let search = '';
  if (typeof query === 'string') {
    search = query === '' ? '' : PLAIN_QUERY.test(query) ? `?${query.replace(/^\?/, '')}` : new URL(`http://x/?${query.replace(/^\?/, '')}`).search;
  } else if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
    const text = params.toString();
    search = text === '' ? '' : `?${text}`;
  }
  return prefix + path + search;
}

/** Where a redirect answer points (its `Location`, resolved against `from`), or `undefined` when it names nothing usable. */
export function redirectTarget(from: URL, headers: Readonly<Record<string, string>>): URL | undefined {
  const location = headers['location'];
  if (!location) return undefined;
  try {
    return new URL(location, from);
  } catch {
    return undefined;
  }
}
