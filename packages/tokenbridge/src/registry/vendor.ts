import * as fs from 'node:fs';
import { type AnyTokenProvider, type Capabilities, type TransportOptions, TokenBridgeError, TokenErrors } from '@tokenbridge/core';

/** A vendor setting beyond the credential and the base URL, such as DatoCMS's sandbox environment. */
export interface VendorSetting<Option extends string = string> {
  /** The factory option it sets, and its key under `settings` in the config file. */
  readonly option: Option;
  /** Its environment-variable suffix: `TOKENBRIDGE_<VENDOR>_<env>`. */
  readonly env: string;
  readonly help: string;
}

/**
 * A command-line flag that fills one vendor field: an `extra` key of create
 * or update, or a delete option. Which commands offer it follows from the
 * vendor's capabilities (`create.extra`, `update.extra`, `delete.options`).
 */
export interface VendorFlag {
  /** The flag as typed, e.g. `--role`. */
  readonly flag: `--${string}`;
  /** The `extra` key or delete option it fills. */
  readonly field: string;
  /** `value`: one value; `list`: one or more values; `switch`: yes, or no with the `--no-` form. */
  readonly kind: 'value' | 'list' | 'switch';
  /** The value's name in help, e.g. `<id>` (not for switches). */
  readonly placeholder?: string;
  readonly help: string;
  /** Turns a typed value into the field's value (default: the text as typed); for a `list`, an array it returns adds each item. */
  readonly parse?: (value: string) => unknown;
}

/** What a configured provider of a vendor is made from. */
export interface VendorConnection {
  /** The credential's value (never logged). */
  readonly credential: string;
  /** Absent: the vendor's default (required where it has none). */
  readonly baseUrl?: string;
  /** Values of the vendor's {@link VendorSetting}s, by option. */
  readonly settings: Readonly<Record<string, string>>;
  readonly transport: TransportOptions;
}

/**
 * One vendor, listed once. The environment loader, the config file, the
 * command line, the support matrix and the tooling around the repository
 * (simulators, reliability harness, bench, demo) derive what they know about
 * vendors from these entries.
 */
export interface VendorEntry<Id extends string = string> {
  /** The provider id, lower-case letters and digits (it names environment variables). */
  readonly id: Id;
  /** The vendor's name as people write it. */
  readonly displayName: string;
  /** The adapter's npm package. */
  readonly packageName: string;
  readonly capabilities: Capabilities;
  readonly credential: {
    /** The factory option holding it. */
    readonly option: string;
    /** Its environment-variable suffix: `TOKENBRIDGE_<VENDOR>_<env>`. */
    readonly env: string;
    readonly help: string;
  };
  /** `null` when every customer has its own host, so a base URL is required. */
  readonly defaultBaseUrl: string | null;
  readonly settings: readonly VendorSetting[];
  readonly flags: readonly VendorFlag[];
  /**
   * Variables the vendor's own tools read, which tokenbridge sees but ignores
   * (named when nothing is configured, so a user knows what to rename).
   */
  readonly vendorVariables: { readonly credential: readonly string[]; readonly baseUrl: readonly string[] };
  /** Makes the provider. */
  connect(connection: VendorConnection): AnyTokenProvider;
}

/** A vendor's description for {@link defineVendor}: the entry, with the adapter's factory instead of `connect`. */
export interface VendorDefinition<Id extends string, Options extends TransportOptions> extends Omit<VendorEntry<Id>, 'connect' | 'credential' | 'settings'> {
  readonly factory: (options: Options) => AnyTokenProvider;
  readonly credential: VendorEntry['credential'] & { readonly option: keyof Options & string };
  readonly settings: ReadonlyArray<VendorSetting<keyof Options & string>>;
}

/**
 * Makes a registry entry from a vendor's description. The option names are
 * checked against the factory's options type, so `connect` can pass values by
 * name to the adapter's own factory.
 */
export function defineVendor<Id extends string, Options extends TransportOptions>(definition: VendorDefinition<Id, Options>): VendorEntry<Id> {
  const { factory, ...entry } = definition;
  return {
    ...entry,
    connect: ({ credential, baseUrl, settings, transport }) => {
      const known = Object.fromEntries(entry.settings.filter((s) => settings[s.option] !== undefined).map((s) => [s.option, settings[s.option]]));
      // The names were checked against Options above; the values are the strings each option takes.
      return factory({ ...transport, ...known, ...(baseUrl !== undefined ? { baseUrl } : {}), [entry.credential.option]: credential } as unknown as Options);
    },
  };
}

/**
 * The `parse` of a flag whose field is structured (a policy, a condition):
 * the value is JSON, or `@<file>` naming a file that holds JSON. What the
 * JSON holds is left to the adapter's codec; text that is not JSON, or a file
 * that cannot be read, is a `Validation` error naming the flag (never the value).
 */
export function jsonFlag(flag: `--${string}`): (value: string) => unknown {
  const refuse = (message: string): never => {
    throw new TokenBridgeError(TokenErrors.validation({ provider: 'tokenbridge', operation: 'configure' }, `${flag} ${message}`, [{ path: flag, message }]));
  };
  return (value) => {
    let text = value;
    if (value.startsWith('@')) {
      try {
        text = fs.readFileSync(value.slice(1), 'utf8');
      } catch (error) {
        refuse(`names a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
      }
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return refuse(value.startsWith('@') ? 'names a file that does not hold JSON' : 'is not JSON (give JSON, or @<file> holding JSON)');
    }
  };
}
