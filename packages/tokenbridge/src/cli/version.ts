import * as fs from 'node:fs';
import * as path from 'node:path';

/** This package's version, from its package.json (next to both `src/` and `dist/`). */
export function packageVersion(): string {
  const file = path.join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
