import * as t from 'io-ts';
import type * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { map } from 'fp-ts/TaskEither';
import type { Capabilities } from '../capabilities';
import { type StrictType, strict } from '../codecs';
import type { TokenError } from '../errors';
import type { Token } from '../model';
import type { OperationContext } from '../transport/transport';
import type { RequestSpec } from '../transport/request';

/** A request whose answer is one token; the kit supplies how the answer is read. */
export type TokenRequest = Omit<RequestSpec<unknown>, 'response'>;

/**
 * How a vendor's single-token answer (a read, and where the vendor answers
 * writes the same way, a create, write or regenerate) becomes a neutral token.
 * Made with {@link tokenCodec}, which keeps the wire type to itself.
 */
export interface TokenCodec<X> {
  /** Sends `request` and maps its decoded answer; `now` (read once the answer is in) is the time a status derived from an expiry uses. */
  send(op: OperationContext, request: TokenRequest, now: () => number): TE.TaskEither<TokenError, Token<X>>;
}

/**
 * A {@link TokenCodec} from the codec of the answer and the adapter's pure
 * mapping. The answer may be an envelope (`{ data: … }`): `toToken` unwraps it.
 *
 * @example
 * const token = tokenCodec(AccessTokenDocumentC, (document) => toToken(document.data));
 */
export function tokenCodec<R, X>(answer: t.Decoder<unknown, R>, toToken: (answer: R, now: number) => Token<X>): TokenCodec<X> {
  return {
    send: (op, request, now) =>
      pipe(
        op.request({ ...request, response: answer }),
        map((result) => toToken(result.data, now())),
      ),
  };
}

/** The strict codec of "no vendor fields": any key is a `Validation` error ({@link strict}). */
export function noFields(name: string): StrictType<Readonly<Record<string, never>>, object> {
  // `{}` is the only value it accepts, which is a Record<string, never>.
  return strict(t.type({}), name) as StrictType<Readonly<Record<string, never>>, object>;
}

/** A decoder that names the keys it accepts, as {@link strict}'s codecs do. */
export type KeyedDecoder<A> = t.Decoder<unknown, A> & { readonly keys: readonly string[] };

/** The strict codecs of an adapter's own fields: `extra` on create and update, and its delete options. */
export interface FieldCodecs<CreateExtra, PatchExtra, DeleteOptions> {
  readonly createExtra: KeyedDecoder<CreateExtra>;
  readonly patchExtra: KeyedDecoder<PatchExtra>;
  readonly deleteOptions: KeyedDecoder<DeleteOptions>;
}

/**
 * Where `capabilities` and the codecs disagree on the keys each accepts, one
 * line per difference; empty when they agree. The capability lists drive the
 * CLI's flags, the support matrix and the pre-flight checks, the codecs the
 * decoding: both must name the same fields.
 */
export function fieldKeyMismatches(
  capabilities: Capabilities,
  codecs: FieldCodecs<unknown, unknown, unknown>,
): string[] {
  const pairs = [
    ['create.extra', capabilities.create.extra, codecs.createExtra.keys],
    ['update.extra', capabilities.update.extra, codecs.patchExtra.keys],
    ['delete.options', capabilities.delete.options, codecs.deleteOptions.keys],
  ] as const;
  return pairs.flatMap(([where, declared, decoded]) => {
    const missing = decoded.filter((key) => !declared.includes(key));
    const extra = declared.filter((key) => !decoded.includes(key));
    return [
      ...(missing.length > 0 ? [`capabilities ${where} lacks ${missing.join(', ')}, which its codec accepts`] : []),
      ...(extra.length > 0 ? [`capabilities ${where} lists ${extra.join(', ')}, which its codec refuses`] : []),
    ];
  });
}
