/**
 * Bundles a TypeScript entry for a child process of a test: one CommonJS file
 * for Node 20, the workspace's packages read from their sources (the
 * `tokenbridge-source` condition), so each child is a plain `node` start with
 * no TypeScript compiled at start-up — what tests that spawn many processes
 * (crash tests, a fleet) need to stay fast. Needs `esbuild` (an optional peer
 * dependency), loaded only when called. Returns `outfile`.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<string> {
  // require, not import(): jest's CommonJS runtime refuses a dynamic import without a flag.
  const { build } = require('esbuild') as typeof import('esbuild');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    conditions: ['tokenbridge-source'],
    logLevel: 'error',
  });
  return outfile;
}
