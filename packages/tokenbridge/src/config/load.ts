import * as path from 'node:path';
import { readEnv } from '../env';
import { findConfigFile, readConfigFile } from './file';
import { type ProviderConfig, checkBaseUrl, configError } from './provider-config';
import { type ConfigDocument, decodeProviders } from './schema';
import { type NamedSink, decodeSinks } from './sinks';

type Env = Readonly<Record<string, string | undefined>>;

/** Every provider configured, and the file they came from. */
export interface Configuration {
  readonly providers: readonly ProviderConfig[];
  /** The sinks the config file names (`--deliver @<name>`). */
  readonly sinks: readonly NamedSink[];
  /** The config file read, if any. */
  readonly file: string | undefined;
  /** The whole decoded file, for the sections beyond `providers`. */
  readonly document: ConfigDocument;
}

/** Where to look: `--config` wins; otherwise the file found from `cwd` upward. */
export interface ConfigLocation {
  readonly cwd: string;
  readonly configPath?: string;
}

/**
 * Reads the providers the config file and the environment configure, and the
 * file's sinks. The two add up; a name configured in both is an error (which
 * one was meant?). No credential is read here.
 */
export function loadConfiguration(env: Env, location: ConfigLocation): Configuration {
  const file = location.configPath !== undefined ? path.resolve(location.cwd, location.configPath) : findConfigFile(location.cwd);
  const document = file !== undefined ? readConfigFile(file) : {};
  const fromFile: ProviderConfig[] = file !== undefined ? providersOf(document, file) : [];
  const fromEnv = readEnv(env);
  for (const config of fromEnv) {
    if (fromFile.some((f) => f.key === config.key)) {
      throw configError(config.key, `is configured twice: in ${file} and by ${'env' in config.credential ? config.credential.env : 'the environment'}; remove one`);
    }
  }
  const sinks = file !== undefined ? decodeSinks(document.sinks ?? {}, file) : [];
  return { providers: [...fromFile, ...fromEnv], sinks, file, document };
}

function providersOf(document: ConfigDocument, file: string): ProviderConfig[] {
  return decodeProviders(document.providers ?? {}, file).map(([key, entry]) => {
    const where = `${file}: providers.${key}`;
    checkBaseUrl(entry.vendor, entry.baseUrl, entry.allowInsecureHttp === true, { baseUrl: `${where}.baseUrl`, allowInsecureHttp: `${where}.allowInsecureHttp: true` });
    return {
      key,
      vendor: entry.vendor,
      ...(entry.baseUrl !== undefined ? { baseUrl: entry.baseUrl } : {}),
      settings: entry.settings,
      credential: entry.credential,
      ...(entry.allowInsecureHttp === true ? { allowInsecureHttp: true as const } : {}),
      ...(entry.prune === true ? { prune: true as const } : {}),
      origin: file,
    };
  });
}
