import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configError } from './provider-config';
import { type ConfigDocument, decodeDocument } from './schema';

/** The names a config file may have, looked for in this order in each directory. */
export const CONFIG_FILE_NAMES = ['tokenbridge.config.json', 'tokenbridge.config.yaml', 'tokenbridge.config.yml'] as const;

/**
 * The config file that applies in `cwd`: the first directory from `cwd` up to
 * the root holding one of {@link CONFIG_FILE_NAMES}. Two in one directory is
 * an error (which one was meant?).
 */
export function findConfigFile(cwd: string): string | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => fs.existsSync(file));
    if (found.length > 1) throw configError(dir, `holds ${found.map((f) => path.basename(f)).join(' and ')}; keep one`);
    if (found[0] !== undefined) return found[0];
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Reads and decodes a config file (JSON, or YAML by its extension). Errors name the file, the line where known, never a value. */
export function readConfigFile(file: string): ConfigDocument {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw configError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return decodeDocument(parseText(text, file), file);
}

function parseText(text: string, file: string): unknown {
  const yaml = /\.ya?ml$/i.test(file);
  try {
    return yaml ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    // The parsers quote the source (after YAML's first line, inside JSON's message), which could hold anything: drop it.
    const message = (error as Error).message.replace(/,\s*"[\s\S]*" is not valid JSON$/, '');
    const reason = (message.split('\n', 1)[0] ?? '').replace(/:$/, '');
    throw configError(file, `is not valid ${yaml ? 'YAML' : 'JSON'}: ${reason}`);
  }
}
