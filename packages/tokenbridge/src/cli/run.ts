import { Command, CommanderError, Option } from 'commander';
import * as E from 'fp-ts/Either';
import {
  type AnyTokenProvider,
  type CreateTokenInput,
  type InventoryOptions,
  type ListQuery,
  type RotationResult,
  type Token,
  type TokenError,
  type TokenManager,
  type TokenPatch,
  type TransportOptions,
  RotationError,
  TokenBridgeError,
  TokenErrors,
  isIsoDateTime,
  listAll,
  parseDuration,
  runOrThrow,
} from '@tokenbridge/core';
import { fromEnv, readEnv } from '../env';
import { TOKEN_HEADERS, details, table, tokenJson, tokenRow, visible } from './format';
import { type VendorFlags, extraFromFlags } from './vendor-flags';

/** Exit codes, so scripts can tell failures apart. */
export const EXIT = {
  ok: 0,
  /** Network, server, rate limit, conflict, decode, or some providers failing. */
  failure: 1,
  /** Bad arguments, bad input, an unknown provider, missing configuration, an unsupported request. */
  usage: 2,
  notFound: 3,
  /** The vendor rejected the credential or the permission. */
  auth: 4,
} as const;

/** Where the command line reads and writes. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks a yes/no question; absent when nobody can answer (not a terminal). */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Transport settings for every provider (tests use fast retries). */
  readonly transport?: TransportOptions;
  readonly now?: () => number;
}

type Manager = TokenManager<Record<string, AnyTokenProvider>>;

/** The exit code for a failure. */
export function exitCodeFor(error: TokenError): number {
  switch (error._tag) {
    case 'NotFound':
      return EXIT.notFound;
    case 'Unauthorized':
    case 'Forbidden':
      return EXIT.auth;
    case 'Validation':
    case 'Unsupported':
      return EXIT.usage;
    default:
      return EXIT.failure;
  }
}

