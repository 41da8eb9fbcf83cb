/**
 * Regenerates the support matrix in README.md from the adapters' capabilities:
 *
 *   npm run docs
 *
 * A test fails when the README and the code disagree.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readmeWithMatrix } from './support-matrix-docs';

const readme = path.join(__dirname, '..', 'README.md');
fs.writeFileSync(readme, readmeWithMatrix(fs.readFileSync(readme, 'utf8')));
console.log('README.md support matrix updated');
