import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

/**
 * Issue 16, items 11 and 13: the packages as npm would publish them. The
 * workspace is copied to a temporary directory and built there (`tsc -b`,
 * so the repository's own dist is never touched), each package is packed
 * once with `npm pack`, and the tarballs are checked: the file list, the
 * metadata, and with @arethetypeswrong (the engine of its CLI) that every
 * entry point's types resolve under node10, node16 from CJS and from ESM,
 * and bundler.
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..', '..');
/** Every published package: the workspaces under packages/ (examples and bench are private). */
const PACKAGES = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces
  .filter((workspace) => workspace.startsWith('packages/'))
  .map((workspace) => workspace.slice('packages/'.length));

interface Manifest {
  readonly name: string;
  readonly license: string;
  readonly keywords?: readonly string[];
  readonly repository?: { readonly type: string; readonly url: string; readonly directory?: string };
  readonly homepage?: string;
  readonly bugs?: { readonly url: string };
  readonly main: string;
  readonly types: string;
  readonly bin?: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly typesVersions?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

interface Packed {
  readonly name: string;
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

interface AttwResult {
  readonly file: string;
  readonly problems: ReadonlyArray<Record<string, unknown>>;
  /** Per entry point, per resolution kind: whether types were found. */
  readonly entrypoints: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
}

let tmp: string;
let packed: Packed[];
const manifests = new Map<string, Manifest>();

/** The workspace's packages and build config in `dir`, their dependencies linked to the repository's. */
function copyWorkspace(dir: string): void {
  for (const file of ['tsconfig.base.json', 'tsconfig.build.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@tokenbridge'), { recursive: true });
  for (const entry of fs.readdirSync(path.join(ROOT, 'node_modules'))) {
    if (['@tokenbridge', 'tokenbridge', '.bin', '.package-lock.json'].includes(entry)) continue;
    fs.symlinkSync(path.join(ROOT, 'node_modules', entry), path.join(modules, entry));
  }
  for (const name of PACKAGES) {
    const from = path.join(ROOT, 'packages', name);
    const to = path.join(dir, 'packages', name);
    fs.cpSync(from, to, { recursive: true, filter: (source) => !/[/\\](node_modules|dist|test)$|\.tsbuildinfo$/.test(source) });
    if (fs.existsSync(path.join(from, 'node_modules'))) fs.symlinkSync(path.join(from, 'node_modules'), path.join(to, 'node_modules'));
    const manifest = JSON.parse(fs.readFileSync(path.join(from, 'package.json'), 'utf8')) as Manifest;
    manifests.set(name, manifest);
    fs.symlinkSync(to, path.join(modules, manifest.name === 'tokenbridge' ? 'tokenbridge' : manifest.name));
  }
}

/** Runs @arethetypeswrong over every tarball in one process (the library its CLI runs, found through the CLI). */
async function arethetypeswrong(files: readonly string[]): Promise<AttwResult[]> {
  const core = require.resolve('@arethetypeswrong/core', { paths: [path.dirname(require.resolve('@arethetypeswrong/cli/package.json'))] });
  const script = `
    import fs from 'node:fs';
    const attw = await import(${JSON.stringify(require('node:url').pathToFileURL(core).href)});
    const out = [];
    for (const file of process.argv.slice(1)) {
      const result = await attw.checkPackage(attw.createPackageFromTarballData(new Uint8Array(fs.readFileSync(file))));
      const entrypoints = result.types === false ? {} : Object.fromEntries(Object.entries(result.entrypoints).map(([name, e]) =>
        [name, Object.fromEntries(Object.entries(e.resolutions).map(([kind, r]) => [kind, Boolean(r.resolution?.isTypeScript)]))]));
      out.push({ file, problems: result.types === false ? [{ kind: 'Untyped' }] : result.problems, entrypoints });
    }
    process.stdout.write(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, ...files], { maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as AttwResult[];
}

let attw: AttwResult[];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-publish-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  copyWorkspace(workspace);
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], { cwd: workspace });
  const tarballs = path.join(tmp, 'tarballs');
  fs.mkdirSync(tarballs);
  const { stdout } = await run('npm', ['pack', ...PACKAGES.map((name) => path.join(workspace, 'packages', name)), '--json', '--ignore-scripts', '--pack-destination', tarballs], {
    cwd: tmp,
    maxBuffer: 16 * 1024 * 1024,
  });
  packed = JSON.parse(stdout) as Packed[];
  attw = await arethetypeswrong(packed.map((p) => path.join(tarballs, p.filename)));
}, 180_000);

it("the build sends the User-Agent with core's version, read from the packed manifest", async () => {
  const built = path.join(tmp, 'workspace', 'packages', 'core', 'dist', 'index.js');
  // A loopback server answering with the User-Agent it got, and a transport of the build sending one request to it.
  const script = `
    const http = require('node:http');
    const core = require(${JSON.stringify(built)});
    const server = http.createServer((req, res) => res.end(JSON.stringify({ ua: req.headers['user-agent'] })));
    server.listen(0, '127.0.0.1', async () => {
      const transport = core.createTransport({ provider: 'probe', baseUrl: 'http://127.0.0.1:' + server.address().port,
        credential: new core.Secret('probe-credential-0123456789'), auth: { header: 'Authorization' }, defaultLimiter: core.UNLIMITED });
      const answer = await transport.http().get('/');
      process.stdout.write(answer.data.ua);
      await transport.close();
      server.close();
    });`;
  const { stdout } = await run(process.execPath, ['-e', script]);
  const version = (manifests.get('core') as Manifest & { version: string }).version;
  expect(stdout).toBe(`tokenbridge-core/${version} node/${process.versions.node}`);
});

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const packageOf = (name: string): { manifest: Manifest; packed: Packed; files: Set<string> } => {
  const manifest = manifests.get(name) as Manifest;
  const found = packed.find((p) => p.name === manifest.name) as Packed;
  return { manifest, packed: found, files: new Set(found.files.map((f) => f.path)) };
};

/** Every file a manifest points at: main, types, bins, export targets (but the source condition), typesVersions targets. */
function referenced(manifest: Manifest): string[] {
  const targets = [manifest.main, manifest.types, ...Object.values(manifest.bin ?? {})];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (subpath === './package.json') continue;
    if (typeof target === 'string') targets.push(target);
    else for (const [condition, file] of Object.entries(target)) if (condition !== 'tokenbridge-source') targets.push(file);
  }
  for (const map of Object.values(manifest.typesVersions ?? {})) for (const files of Object.values(map)) targets.push(...files);
  return targets.map((t) => t.replace(/^\.\//, ''));
}

describe.each(PACKAGES)('%s, packed', (name) => {
  it('holds its build, sources, README and LICENSE, and no build info, tests or dependencies', () => {
    const { files } = packageOf(name);
    for (const file of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'src/index.ts']) expect(files).toContain(file);
    expect([...files].filter((f) => /tsbuildinfo|(^|\/)test\/|\.test\.ts$|node_modules/.test(f))).toEqual([]);
  });

  it('holds every file its package.json points at', () => {
    const { manifest, files } = packageOf(name);
    expect(referenced(manifest).filter((file) => !files.has(file))).toEqual([]);
  });

  it('has the metadata a registry page shows: license, keywords, repository, homepage, bugs', () => {
    const { manifest } = packageOf(name);
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
    expect(manifest.license).toBe('MIT');
    expect(manifest.keywords?.length).toBeGreaterThan(0);
    expect(manifest.repository).toEqual({ type: 'git', url: root.repository.url, directory: `packages/${name}` });
    expect(manifest.homepage).toMatch(new RegExp(`^https://.+/packages/${name}#readme$`));
    expect(manifest.bugs?.url).toMatch(/^https:\/\/.+\/issues$/);
    expect(fs.readFileSync(path.join(ROOT, 'packages', name, 'LICENSE'), 'utf8')).toBe(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8'));
  });