/**
 * Runs the `tokenbridge` command line with `argv` (without `node` and the
 * script) and returns the exit code. Secrets are printed by `create` and
 * `rotate` only, once.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? Date.now;
  let manager: Manager | undefined;
  let exitCode: number = EXIT.ok;
  const out = (text: string): void => void io.stdout.write(text);
  const err = (text: string): void => void io.stderr.write(text);
  const getManager = (): Manager => (manager ??= fromEnv({ env: io.env, ...(io.transport ? { transport: io.transport } : {}) }));
  const printJson = (value: unknown): void => out(`${JSON.stringify(value, null, 2)}\n`);
  const vendorOf = (key: string): string => getManager().provider(key).provider;

  const program = new Command('tokenbridge')
    .description('Create, inspect, update, rotate and revoke API tokens on Kodexa, SoftwareOne and DatoCMS.')
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError('(run tokenbridge --help for usage)')
    .addHelpText(
      'after',
      '\nProviders come from the environment: TOKENBRIDGE_KODEXA_API_KEY + TOKENBRIDGE_KODEXA_URL, TOKENBRIDGE_SOFTWAREONE_API_TOKEN,\nTOKENBRIDGE_DATOCMS_API_TOKEN (+ _URL, _ENVIRONMENT). More instances: TOKENBRIDGE_DATOCMS__STAGING_API_TOKEN -> datocms-staging.\nExit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 auth.',
    );

  program
    .command('providers')
    .description('list the providers configured in the environment')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) => {
      const configured = readEnv(io.env);
      if (opts.json) return printJson(configured);
      if (configured.length === 0) return out('No providers configured. Set TOKENBRIDGE_<VENDOR>_... variables (see --help).\n');
      out(table(['PROVIDER', 'VENDOR', 'BASE URL', 'CREDENTIAL FROM'], configured.map((c) => [c.key, c.vendor, c.baseUrl ?? '(vendor default)', c.credentialVariable])));
    });

  program
    .command('list')
    .description('list tokens of one provider, or of every configured provider')
    .argument('[provider]', 'a configured provider name')
    .option('--name <text>', 'only names containing this text (case-insensitive)')
    .addOption(new Option('--status <status>', 'only this status').choices(['active', 'disabled', 'expired', 'unknown']))
    .option('--json', 'machine-readable output')
    .action(async (provider: string | undefined, opts: { name?: string; status?: ListQuery['status']; json?: boolean }) => {
      const query: ListQuery = { ...(opts.name !== undefined ? { nameContains: opts.name } : {}), ...(opts.status ? { status: opts.status } : {}) };
      const rows: Array<{ providerKey: string; token: Token<object> }> = [];
      const failures: Array<{ providerKey: string; error: TokenError }> = [];
      if (provider !== undefined) {
        for await (const token of listAll(getManager().provider(provider), query)) rows.push({ providerKey: provider, token });
      } else {
        const progress = progressOn(io.stderr);
        for await (const item of getManager().inventory({ query, ...progress.options })) {
          if ('error' in item) failures.push(item);
          else rows.push({ providerKey: item.providerKey, token: item.token as Token<object> });
        }
        progress.finish();
      }
      if (opts.json) printJson(rows.map((r) => tokenJson(r.providerKey, r.token)));
      else out(table(TOKEN_HEADERS, rows.map((r) => tokenRow(r.providerKey, r.token))));
      for (const f of failures) err(`error: ${f.providerKey}: ${f.error._tag}: ${visible(f.error.message)}\n`);
      if (failures.length > 0) exitCode = EXIT.failure;
    });

  program
    .command('get')
    .description('show one token')
    .argument('<provider>', 'a configured provider name')
    .argument('<id>', 'the token id')
    .option('--json', 'machine-readable output')
    .action(async (provider: string, id: string, opts: { json?: boolean }) => {
      const token = await runOrThrow(getManager().provider(provider).get(id));
      if (opts.json) printJson(tokenJson(provider, token));
      else out(details(provider, token));
    });

  withVendorFlags(
    program
      .command('create')
      .description('create a token; its secret is printed once')
      .argument('<provider>', 'a configured provider name')
      .requiredOption('--name <name>', 'the token name')
      .option('--description <text>', 'a description (where the vendor has one)')
      .option('--expires <when>', 'an ISO date-time, or a duration from now such as 90d'),
  ).action(async (provider: string, opts: VendorFlags & { name: string; description?: string; expires?: string; json?: boolean }) => {
    const extra = extraFromFlags(vendorOf(provider), opts, 'create');
    const input: CreateTokenInput<object> = {
      name: opts.name,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.expires !== undefined ? { expiresAt: expiry(opts.expires, now(), '--expires') } : {}),
      ...(extra ? { extra } : {}),
    };
    const created = await getManager().provider(provider).create(input)();
    if (E.isLeft(created)) {
      if (created.left.outcomeUnknown === true) exitCode = mayExist(provider, created.left, opts.name);
      else throw new TokenBridgeError(created.left);
      return;
    }
    printCreated(provider, created.right, opts.json === true);
  });

  withVendorFlags(
    program
      .command('update')
      .description('change a token; only the fields given change')
      .argument('<provider>', 'a configured provider name')
      .argument('<id>', 'the token id')
      .option('--name <name>', 'a new name')
      .option('--description <text>', 'a new description')
      .option('--clear-description', 'remove the description')
      .option('--expires <when>', "an ISO date-time, a duration from now such as 90d, or 'never'")
      .addOption(new Option('--status <status>', 'enable or disable').choices(['active', 'disabled']))
      .option('--if-version <version>', 'only if the token still has this version'),
  ).action(
    async (
      provider: string,
      id: string,
      opts: VendorFlags & { name?: string; description?: string; clearDescription?: boolean; expires?: string; status?: 'active' | 'disabled'; ifVersion?: string; json?: boolean },
    ) => {
      const extra = extraFromFlags(vendorOf(provider), opts, 'update');
      const patch: TokenPatch<object> = {
        ...(opts.name !== undefined ? { name: opts.name } : {}),
        ...(opts.description !== undefined ? { description: opts.description } : {}),
        ...(opts.clearDescription ? { description: null } : {}),
        ...(opts.expires !== undefined ? { expiresAt: opts.expires === 'never' ? null : expiry(opts.expires, now(), '--expires') } : {}),
        ...(opts.status !== undefined ? { status: opts.status } : {}),
        ...(opts.ifVersion !== undefined ? { ifVersion: opts.ifVersion } : {}),
        ...(extra ? { extra } : {}),
      };
      const token = await runOrThrow(getManager().provider(provider).update(id, patch));
      if (opts.json) printJson(tokenJson(provider, token));
      else out(details(provider, token));
    },
  );

  program
    .command('delete')
    .description('delete a token')
    .argument('<provider>', 'a configured provider name')
    .argument('<id>', 'the token id')
    .option('--yes', 'do not ask for confirmation')
    .option('--transfer-to <tokenId>', 'DatoCMS: move what the token owns to this access token first')
    .option('--json', 'machine-readable output')
    .action(async (provider: string, id: string, opts: { yes?: boolean; transferTo?: string; json?: boolean }) => {
      const target = getManager().provider(provider);
      if (opts.transferTo !== undefined && target.provider !== 'datocms') throw usage('--transfer-to', 'applies to datocms only');
      if (!opts.yes) {
        if (!io.confirm) throw usage('--yes', 'deleting needs --yes when there is no terminal to confirm on');
        if (!(await io.confirm(`Delete token ${id} of ${provider}? [y/N] `))) {
          err('Not deleted.\n');
          return;
        }
      }
      const transfer = opts.transferTo !== undefined ? { transferTo: { type: 'access_token', id: opts.transferTo } } : {};
      await runOrThrow(target.delete(id, transfer));
      if (opts.json) printJson({ providerKey: provider, id, deleted: true });
      else out(`Deleted ${provider} token ${visible(id)}.\n`);
    });

  program
    .command('rotate')
    .description('replace or regenerate a token; the new secret is printed once')
    .argument('<provider>', 'a configured provider name')
    .argument('<id>', 'the token id')
    .addOption(new Option('--strategy <strategy>', "default: the vendor's regenerate where it has one, else replace").choices(['replace', 'regenerate']))
    .addOption(new Option('--revoke-old <how>', 'after the replacement works (default: keep the old token)').choices(['delete', 'disable']))
    .option('--dry-run', 'say what would happen, change nothing')
    .option('--json', 'machine-readable output')
    .action(async (provider: string, id: string, opts: { strategy?: 'replace' | 'regenerate'; revokeOld?: 'delete' | 'disable'; dryRun?: boolean; json?: boolean }) => {
      let result: RotationResult;
      try {
        result = await getManager().rotate(
          { provider, id },
          { ...(opts.strategy ? { strategy: opts.strategy } : {}), ...(opts.revokeOld ? { revokeOld: opts.revokeOld } : {}), dryRun: opts.dryRun === true },
        );
      } catch (error) {
        if (!(error instanceof RotationError && error.error.outcomeUnknown === true)) throw error;
        reportRotationError(error, err);
        exitCode = rotationMayHaveActed(provider, id, error, err);
        return;
      }
      printRotation(result, opts.json === true);
    });

  program
    .command('expiring')
    .description('tokens expiring soon (or already expired), across every provider')
    .requiredOption('--within <duration>', 'e.g. 30d')
    .option('--json', 'machine-readable output')
    .action(async (opts: { within: string; json?: boolean }) => {
      const progress = progressOn(io.stderr);
      const report = await getManager().expiring({ within: duration(opts.within, '--within'), ...progress.options });
      progress.finish();
      if (opts.json) printJson({ items: report.items.map((i) => ({ ...tokenJson(i.providerKey, i.token), expiresInMs: i.expiresInMs })), errors: report.errors });
      else out(table(TOKEN_HEADERS, report.items.map((i) => tokenRow(i.providerKey, i.token))));
      reportFailures(report.errors);
    });

  program
    .command('audit')
    .description('tokens that are expired, expiring, never used or unused for long')
    .option('--unused-for <duration>', 'flag tokens unused for longer than this, e.g. 90d')
    .option('--expiring-within <duration>', 'flag tokens expiring within this, e.g. 30d')
    .option('--json', 'machine-readable output')
    .action(async (opts: { unusedFor?: string; expiringWithin?: string; json?: boolean }) => {
      const progress = progressOn(io.stderr);
      const report = await getManager().audit({
        ...(opts.unusedFor !== undefined ? { unusedFor: duration(opts.unusedFor, '--unused-for') } : {}),
        ...(opts.expiringWithin !== undefined ? { expiringWithin: duration(opts.expiringWithin, '--expiring-within') } : {}),
        ...progress.options,
      });
      progress.finish();
      if (opts.json) printJson({ items: report.items.map((f) => ({ ...tokenJson(f.providerKey, f.token), reasons: f.reasons })), errors: report.errors });
      else out(table(['PROVIDER', 'ID', 'NAME', 'FINDINGS'], report.items.map((f) => [f.providerKey, f.token.id, f.token.name, f.reasons.map((r) => r.message).join('; ')])));
      reportFailures(report.errors);
    });

  function reportFailures(errors: ReadonlyArray<{ providerKey: string; error: TokenError }>): void {
    for (const f of errors) err(`error: ${f.providerKey}: ${f.error._tag}: ${visible(f.error.message)}\n`);
    if (errors.length > 0) exitCode = EXIT.failure;
  }

  /**
   * A create whose outcome is unknown: the token may exist. Says so, with the
   * command that finds it (repeating the create blindly could make a second
   * one), and fails with exit code 1.
   */
  function mayExist(provider: string, error: TokenError, name: string): number {
    err(`error: ${error.provider} create: ${error._tag}: ${visible(error.message)}\n`);
    err(`the token may have been created anyway: the request may have reached ${error.provider}, but no usable answer came back.\n`);
    err(`find it before creating it again:\n  tokenbridge list ${shellQuote(provider)} --name ${shellQuote(name)}\n`);
    return EXIT.failure;
  }

  function printCreated(provider: string, token: Token<object>, json: boolean): void {
    const secret = token.secret?.reveal();
    if (json) return printJson({ token: tokenJson(provider, token), secret: secret ?? null });
    out(details(provider, token));
    out(secret !== undefined ? `\nSecret (shown once, store it now): ${visible(secret)}\n` : '\nThe vendor returned no secret for this token.\n');
  }

  function printRotation(result: RotationResult, json: boolean): void {
    const secret = result.secret?.reveal();
    if (json) {
      return printJson({
        providerKey: result.providerKey,
        strategy: result.strategy,
        dryRun: result.dryRun,
        old: tokenJson(result.providerKey, result.old),
        replacement: result.replacement ? tokenJson(result.providerKey, result.replacement) : null,
        verification: result.verification ?? null,
        revoked: result.revoked,
        steps: result.steps,
        secret: secret ?? null,
      });
    }
    out(`${result.dryRun ? 'Dry run: would' : 'Rotated with'} ${result.strategy} (${result.providerKey} ${visible(result.old.id)})\n`);
    for (const step of result.steps) out(`  - ${visible(step)}\n`);
    if (result.dryRun) return;
    const reason = result.verification && 'reason' in result.verification ? ` (${visible(result.verification.reason)})` : '';
    out(`new token: ${visible(result.replacement?.id ?? '-')}\nverification: ${result.verification?.status ?? '-'}${reason}\nold token: ${result.revoked === 'none' ? 'kept' : result.revoked}\n`);
    if (secret !== undefined) out(`\nSecret (shown once, store it now): ${visible(secret)}\n`);
  }

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    exitCode = handleError(error, err);
  } finally {
    await manager?.close();
  }
  return exitCode;

  function reportRotationError(error: RotationError, write: (text: string) => void): void {
    write(`error: rotation stopped at ${error.stage}: ${error.error._tag}: ${visible(error.error.message)}\n`);
    const replacement = error.replacement;
    if (replacement) {
      write(`the new token ${visible(replacement.id)} exists; nothing was revoked\n`);
      // This is the only chance to hand over the new secret.
      const secret = replacement.secret?.reveal();
      if (secret !== undefined) out(`\nSecret of the new token (shown once, store it now): ${visible(secret)}\n`);
    }
  }

  function handleError(error: unknown, write: (text: string) => void): number {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof RotationError) {
      reportRotationError(error, write);
      return exitCodeFor(error.error);
    }
    if (TokenBridgeError.isInstance(error)) {
      write(`error: ${visible(error.message)}\n`);
      return exitCodeFor(error.error);
    }
    // Never print an unknown error's details: they could hold anything.
    write('error: unexpected failure\n');
    return EXIT.failure;
  }
}

