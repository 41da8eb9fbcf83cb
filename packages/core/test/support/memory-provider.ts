import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { Secret, TokenErrors, clientPage, type AnyTokenProvider, type Capabilities, type Token, type TokenError, type TokenUsage } from '@tokenbridge/core';

export const DAY = 86_400_000;
export const NOW = Date.parse('2026-06-01T00:00:00Z');

/**
 * An in-memory provider (not an adapter: the manager's logic is what is under
 * test here) that records every call and can be told to fail one operation.
 */
export function memoryProvider(
  id: string,
  options: {
    tokens?: Array<Partial<Token<object>>>;
    caps?: Partial<Capabilities>;
    failOn?: string;
    verify?: 'ok' | 'narrow' | 'reject';
    /** The clock of creation times (default {@link NOW}). */
    now?: () => number;
    /** The next create fails as a dropped connection would: outcome unknown, the token made or not. */
    createLost?: 'made' | 'not-made';
    /** Reports last use (`usageOf`): each token's `lastUsedAt`, exact; null is never used. */
    reportsUsage?: boolean;
  } = {},
) {
  /** The secret of each token created or regenerated, by id. */
  const secrets = new Map<string, string>();
  let createLost = options.createLost;
  const calls: string[] = [];
  const tokens = new Map<string, Token<object>>();
  let next = 1;
  const make = (partial: Partial<Token<object>>): Token<object> => {
    const token: Token<object> = {
      provider: id,
      id: partial.id ?? String(next++),
      name: 'token',
      description: null,
      status: 'active',
      createdAt: new Date(NOW - 10 * DAY),
      updatedAt: null,
      expiresAt: null,
      lastUsedAt: null,
      version: null,
      extra: {},
      raw: {},
      ...partial,
    };
    tokens.set(token.id, token);
    return token;
  };
  for (const t of options.tokens ?? []) make(t);
  const ctx = (operation: 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate') => ({ provider: id, operation });
  const fail = (op: 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate'): TokenError | undefined =>
    options.failOn === op ? TokenErrors.server(ctx(op), `${op} failed`) : undefined;
  const result = <A>(op: 'create' | 'get' | 'update' | 'delete' | 'list' | 'regenerate', value: () => E.Either<TokenError, A>) =>
    TE.fromIOEither(() => {
      calls.push(op);
      const failure = fail(op);
      return failure ? E.left(failure) : value();
    });
  const capabilities: Capabilities = {
    operations: ['create', 'get', 'update', 'delete', 'list', 'regenerate'],
    create: { fields: ['name', 'description', 'expiresAt'], extra: [] },
    update: { fields: ['name', 'status'], extra: [], style: 'patch', optimisticLocking: false },
    delete: { options: [] },
    list: { paging: 'client', maxPageSize: 100, filters: { nameContains: 'client', status: 'client' }, orderBy: { name: 'client', createdAt: 'client' } },
    secretOnCreate: 'always',
    secretOnRead: 'never',
    limits: { nameMaxLength: 100 },
    ...options.caps,
  };
  const found = (key: string, op: 'get' | 'update' | 'delete' | 'regenerate') => {
    const token = tokens.get(key);
    return token ? E.right(token) : E.left<TokenError, Token<object>>(TokenErrors.notFound(ctx(op), 'no such token'));
  };
  const provider: AnyTokenProvider = {
    specificationVersion: 'v1',
    provider: id,
    capabilities,
    create: (input) =>
      result('create', () => {
        const lost = createLost;
        createLost = undefined;
        if (lost === 'not-made') return E.left(TokenErrors.network(ctx('create'), 'connection reset', { outcomeUnknown: true }));
        const token = make({ name: input.name, description: input.description ?? null, expiresAt: input.expiresAt ?? null, createdAt: new Date(options.now?.() ?? NOW), extra: input.extra ?? {} });
        secrets.set(token.id, `secret-${next}`);
        if (lost === 'made') return E.left(TokenErrors.network(ctx('create'), 'connection reset', { outcomeUnknown: true }));
        return E.right({ ...token, secret: new Secret(`secret-${next}`) });
      }),
    get: (key) => result('get', () => found(key, 'get')),
    update: (target, patch) =>
      result('update', () => {
        const key = typeof target === 'string' ? target : target.id;
        return E.map((t: Token<object>) =>
          make({
            ...t,
            ...(patch.status ? { status: patch.status } : {}),
            ...(patch.name ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.expiresAt !== undefined ? { expiresAt: patch.expiresAt } : {}),
            ...(patch.extra ? { extra: { ...t.extra, ...patch.extra } } : {}),
          }),
        )(found(key, 'update'));
      }),
    delete: (target) =>
      result('delete', () => {
        const key = typeof target === 'string' ? target : target.id;
        return E.map(() => void tokens.delete(key))(found(key, 'delete'));
      }),
    regenerate: (target) =>
      result('regenerate', () =>
        E.map((t: Token<object>) => {
          const value = `regenerated-${next++}`;
          secrets.set(t.id, value);
          return { ...t, secret: new Secret(value) };
        })(found(typeof target === 'string' ? target : target.id, 'regenerate')),
      ),
    list: (query = {}) => result('list', () => clientPage(ctx('list'), [...tokens.values()], query)),
    rotation: {
      replacementInput: (token) => ({ name: token.name, ...(token.description ? { description: token.description } : {}), ...(Object.keys(token.extra).length > 0 ? { extra: token.extra } : {}) }),
      verifyCredential: () =>
        TE.fromIOEither(() => {
          calls.push('verify');
          if (options.verify === 'reject') return E.left(TokenErrors.unauthorized({ provider: id, operation: 'rotate' }, 'rejected'));
          return E.right(options.verify === 'narrow' ? { status: 'unverified' as const, reason: 'reads nothing' } : { status: 'verified' as const });
        }),
    },
    ...(options.reportsUsage
      ? { usageOf: (token: Token<object>): TokenUsage => (token.lastUsedAt ? { kind: 'used', latest: token.lastUsedAt, precision: 'exact' } : { kind: 'never' }) }
      : {}),
    http: () => {
      throw new Error('not used');
    },
    close: async () => {
      calls.push('close');
    },
  };
  const writes = () => calls.filter((c) => c === 'create' || c === 'update' || c === 'delete' || c === 'regenerate');
  /** Tokens that are neither deleted nor disabled. */
  const live = () => [...tokens.values()].filter((t) => t.status === 'active');
  return { provider, calls, tokens, writes, secrets, live };
}

