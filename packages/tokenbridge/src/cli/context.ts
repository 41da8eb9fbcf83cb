import { type AnyTokenProvider, type LimiterStore, type TokenManager, type TokenManagerOptions, type TransportOptions, createTokenManager } from '@tokenbridge/core';
import { readCredential } from '../config/credential';
import { CONFIG_FILE_NAMES } from '../config/file';
import { redisStore, redisUrl, withLimiterStore } from '../config/limiter';
import { type Configuration, loadConfiguration } from '../config/load';
import { type ProviderConfig, connect } from '../config/provider-config';
import { configuringVariables, envVariableNames } from '../env';
import { VENDOR_LIST, type VendorEntry, vendorEntry } from '../registry';
import { EXIT } from './exit';
import { type CliFailure, usageFailure } from './failure';
import { type CliIo, jsonText } from './io';
import { didYouMean } from './suggest';
import { bothHooks, limiterWarnings, verboseHooks } from './verbose';

/** A manager over configured providers. */
export type Manager = TokenManager<Record<string, AnyTokenProvider>>;

/** What a rotating command gives its manager: the journal and how `resume` rebuilds sinks. */
export type RotationSetup = Pick<TokenManagerOptions<Record<string, AnyTokenProvider>>, 'journal' | 'resolveSink'>;

/** A provider a command works on: its configuration, its vendor and the provider itself. */
export interface ResolvedProvider {
  readonly key: string;
  readonly config: ProviderConfig;
  readonly vendor: VendorEntry;
  readonly provider: AnyTokenProvider;
}

/** Options every command takes. */
export interface GlobalOptions {
  readonly config?: string;
  readonly verbose?: boolean;
}

/**
 * What a command works with: the streams, the configured providers (read
 * once, and only when a command needs them), the exit code, and `--json`.
 * Every provider it makes is closed when the command ends.
 */
export class CommandContext {
  exitCode: number = EXIT.ok;
  /** Set when the command was given `--json`: errors go to stderr as JSON too. */
  json = false;
  globals: GlobalOptions = {};
  private configuration?: Configuration;
  private readonly made = new Map<string, Promise<AnyTokenProvider>>();
  /** The configured limiter store; `null`: none (each provider paces in this process). */
  private limiterStore: LimiterStore | null | undefined;

  constructor(readonly io: CliIo) {}

  now(): number {
    return (this.io.now ?? Date.now)();
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  err(text: string): void {
    this.io.stderr.write(text);
  }

  printJson(value: unknown): void {
    this.out(jsonText(value));
  }

  /** Marks the command failed with `code`, unless a failure already set its code. */
  fail(code: number): void {
    if (this.exitCode === EXIT.ok) this.exitCode = code;
  }

  /** The providers the config file and the environment configure (no credential read). */
  configured(): Configuration {
    this.configuration ??= loadConfiguration(this.io.env, { cwd: this.cwd(), ...(this.globals.config !== undefined ? { configPath: this.globals.config } : {}) });
    return this.configuration;
  }

  /** Every configured provider; none is a usage error saying what would configure one. */
  requireConfigured(): readonly ProviderConfig[] {
    const { providers } = this.configured();
    if (providers.length === 0) throw this.nothingConfigured();
    return providers;
  }

  /** The configuration of the provider named `key`: an unknown name is a usage error suggesting the nearest. */
  providerConfig(key: string): ProviderConfig {
    const { providers } = this.configured();
    const found = providers.find((p) => p.key === key);
    if (found !== undefined) return found;
    if (providers.length === 0) throw this.nothingConfigured(key);
    const names = providers.map((p) => p.key);
    const hints = [...didYouMean(key, names), `configured: ${names.join(', ')}`];
    throw usageFailure('provider', `no provider is configured as "${key}"`, hints);
  }

  /** The provider named `key`, made on first use. */
  async provider(key: string): Promise<ResolvedProvider> {
    const config = this.providerConfig(key);
    return { key, config, vendor: vendorEntry(config.vendor), provider: await this.make(config) };
  }

  /**
   * A manager over the providers named `keys` (default: every configured one;
   * none configured is a usage error), with the rotation journal and sink
   * resolver when a command rotates.
   */
  async manager(keys?: readonly string[], rotation: RotationSetup = {}): Promise<Manager> {
    const providers = keys === undefined ? this.requireConfigured() : keys.map((key) => this.providerConfig(key));
    const made = await Promise.all(providers.map(async (config) => [config.key, await this.make(config)] as const));
    return createTokenManager({ providers: Object.fromEntries(made), ...(this.io.now ? { now: this.io.now } : {}), ...rotation });
  }

  /** Closes every provider made. */
  async close(): Promise<void> {
    const made = await Promise.allSettled(this.made.values());
    await Promise.all(made.map((m) => (m.status === 'fulfilled' ? m.value.close() : undefined)));
  }

  /** The working directory: where the config file is looked for, and what relative paths on the command line mean. */
  cwd(): string {
    return this.io.cwd ?? process.cwd();
  }

  private make(config: ProviderConfig): Promise<AnyTokenProvider> {
    let made = this.made.get(config.key);
    if (made === undefined) {
      const transport = this.transport(config.key);
      made = readCredential(config, this.io.env, this.io.stderr).then((credential) => connect(config, credential, transport));
      this.made.set(config.key, made);
    }
    return made;
  }

  /** The limiter store `TOKENBRIDGE_REDIS_URL` or the config file's `limiter` names, made once per command. */
  private store(): LimiterStore | undefined {
    if (this.limiterStore === undefined) {
      const { document, file } = this.configured();
      const redis = redisUrl(this.io.env, document.limiter, file);
      this.limiterStore = redis !== undefined ? redisStore(redis.url) : null;
    }
    return this.limiterStore ?? undefined;
  }

  private transport(key: string): TransportOptions {
    const base = withLimiterStore(this.io.transport ?? {}, this.store());
    const write = (line: string): void => this.err(`${line}\n`);
    const verbose = this.globals.verbose === true || this.io.env['TOKENBRIDGE_DEBUG'] === '1';
    return { ...base, hooks: bothHooks(base.hooks, limiterWarnings(key, write), verbose ? verboseHooks(key, write) : undefined) };
  }

  /** No provider configured: exit 2, saying what would configure one and which vendor variables are set but ignored. */
  private nothingConfigured(asked?: string): CliFailure {
    const { file } = this.configured();
    const ignored = VENDOR_LIST.flatMap((v) =>
      [
        ...v.vendorVariables.credential.map((name) => [name, envVariableNames(v.id).credential] as const),
        ...v.vendorVariables.baseUrl.map((name) => [name, envVariableNames(v.id).baseUrl] as const),
      ].filter(([name]) => this.io.env[name] !== undefined),
    );
    return usageFailure('provider', asked !== undefined ? `no provider is configured as "${asked}": none is configured` : 'no provider is configured', [
      `set the variables of one: ${configuringVariables().join(', ')} (more of one vendor: TOKENBRIDGE_<VENDOR>__<NAME>_…)`,
      file !== undefined
        ? `or name providers under "providers" in ${file}`
        : `or name them in ${CONFIG_FILE_NAMES.join(' / ')} (looked for from ${this.cwd()} upward; none found) or a file given with --config`,
      ...ignored.map(([name, ours]) => `${name} is set but ignored: tokenbridge reads ${ours}`),
    ]);
  }
}