/**
 * A rotation whose create or regenerate may have happened without an answer:
 * says what may exist and how to find it, and fails with exit code 1. Nothing
 * was revoked (revoking comes after a verified replacement).
 */
function rotationMayHaveActed(provider: string, id: string, error: RotationError, write: (text: string) => void): number {
  if (error.stage === 'create' && error.replacementName !== undefined) {
    write('the replacement may have been created anyway: the request may have reached the vendor, but no usable answer came back; nothing was revoked.\n');
    write(`find it before rotating again:\n  tokenbridge list ${shellQuote(provider)} --name ${shellQuote(error.replacementName)}\n`);
  } else {
    write('the secret may have been regenerated anyway: the old secret may have stopped working, and the new one never reached us.\n');
    write(`rotate again to get a secret you can see:\n  tokenbridge rotate ${shellQuote(provider)} ${shellQuote(id)}\n`);
  }
  return EXIT.failure;
}

/** `text` as one POSIX shell word: single-quoted, a quote inside written as `'\''`. */
function shellQuote(text: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(text) ? text : `'${visible(text).replace(/'/g, "'\\''")}'`;
}

function withVendorFlags(command: Command): Command {
  return command
    .option('--role <id>', 'DatoCMS: the role id')
    .option('--cda', 'DatoCMS: may read published content (CDA)')
    .option('--no-cda', 'DatoCMS: may not read published content')
    .option('--cda-preview', 'DatoCMS: may read draft content')
    .option('--no-cda-preview', 'DatoCMS: may not read draft content')
    .option('--cma', 'DatoCMS: may use the Content Management API')
    .option('--no-cma', 'DatoCMS: may not use the Content Management API')
    .option('--account <id>', 'SoftwareOne: the owning account (default: the credential\'s own)')
    .option('--module <id...>', 'SoftwareOne: module ids (the full list)')
    .option('--icon <path>', 'SoftwareOne: icon path')
    .option('--json', 'machine-readable output');
}

