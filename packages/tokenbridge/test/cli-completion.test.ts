import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { buildProgram } from '../src/cli/program';
import { CommandContext } from '../src/cli/context';
import { cli } from './reliability/support/cli';

/**
 * Issue 16, item 9: `tokenbridge completion bash|zsh`, generated from the
 * command definitions. The bash script is run by bash; the zsh one is checked
 * for every command and option (and parsed by zsh where it is installed).
 */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenbridge-completion-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function script(shell: string): Promise<string> {
  const result = await cli(['completion', shell], {});
  expect(result.code).toBe(0);
  return result.stdout;
}

/** The program's commands and each one's long options, as commander holds them. */
function definitions(): Array<{ name: string; options: string[] }> {
  const program: Command = buildProgram(new CommandContext({ stdout: { write: () => true }, stderr: { write: () => true }, env: {} }));
  return program.commands.map((c) => ({ name: c.name(), options: c.options.flatMap((o) => (o.long !== undefined ? [o.long] : [])) }));
}

describe('bash', () => {
  /** What the completion function offers for `words` (the last one being completed). */
  function complete(file: string, ...words: string[]): string[] {
    const program = [
      `source ${JSON.stringify(file)}`,
      // Stands in for the real binary: the configured providers.
      'tokenbridge() { printf "dato-prod\\ndatocms\\nkodexa\\n"; }',
      `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _tokenbridge; printf "%s\\n" "\${COMPREPLY[@]}"`,
    ].join('\n');
    return execFileSync('bash', ['-c', program], { encoding: 'utf8' }).split('\n').filter((w) => w !== '');
  }

  it('completes commands, each command\'s own options, choices and provider names', async () => {
    const file = path.join(dir, 'tokenbridge.bash');
    fs.writeFileSync(file, await script('bash'));
    expect(complete(file, 'tokenbridge', 'ro')).toEqual(['rotate']);
    expect(complete(file, 'tokenbridge', '')).toEqual(expect.arrayContaining(definitions().map((c) => c.name)));
    for (const { name, options } of definitions()) {
      expect(complete(file, 'tokenbridge', name, '--')).toEqual(expect.arrayContaining(options));
    }
    const update = complete(file, 'tokenbridge', 'update', 'dato-prod', '1', '--');
    expect(update).toEqual(expect.arrayContaining(['--name', '--role', '--module']));
    expect(update).not.toContain('--account');
    expect(complete(file, 'tokenbridge', 'list', '--status', '')).toEqual(['active', 'disabled', 'expired', 'unknown']);
    expect(complete(file, 'tokenbridge', 'get', 'da')).toEqual(['dato-prod', 'datocms']);
    expect(complete(file, 'tokenbridge', '--config', 'x.json', 'get', 'k')).toEqual(['kodexa']);
  });
});

describe('zsh', () => {
  it('has every command and, in its branch, every option', async () => {
    const text = await script('zsh');
    expect(text.startsWith('#compdef tokenbridge\n')).toBe(true);
    for (const { name, options } of definitions()) {
      expect(text).toContain(`    '${name}:`);
      const branch = text.split('\n').find((line) => line.trimStart().startsWith(`${name}) _arguments `)) ?? '';
      for (const option of options) expect(branch).toContain(`${option}[`);
    }
    expect(text).toContain("'1:provider:_tokenbridge_providers'");
  });

  const zsh = ['/usr/bin/zsh', '/bin/zsh'].find((candidate) => fs.existsSync(candidate));
  (zsh ? it : it.skip)('parses under zsh -n', async () => {
    const file = path.join(dir, 'tokenbridge.zsh');
    fs.writeFileSync(file, await script('zsh'));
    execFileSync(zsh as string, ['-n', file]);
  });
});

it('an unknown shell is a usage error', async () => {
  expect((await cli(['completion', 'fish'], {})).code).toBe(2);
});
