import { type Command, Option } from 'commander';
import { type Capabilities, isIsoDateTime, parseDuration } from '@tokenbridge/core';
import { VENDOR_LIST, type VendorEntry, type VendorFlag } from '../registry';
import { usageError } from './exit';

/** The commands that take vendor flags. */
export type FlagOperation = 'create' | 'update' | 'delete';

/** Whether `vendor` accepts `field` on `operation`, by its capabilities. */
function accepts(capabilities: Capabilities, operation: FlagOperation, field: string): boolean {
  return operation === 'delete' ? capabilities.delete.options.includes(field) : capabilities[operation].extra.includes(field);
}

/** One flag as the command line offers it: every vendor that declares it for the operation. */
interface OfferedFlag {
  readonly flag: VendorFlag;
  readonly vendors: ReadonlyArray<VendorEntry>;
}

/** The registry's flags that `operation` offers: those whose field some vendor accepts there, merged by flag name. */
export function vendorFlagsFor(operation: FlagOperation): OfferedFlag[] {
  const byFlag = new Map<string, { flag: VendorFlag; vendors: VendorEntry[] }>();
  for (const vendor of VENDOR_LIST) {
    for (const flag of vendor.flags) {
      if (!accepts(vendor.capabilities, operation, flag.field)) continue;
      const offered = byFlag.get(flag.flag) ?? { flag, vendors: [] };
      offered.vendors.push(vendor);
      byFlag.set(flag.flag, offered);
    }
  }
  return [...byFlag.values()];
}

function optionsOf({ flag, vendors }: OfferedFlag): Option[] {
  const help = vendors.map((v) => `${v.displayName}: ${v.flags.find((f) => f.flag === flag.flag)?.help ?? flag.help}`).join('; ');
  if (flag.kind !== 'switch') return [new Option(`${flag.flag} ${flag.placeholder ?? (flag.kind === 'list' ? '<value...>' : '<value>')}`, help)];
  return [new Option(flag.flag, help), new Option(`--no-${flag.flag.slice(2)}`, `${vendors.map((v) => v.displayName).join(', ')}: the opposite of ${flag.flag}`)];
}

/** Adds the vendor flags `operation` offers to `command`. */
export function addVendorFlags(command: Command, operation: FlagOperation): Command {
  for (const offered of vendorFlagsFor(operation)) for (const option of optionsOf(offered)) command.addOption(option);
  return command;
}

/**
 * The vendor fields the flags given on `operation` set for a provider of
 * `vendor` (`key` is its configured name): `extra` for create and update,
 * delete options for delete. A flag `vendor` does not take is a usage error
 * naming the vendors that do.
 */
export function vendorFields(vendor: VendorEntry, key: string, operation: FlagOperation, opts: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  for (const offered of vendorFlagsFor(operation)) {
    const [option] = optionsOf(offered);
    const value = option === undefined ? undefined : opts[option.attributeName()];
    if (value === undefined) continue;
    const own = vendor.flags.find((f) => f.flag === offered.flag.flag);
    if (own === undefined || !accepts(vendor.capabilities, operation, own.field)) {
      throw usageError(offered.flag.flag, `applies to ${offered.vendors.map((v) => v.id).join(', ')} only; ${key} is ${vendor.id}`);
    }
    const parse = own.parse ?? ((text: string) => text);
    // A list value may expand to several items (a file holding a JSON array).
    fields[own.field] = Array.isArray(value) ? value.flatMap((v) => parse(String(v))) : typeof value === 'string' ? parse(value) : value;
  }
  return Object.keys(fields).length > 0 ? fields : undefined;
}

/** Refuses a neutral flag the provider cannot take on `operation` (by its capabilities), naming the flag. */
export function requireSupport(vendor: VendorEntry, key: string, operation: 'create' | 'update', flag: string, supported: boolean): void {
  if (!supported) throw usageError(flag, `is not supported on ${operation} by ${key} (${vendor.displayName})`);
}

/** A duration flag's value in milliseconds. */
export function duration(value: string, flag: string): number {
  try {
    return parseDuration(value, flag);
  } catch {
    throw usageError(flag, 'is not a duration such as 30d, 12h or 90m');
  }
}

/** What `--expires` accepts, for its help and its error. */
export const EXPIRES_HELP =
  'an ISO date (2026-12-31: midnight UTC), a date-time (2026-12-31T18:00: UTC unless it ends with Z or an offset such as +02:00), or a duration from now (90d, 12h)';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?$/;

/** An expiry flag's value: see {@link EXPIRES_HELP}. */
export function expiry(value: string, now: number, flag: string): Date {
  const iso = DATE.test(value) ? `${value}T00:00:00Z` : DATE_TIME_WITHOUT_ZONE.test(value) ? `${value}Z` : value;
  if (isIsoDateTime(iso)) return new Date(iso);
  try {
    return new Date(now + parseDuration(value, flag));
  } catch {
    throw usageError(flag, `is not ${EXPIRES_HELP}`);
  }
}
