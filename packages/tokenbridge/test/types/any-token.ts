/**
 * Type tests, compiled by readme-snippets.test.ts (never run): a plain
 * `Token` or `AnyToken` takes every adapter's token (issue 16, item 10), and
 * `KnownProviderId` is the registry's vendor ids.
 */
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { type AnyToken, type KnownProviderId, type Token, type TokenError, datocms, kodexa, softwareone, toPromise } from 'tokenbridge';

export async function promiseTokens(): Promise<Token[]> {
  const fromKodexa: Token = await toPromise(kodexa({ apiKey: 'key', baseUrl: 'https://acme.kodexa.ai' })).get('1');
  const fromSoftwareOne: Token = await toPromise(softwareone({ apiToken: 'idt:TKN-0000-0001:x' })).get('TKN-0000-0001');
  const fromDatoCms: AnyToken = await toPromise(datocms({ apiToken: 'token' })).get('1');
  return [fromKodexa, fromSoftwareOne, fromDatoCms];
}

/** Code generic over providers: any provider's `get`, any token back. */
export function names(providers: ReadonlyArray<{ get(id: string): TE.TaskEither<TokenError, AnyToken> }>, id: string): TE.TaskEither<TokenError, string[]> {
  return pipe(
    TE.sequenceArray(providers.map((p) => p.get(id))),
    TE.map((tokens) => tokens.map((t) => t.name)),
  );
}

export const generic = names([kodexa({ apiKey: 'key', baseUrl: 'https://acme.kodexa.ai' }), softwareone({ apiToken: 'x' }), datocms({ apiToken: 'y' })], '1');

export const known: KnownProviderId[] = ['kodexa', 'softwareone', 'datocms'];
// @ts-expect-error: not a registered vendor
export const unknown: KnownProviderId = 'github';
