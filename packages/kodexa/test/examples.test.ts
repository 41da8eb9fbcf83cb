import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { KODEXA_CAPABILITIES } from '@tokenbridge/kodexa';
import { main } from './examples/quickstart';

describe('the README', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('example is test/examples/quickstart.ts, verbatim', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const example = readFileSync(path.join(__dirname, 'examples', 'quickstart.ts'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it('example runs against the simulator', async () => {
    const lines: string[] = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    await main();
    expect(lines).toEqual([
      expect.stringMatching(/^created ci-deploy \(.+\), secret returned: true$/),
      'renamed to ci-deploy (prod), version 1 -> 2',
      expect.stringMatching(/^listed ci-deploy \(prod\): active, expires \d{4}-/),
      expect.stringMatching(/^stale ifVersion refused: token .+ is at version 2, not 1; nothing was written$/),
      'deleted',
    ]);
  });

  it('shows KODEXA_CAPABILITIES as they are', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const block = /<!-- capabilities -->\n```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(JSON.parse(block ?? 'null')).toEqual(KODEXA_CAPABILITIES);
  });
});
