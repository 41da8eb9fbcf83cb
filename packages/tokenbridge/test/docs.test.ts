import * as fs from 'node:fs';
import * as path from 'node:path';
import { readmeWithMatrix } from '../../../scripts/support-matrix-docs';

describe('README support matrix', () => {
  it('is the one generated from the adapters\' capabilities (run `npm run docs` after changing them)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    expect(readme).toBe(readmeWithMatrix(readme));
  });
});
