/**
 * The User-Agent every request sends, naming the library, the adapter and
 * Node: `tokenbridge-core/0.1.0 tokenbridge-datocms/0.1.0 node/20.19.2`, so
 * a vendor's logs and support desk can tell our traffic (and its versions)
 * apart from other clients'.
 */

/** An npm package as the User-Agent names it. */
export interface PackageInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * The name and version of a package manifest (a `package.json` read with
 * `require`, which works from the sources and from `dist/` alike, and which
 * npm always packs). Throws on a manifest without them: a packaging bug.
 */
export function packageOf(manifest: unknown): PackageInfo {
  const { name, version } = (manifest ?? {}) as { name?: unknown; version?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') throw new Error('a package.json without a name and a version');
  return { name, version };
}

// Read once at load: core's own manifest, two levels up from src/transport or dist/transport.
const CORE_PACKAGE = packageOf(require('../../package.json'));

/**
 * A package as a User-Agent product (RFC 9110 section 10.1.5): the npm name
 * without its `@` and with `-` for `/` (which a product name cannot hold),
 * then `/` and the version: `@tokenbridge/datocms` 0.1.0 is `tokenbridge-datocms/0.1.0`.
 */
export function productOf(pkg: PackageInfo): string {
  return `${pkg.name.replace(/^@/, '').replace(/\//g, '-')}/${pkg.version}`;
}

/**
 * The User-Agent of a transport: the caller's product(s) first when given
 * (the `userAgent` option), then core, the adapter's package when it names
 * one, and Node's version.
 */
export function userAgentOf(adapter: PackageInfo | undefined, prefix?: string, nodeVersion: string = process.versions.node): string {
  return [prefix, productOf(CORE_PACKAGE), adapter ? productOf(adapter) : undefined, `node/${nodeVersion}`].filter((part) => part !== undefined).join(' ');
}