function usage(flag: string, message: string): TokenBridgeError {
  return new TokenBridgeError(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `${flag} ${message}`, [{ path: flag, message }]));
}

function duration(value: string, flag: string): number {
  try {
    return parseDuration(value, flag);
  } catch {
    throw usage(flag, 'is not a duration such as 30d, 12h or 90m');
  }
}

function expiry(value: string, now: number, flag: string): Date {
  if (isIsoDateTime(value)) return new Date(value);
  return new Date(now + duration(value, flag));
}

/**
 * A one-line progress display of a multi-provider listing, on stderr when it
 * is a terminal (never in pipes, where it would garble output).
 */
function progressOn(stderr: CliIo['stderr']): { options: { onProgress?: InventoryOptions<string>['onProgress'] }; finish(): void } {
  if (!stderr.isTTY) return { options: {}, finish: () => undefined };
  const counts = new Map<string, string>();
  const write = (text: string): void => void stderr.write(text);
  return {
    options: {
      onProgress: (p) => {
        counts.set(p.providerKey, p.failed ? 'failed' : p.done ? `${p.tokens} done` : `${p.tokens}...`);
        write(`\r\u001b[2Klisting ${[...counts.entries()].map(([k, v]) => `${k}: ${v}`).join(', ')}`);
      },
    },
    finish: () => write('\r\u001b[2K'),
  };
}
