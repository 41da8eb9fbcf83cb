/**
 * The adapter kit: what it takes to put a vendor behind the neutral
 * `TokenProvider`. An adapter describes its vendor — base URL, auth, headers,
 * limiter, error parser, resource paths, codecs and the `toToken` mapping —
 * and writes only what genuinely differs between vendors: create bodies,
 * update semantics and list paging. {@link defineAdapter} makes the factory,
 * the transport, `get`, `delete` and the credential check from the rest.
 *
 * @packageDocumentation
 */
export { defineAdapter } from './adapter/define-adapter';
export { fieldKeyMismatches, noFields, tokenCodec } from './adapter/token-codec';
export type { FieldCodecs, KeyedDecoder, TokenCodec, TokenRequest } from './adapter/token-codec';
export type {
  AdapterDescription,
  AdapterFactory,
  AdapterKit,
  CredentialCheckDescription,
  CredentialProbe,
  FactoryContext,
  ResourcePaths,
  VendorOperations,
} from './adapter/description';
