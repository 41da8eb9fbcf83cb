import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { main } from './examples/rotate';
import { logged } from './support/console';

describe('the README', () => {
  it('example is test/examples/rotate.ts, verbatim', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const example = readFileSync(path.join(__dirname, 'examples', 'rotate.ts'), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });

  it('example runs against the simulator', async () => {
    expect(await logged(main)).toEqual([
      expect.stringMatching(/^replacement ci deploy tb-[0-9a-z]{13}, delivered to 2 sinks$/),
      'old token revoked at now + 24h',
      'both sinks hold the same secret: true',
      'resume: finished (revoked the old token)',
    ]);
  });
});
