import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { type Snippet, matchesLine, snippetsOf } from './support/readme-snippets';

/**
 * Issue 16, items 10 and 14: every ```ts block of every README compiles (one
 * TypeScript program over all of them, as ES modules, the way a user's
 * project with "type": "module" sees them), the blocks marked runnable run
 * against the simulators (each in its own process, all at once) and print
 * what their ```text block says; the type tests of test/types compile in the
 * same program.
 *
 * The runs are ES modules too, so a CommonJS-only global (`require.main`)
 * fails them, except a block that imports the umbrella `tokenbridge` without
 * top-level await, which runs as CommonJS: from the sources (tsx, one file at
 * a time) Node's ES loader cannot see the names the umbrella re-exports with
 * `export *`; the published build has them (the publishing test's
 * @arethetypeswrong check covers that).
 */

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..', '..');
const READMES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'packages')).map((p) => path.join('packages', p, 'README.md'))].filter((f) => fs.existsSync(path.join(ROOT, f)));
const TYPE_TESTS = fs.readdirSync(path.join(__dirname, 'types')).map((f) => path.join(__dirname, 'types', f));

const snippets = READMES.flatMap((readme) => snippetsOf(ROOT, readme));
const nameOf = (s: Snippet): string => `${s.readme}:${s.line}`;

let dir: string;
const files = new Map<Snippet, string>();
let diagnostics: Map<string, string[]>;

/** Type-checks `roots` in one program with the repository's settings (sources through `paths`), as ES modules. */
function typecheck(roots: readonly string[]): Map<string, string[]> {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), (f) => ts.sys.readFile(f));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false, isolatedModules: false };
  const program = ts.createProgram({ rootNames: [...roots], options });
  const byFile = new Map<string, string[]>(roots.map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName ?? '(global)';
    const where = d.file && d.start !== undefined ? `:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    const list = byFile.get(path.resolve(file)) ?? byFile.get(file) ?? [];
    list.push(`${path.basename(file)}${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    if (!byFile.has(path.resolve(file)) && !byFile.has(file)) byFile.set(file, list);
  }
  return byFile;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-snippets-'));
  // Packages resolve as in a user's project: through node_modules (the runs add the source condition).
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  snippets.forEach((snippet, n) => {
    const file = path.join(dir, `${n}-${path.basename(path.dirname(path.join(ROOT, snippet.readme)))}-${snippet.line}.mts`);
    fs.writeFileSync(file, snippet.code);
    files.set(snippet, file);
  });
  diagnostics = typecheck([...files.values(), ...TYPE_TESTS]);
}, 120_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('finds the snippets: every README with code has a ts block, and some are runnable', () => {
  expect(snippets.length).toBeGreaterThan(10);
  expect(snippets.filter((s) => s.runnable).length).toBeGreaterThanOrEqual(5);
});

describe.each(snippets.map((s) => [nameOf(s), s] as const))('%s', (_name, snippet) => {
  it('type-checks', () => {
    expect(diagnostics.get(files.get(snippet) as string)).toEqual([]);
  });
});

describe('types', () => {
  it.each(TYPE_TESTS.map((f) => [path.basename(f), f]))('%s compiles', (_name, file) => {
    expect(diagnostics.get(file)).toEqual([]);
  });

  it('no diagnostic elsewhere (a README snippet cannot break a source file)', () => {
    const elsewhere = [...diagnostics.entries()].filter(([file]) => ![...files.values(), ...TYPE_TESTS].includes(file));
    expect(elsewhere).toEqual([]);
  });
});

describe('runnable snippets, against the simulators', () => {
  const runnable = snippets.filter((s) => s.runnable);
  let results: Map<Snippet, { code: number; stdout: string; stderr: string }>;

  /** The file a snippet runs from: its ES module, or a CommonJS copy (see above). */
  const runFile = (snippet: Snippet): string => {
    const file = files.get(snippet) as string;
    const umbrella = /from 'tokenbridge'/.test(snippet.code);
    const topLevelAwait = /^(?:const .*= )?await |^for await /m.test(snippet.code);
    if (!umbrella || topLevelAwait) return file;
    const cjs = file.replace(/\.mts$/, '.ts');
    fs.writeFileSync(cjs, snippet.code);
    return cjs;
  };

  beforeAll(async () => {
    const runs = runnable.map(async (snippet) => {
      try {
        const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--conditions=tokenbridge-source', runFile(snippet)], {
          cwd: dir,
          env: { PATH: process.env['PATH'] ?? '' },
          timeout: 60_000,
        });
        return [snippet, { code: 0, stdout, stderr }] as const;
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return [snippet, { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }] as const;
      }
    });
    results = new Map(await Promise.all(runs));
  }, 120_000);

  it.each(runnable.map((s) => [nameOf(s), s] as const))('%s runs and prints what its output block says', (_name, snippet) => {
    const result = results.get(snippet);
    expect({ code: result?.code, stderr: result?.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = (result?.stdout ?? '').split('\n');
    const missing = (snippet.output ?? []).filter((expected) => !lines.some((line) => matchesLine(expected, line)));
    expect(missing).toEqual([]);
  });
});
