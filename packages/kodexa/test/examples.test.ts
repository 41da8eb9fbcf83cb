import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { KODEXA_CAPABILITIES } from '@tokenbridge/kodexa';

// The README's example itself is compiled and run by packages/tokenbridge/test/readme-snippets.test.ts.
describe('the README', () => {
  it('shows KODEXA_CAPABILITIES as they are', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const block = /<!-- capabilities -->\n```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(JSON.parse(block ?? 'null')).toEqual(KODEXA_CAPABILITIES);
  });
});
