import { BlockList, isIP } from 'node:net';

/** Whether a string is an IPv4 or IPv6 range in CIDR notation (`192.0.2.0/24`, `2001:db8::/32`). */
export function isCidr(text: string): boolean {
  return subnet(text) !== undefined;
}

/**
 * Whether an address passes a token's IP condition: inside one of `in` (when
 * `in` is given) and inside none of `not_in`. Node's BlockList does the matching.
 */
export function addressAllowed(address: string, allow: readonly string[] | undefined, deny: readonly string[] | undefined): boolean {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  if (allow !== undefined && allow.length > 0 && !rangeList(allow).check(address, family)) return false;
  return deny === undefined || !rangeList(deny).check(address, family);
}

function rangeList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const parsed = subnet(range);
    if (parsed !== undefined) list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return list;
}

function subnet(text: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', prefixText, extra] = text.split('/');
  const version = isIP(address);
  if (version === 0 || prefixText === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > (version === 4 ? 32 : 128)) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
