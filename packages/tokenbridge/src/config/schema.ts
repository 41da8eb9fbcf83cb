import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeIssues, strict, summarizeIssues } from '@tokenbridge/core';
import { VENDOR_IDS, type VendorId, isVendorId, vendorEntry } from '../registry';
import { type CredentialSource, configError } from './provider-config';

/** A name the config file gives (a provider, a sink): what commands take. */
export const CONFIG_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
/** An environment variable's name. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const NonEmptyString = t.refinement(t.string, (s) => s.trim() !== '', 'a non-empty string');
export const VariableName = t.refinement(t.string, (s) => VARIABLE_NAME.test(s), 'an environment variable name');
/** A command: program and arguments, run without a shell. */
export const Argv = t.refinement(t.array(NonEmptyString), (argv) => argv.length > 0, 'a command as a non-empty array of strings (no shell)');

/** `{ env: NAME }` or `{ command: [argv...] }`. */
const CredentialC = t.union([strict(t.type({ env: VariableName }), '{ env }'), strict(t.type({ command: Argv }), '{ command }')]);

/** One entry under `providers:`. */
const ProviderEntryC = strict(
  t.intersection([
    t.type({ vendor: t.string, credential: t.unknown }),
    t.partial({ baseUrl: NonEmptyString, settings: t.record(t.string, NonEmptyString), allowInsecureHttp: t.boolean, prune: t.boolean }),
  ]),
  'provider',
);

/** A provider as the config file declares it (checked against its vendor by {@link decodeProviders}). */
export interface ProviderEntry {
  readonly vendor: VendorId;
  readonly credential: CredentialSource;
  readonly baseUrl?: string;
  readonly settings: Readonly<Record<string, string>>;
  readonly allowInsecureHttp?: boolean;
  /** `plan` deletes this provider's undeclared tokens that tokenbridge made. */
  readonly prune?: boolean;
}

/**
 * The sections of the config file, each its own codec; each section's
 * entries are decoded by its own module (`decodeProviders` here,
 * `decodeSinks` in `sinks.ts`, `readDeclaration` in `declaration.ts`), so
 * errors name the entry and its field. A section the file holds but this
 * version does not know is an error naming it (a typo would otherwise be
 * ignored); later sections are added here.
 */
export const SECTIONS = {
  providers: t.record(t.string, t.unknown),
  /** Secret sinks named once, used as `--deliver @<name>`. */
  sinks: t.record(t.string, t.unknown),
  /**
   * The declared tokens, for `plan` and `apply`. Only those two commands
   * decode it (every mistake at once): a mistake there must not stop the
   * other commands, such as `rotate --resume` run from cron.
   */
  tokens: t.unknown,
  /** Where the limiter keeps its state: `{ "redis": { "url" } | { "env" } }` (decoded by `limiter.ts`). */
  limiter: t.unknown,
} as const;

/** The decoded config file, section by section (a section may be absent). */
export type ConfigDocument = { readonly [K in keyof typeof SECTIONS]?: t.TypeOf<(typeof SECTIONS)[K]> };

const DocumentC = strict(t.partial(SECTIONS), 'config');

// Keys that would hold a secret inline: refused with the fix, never echoed.
const INLINE_SECRET_KEYS = ['apiToken', 'apiKey', 'token', 'secret', 'password', 'value'];

/** Decodes the whole file's top level; `file` names it in errors. */
export function decodeDocument(value: unknown, file: string): ConfigDocument {
  if (value === null || value === undefined) return {};
  const decoded = decodeIssues(DocumentC, value);
  if (E.isLeft(decoded)) throw configError(file, `is not a valid tokenbridge config: ${summarizeIssues(decoded.left)} (sections: ${Object.keys(SECTIONS).join(', ')})`);
  return decoded.right;
}

/** Decodes the `providers` section, checking each entry against its vendor. */
export function decodeProviders(section: Readonly<Record<string, unknown>>, file: string): Array<[string, ProviderEntry]> {
  return Object.entries(section).map(([key, raw]) => {
    const where = `${file}: providers.${key}`;
    if (!CONFIG_NAME.test(key)) throw configError(where, 'is not a provider name: lower-case letters, digits, - and _, starting with a letter');
    refuseInlineSecret(raw, where);
    const decoded = decodeIssues(ProviderEntryC, raw);
    if (E.isLeft(decoded)) throw configError(where, summarizeIssues(decoded.left));
    const { vendor, credential, baseUrl, settings = {}, allowInsecureHttp, prune } = decoded.right;
    if (!isVendorId(vendor)) throw configError(`${where}.vendor`, `is not a vendor tokenbridge knows; expected one of: ${VENDOR_IDS.join(', ')}`);
    const credentialSource = decodeIssues(CredentialC, credential);
    if (E.isLeft(credentialSource)) {
      throw configError(`${where}.credential`, 'must be { "env": "VARIABLE" } or { "command": ["program", "arg", ...] } (run without a shell; its output is the secret)');
    }
    const known = vendorEntry(vendor).settings.map((s) => s.option);
    const unknown = Object.keys(settings).filter((s) => !known.includes(s));
    if (unknown.length > 0) throw configError(`${where}.settings.${unknown[0]}`, `is not a ${vendor} setting; ${vendor} takes ${known.join(', ') || 'none'}`);
    return [
      key,
      {
        vendor,
        credential: credentialSource.right,
        ...(baseUrl !== undefined ? { baseUrl } : {}),
        settings,
        ...(allowInsecureHttp !== undefined ? { allowInsecureHttp } : {}),
        ...(prune !== undefined ? { prune } : {}),
      },
    ];
  });
}

/** A credential written into the file is refused before anything else looks at the entry (and its value is never shown). */
function refuseInlineSecret(raw: unknown, where: string): void {
  if (typeof raw !== 'object' || raw === null) return;
  const entry = raw as Record<string, unknown>;
  const credential = entry['credential'];
  const inline =
    typeof credential === 'string'
      ? 'credential'
      : typeof credential === 'object' && credential !== null && INLINE_SECRET_KEYS.some((k) => k in credential)
        ? 'credential'
        : INLINE_SECRET_KEYS.find((k) => k in entry);
  if (inline !== undefined) {
    throw configError(
      `${where}.${inline}`,
      'holds a secret in the config file, which tokenbridge refuses (config files get committed and printed); use "credential": { "env": "VARIABLE" } or { "command": ["op", "read", "op://…"] }',
    );
  }
}