  it("reads a package.json only as its own manifest, which the tarball holds, from the build as from the sources", () => {
    const { files } = packageOf(name);
    const built = path.join(tmp, 'workspace', 'packages', name);
    for (const file of [...files].filter((f) => /^(dist|src)\/.*\.(js|ts)$/.test(f) && !f.endsWith('.d.ts'))) {
      const text = fs.readFileSync(path.join(built, file), 'utf8');
      for (const [, target] of text.matchAll(/require\(['"]([^'"]*package\.json)['"]\)/g)) {
        // The User-Agent names each package by its manifest: src/x and dist/x must sit at the same depth.
        expect({ file, manifest: path.posix.normalize(path.posix.join(path.posix.dirname(file), target ?? '')) }).toEqual({ file, manifest: 'package.json' });
      }
    }
  });

  it('resolves its types under node10, node16 (CJS and ESM) and bundler, for every entry point (@arethetypeswrong)', () => {
    const { packed: mine } = packageOf(name);
    const result = attw.find((r) => r.file.endsWith(mine.filename)) as AttwResult;
    expect(result.problems).toEqual([]);
    const entrypoints = Object.keys(packageOf(name).manifest.exports).filter((e) => e !== './package.json');
    for (const entrypoint of entrypoints) {
      expect(result.entrypoints[entrypoint]).toEqual({ node10: true, 'node16-cjs': true, 'node16-esm': true, bundler: true });
    }
  });
});
