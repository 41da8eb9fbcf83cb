import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { pipe } from 'fp-ts/function';
import { supports } from '../capabilities';
import { checkCredential } from '../credential-check';
import { type AdapterOperations, defineProvider } from '../define-provider';
import { type TokenError, TokenErrors } from '../errors';
import { requireCredential, requireString } from '../factory-options';
import type { ProviderTypes } from '../model';
import type { CredentialCheck, RotationSupport } from '../provider';
import { systemClock } from '../transport/clock';
import { type Transport, type TransportOptions, createTransport } from '../transport/transport';
import type { AdapterDescription, AdapterFactory, AdapterKit, CredentialCheckDescription, FactoryContext } from './description';
import { fieldKeyMismatches } from './token-codec';

/**
 * Turns a vendor's description into its adapter factory. The factory checks
 * the credential option, `baseUrl` (the description's default when absent)
 * and the adapter's settings — a missing or malformed one throws a
 * `TokenBridgeError` (`Validation`, operation `configure`) — passes every
 * other option to the transport (which refuses unknown ones), and builds the
 * provider with {@link defineProvider}: `get` and `delete` are the kit's
 * unless the adapter writes its own, and rotation's `verifyCredential` is a
 * read made with the new secret.
 *
 * Throws at once, before any factory call, when the capabilities and the
 * codecs disagree on the fields each accepts.
 */
export function defineAdapter<S extends ProviderTypes, O extends TransportOptions>(description: AdapterDescription<S, O>): AdapterFactory<O, S> {
  const { provider, capabilities, codecs } = description;
  const mismatches = fieldKeyMismatches(capabilities, codecs);
  if (mismatches.length > 0) throw new Error(`${provider}: ${mismatches.join('; ')}`);

  return (options) => {
    const { context, baseUrl, transportOptions } = readOptions(description, options);
    const headers = description.vendorHeaders;
    const transport = createTransport({
      provider,
      baseUrl,
      credential: context.credential,
      ...description.transport,
      ...(headers !== undefined ? { vendorHeaders: typeof headers === 'function' ? headers(context.settings) : headers } : {}),
      options: transportOptions,
    });
    const clock = transportOptions.clock ?? systemClock;
    const now = (): number => clock.now();
    const paths = typeof description.paths === 'function' ? description.paths(context.settings) : description.paths;
    const kit: AdapterKit<S, O> = {
      ...context,
      provider,
      paths,
      now,
      readToken: (op, id) => {
        const query = paths.readQuery;
        return description.token.send(op, { method: 'GET', path: paths.item, params: { id }, ...(query !== undefined ? { query } : {}) }, now);
      },
      sendForToken: (op, request) => description.token.send(op, request, now),
    };
    const own = description.operations(kit);
    const operations: AdapterOperations<S> = {
      ...(supports(capabilities, 'get') ? { get: (id, op) => kit.readToken(op, id) } : {}),
      ...(supports(capabilities, 'delete')
        ? {
            delete: (target, deleteOptions, op) => {
              const query = description.deleteQuery?.(deleteOptions);
              return pipe(
                op.request({ method: 'DELETE', path: paths.item, params: { id: target.id }, ...(query !== undefined ? { query } : {}), response: 'ignore' }),
                TE.map(() => undefined),
              );
            },
          }
        : {}),
      ...own,
    };
    const rotation = description.rotation;
    return defineProvider<S>({
      transport,
      capabilities,
      codecs,
      now,
      operations,
      ...(rotation !== undefined ? { rotation: rotationSupport(transport, rotation, context.settings) } : {}),
      ...(description.usageOf !== undefined ? { usageOf: description.usageOf } : {}),
    });
  };
}

/** The factory's options, checked and split: credential and settings, base URL, and the rest for the transport. */
function readOptions<S extends ProviderTypes, O extends TransportOptions>(
  description: AdapterDescription<S, O>,
  options: O,
): { context: FactoryContext<O>; baseUrl: string; transportOptions: TransportOptions } {
  const { provider, credentialOption, defaultBaseUrl } = description;
  const rest: Record<string, unknown> = { ...((options ?? {}) as object) };
  const take = (key: string): unknown => {
    const value = rest[key];
    delete rest[key];
    return value;
  };
  const credential = requireCredential(provider, credentialOption, take(credentialOption));
  const given = take('baseUrl');
  const baseUrl = requireString(provider, 'baseUrl', given === undefined ? defaultBaseUrl : given);
  const settings: Record<string, unknown> = {};
  for (const [key, parse] of Object.entries(description.settings ?? {}) as Array<[string, (value: unknown) => unknown]>) {
    const value = take(key);
    if (value !== undefined) settings[key] = parse(value);
  }
  return { context: { credential, settings: settings as Partial<O> }, baseUrl, transportOptions: rest as TransportOptions };
}

function rotationSupport<S extends ProviderTypes>(
  transport: Transport,
  { credentialCheck, ...rotation }: NonNullable<AdapterDescription<S, TransportOptions>['rotation']>,
  settings: Readonly<Record<string, unknown>>,
): RotationSupport<S> {
  return { ...rotation, verifyCredential: (secret, options) => verify(transport, credentialCheck, settings, secret, options) };
}

function verify(
  transport: Transport,
  { probe, unverified }: CredentialCheckDescription,
  settings: Readonly<Record<string, unknown>>,
  ...[secret, options]: Parameters<RotationSupport['verifyCredential']>
): TE.TaskEither<TokenError, CredentialCheck> {
  const request = typeof probe === 'function' ? probe(secret, { provider: transport.provider, operation: 'rotate' }, settings) : E.right(probe);
  if (E.isLeft(request)) return TE.left(request.left);
  const { path, params, response, refused } = request.right;
  return checkCredential(transport, secret, options, (op) =>
    pipe(
      response !== undefined
        ? TE.map((r: { readonly data: unknown; readonly status: number }) => r)(op.request({ method: 'GET', path, ...(params !== undefined ? { params } : {}), response }))
        : op.request({ method: 'GET', path, ...(params !== undefined ? { params } : {}), response: 'ignore' }),
      TE.chain((r) => {
        const reason = refused?.(r.data);
        return reason === undefined ? TE.right(r) : TE.left(TokenErrors.unauthorized(op, reason, { status: r.status }));
      }),
      TE.map((): CredentialCheck => ({ status: 'verified' })),
      TE.orElse((error) => {
        const reason = unverified?.(error);
        return reason !== undefined ? TE.right<TokenError, CredentialCheck>({ status: 'unverified', reason }) : TE.left(error);
      }),
    ),
  );
}
