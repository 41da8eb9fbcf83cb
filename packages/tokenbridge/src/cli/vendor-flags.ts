import { TokenBridgeError, TokenErrors } from '@tokenbridge/core';

/** The vendor-specific flags of `create` and `update`, as commander parses them. */
export interface VendorFlags {
  readonly role?: string;
  readonly cda?: boolean;
  readonly cdaPreview?: boolean;
  readonly cma?: boolean;
  readonly account?: string;
  readonly module?: string[];
  readonly icon?: string;
}

const FLAG_VENDOR: Readonly<Record<keyof VendorFlags, { readonly vendor: string; readonly flag: string }>> = {
  role: { vendor: 'datocms', flag: '--role' },
  cda: { vendor: 'datocms', flag: '--cda' },
  cdaPreview: { vendor: 'datocms', flag: '--cda-preview' },
  cma: { vendor: 'datocms', flag: '--cma' },
  account: { vendor: 'softwareone', flag: '--account' },
  module: { vendor: 'softwareone', flag: '--module' },
  icon: { vendor: 'softwareone', flag: '--icon' },
};

/**
 * Turns the vendor flags into the provider's `extra`, refusing a flag of
 * another vendor (a `Validation` error naming it).
 */
export function extraFromFlags(vendor: string, flags: VendorFlags, operation: 'create' | 'update'): Record<string, unknown> | undefined {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flags) as Array<[keyof VendorFlags, unknown]>) {
    const owner = FLAG_VENDOR[key];
    if (value === undefined || owner === undefined) continue;
    if (owner.vendor !== vendor) {
      throw new TokenBridgeError(
        TokenErrors.validation({ provider: vendor, operation }, `${owner.flag} applies to ${owner.vendor} only`, [{ path: owner.flag, message: `not a ${vendor} option` }]),
      );
    }
  }
  if (vendor === 'datocms') {
    if (flags.role !== undefined) extra['roleId'] = flags.role;
    if (flags.cda !== undefined) extra['canAccessCda'] = flags.cda;
    if (flags.cdaPreview !== undefined) extra['canAccessCdaPreview'] = flags.cdaPreview;
    if (flags.cma !== undefined) extra['canAccessCma'] = flags.cma;
  }
  if (vendor === 'softwareone') {
    if (flags.account !== undefined) extra['accountId'] = flags.account;
    if (flags.module !== undefined) extra['moduleIds'] = flags.module;
    if (flags.icon !== undefined) extra['icon'] = flags.icon;
  }
  return Object.keys(extra).length > 0 ? extra : undefined;
}
