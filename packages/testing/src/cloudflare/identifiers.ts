import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { CloudflareOwner } from './types';

const VALUE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 32 lower-case hex characters, the shape of Cloudflare ids. */
export function newId(): string {
  return randomBytes(16).toString('hex');
}

/** A scannable token value: `cfut_` (user) or `cfat_` (account), 40 letters and digits, an 8-hex checksum. */
export function newValue(owner: CloudflareOwner): string {
  const prefix = owner === 'user' ? 'cfut_' : 'cfat_';
  let body = '';
  for (let i = 0; i < 40; i += 1) body += VALUE_ALPHABET[randomInt(VALUE_ALPHABET.length)];
  // Cloudflare's checksum algorithm is not published; any 8 hex characters have the right shape.
  return `${prefix}${body}${createHash('sha256').update(prefix + body).digest('hex').slice(0, 8)}`;
}
