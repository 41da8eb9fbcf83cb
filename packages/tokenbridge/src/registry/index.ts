import type { VendorEntry } from './vendor';
import { VENDORS } from './vendors';

export { VENDORS } from './vendors';
export { defineVendor, jsonFlag } from './vendor';
export type { VendorConnection, VendorDefinition, VendorEntry, VendorFlag, VendorSetting } from './vendor';

/** The id of a registered vendor. */
export type VendorId = keyof typeof VENDORS;

declare module '@tokenbridge/core' {
  // Each registered vendor's id becomes a KnownProviderId (core names no vendor itself).
  interface KnownProviders extends Readonly<Record<VendorId, true>> {}
}

/** Every registered vendor, in registry order. */
export const VENDOR_LIST: ReadonlyArray<VendorEntry<VendorId>> = Object.values(VENDORS);

/** Every registered vendor id, in registry order. */
export const VENDOR_IDS: readonly VendorId[] = VENDOR_LIST.map((v) => v.id);

/** True when `id` names a registered vendor. */
export function isVendorId(id: string): id is VendorId {
  return Object.prototype.hasOwnProperty.call(VENDORS, id);
}

/** The registry entry of `id`. */
export function vendorEntry(id: VendorId): VendorEntry<VendorId> {
  return VENDORS[id];
}
