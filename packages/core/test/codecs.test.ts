import * as t from 'io-ts';
import * as E from 'fp-ts/Either';
import {
  CapabilitiesC,
  CreateTokenInputC,
  IsoDateTime,
  ListQueryC,
  Secret,
  TokenJsonC,
  TokenPatchC,
  decodeIssues,
  formatIssues,
  isIsoDateTime,
  nullable,
  strict,
  type Capabilities,
  type Token,
} from '@tokenbridge/core';

describe('IsoDateTime', () => {
  it.each(['2023-11-07T05:31:56Z', '2025-07-15T17:41:44.029Z', '2024-02-29T00:00:00+02:00', '2024-02-29T23:59:59.123456-0500'])('accepts %s', (s) => {
    expect(isIsoDateTime(s)).toBe(true);
    expect(IsoDateTime.decode(s)).toEqual(E.right(s));
  });
  it.each(['2023-02-30T00:00:00Z', '2023-13-01T00:00:00Z', '2023-11-07', '2023-11-07T05:31:56', 'yesterday', '2023-11-07T25:00:00Z', ''])(
    'rejects %s',
    (s) => expect(isIsoDateTime(s)).toBe(false),
  );
  it('keeps the string as sent', () => {
    expect(IsoDateTime.decode('2023-11-07T05:31:56Z')).toEqual(E.right('2023-11-07T05:31:56Z'));
  });
});

describe('formatIssues', () => {
  const Wire = t.type({ content: t.array(t.type({ id: t.string, createdOn: nullable(IsoDateTime), user: t.partial({ id: t.string }) })) });

  it('gives readable paths without values', () => {
    const bad = { content: [{ id: 'a', createdOn: null, user: {} }, { id: 7, createdOn: 'not-a-date-SECRETVALUE', user: { id: 1 } }] };
    const result = Wire.decode(bad);
    if (E.isRight(result)) throw new Error('expected failure');
    const issues = formatIssues(result.left);
    expect(issues).toEqual([
      { path: 'content[1].id', message: 'expected string, got a number' },
      { path: 'content[1].createdOn', message: 'expected IsoDateTime, got a string' },
      { path: 'content[1].user.id', message: 'expected string, got a number' },
    ]);
    expect(JSON.stringify(issues)).not.toContain('SECRETVALUE');
  });

  it('names a missing required field', () => {
    expect(decodeIssues(t.type({ id: t.string }), {})).toEqual(E.left([{ path: 'id', message: 'expected string, got nothing' }]));
  });
});

describe('strict', () => {
  it('rejects unknown keys by name', () => {
    const C = strict(t.partial({ name: t.string }));
    expect(decodeIssues(C, { name: 'x', nmae: 'typo' })).toEqual(E.left([{ path: 'nmae', message: 'unknown field' }]));
    expect(decodeIssues(C, { name: 'x' })).toEqual(E.right({ name: 'x' }));
    expect(E.isLeft(C.decode([]))).toBe(true);
  });
});

describe('neutral model codecs', () => {
  it('CreateTokenInput accepts Dates and ISO strings for expiresAt', () => {
    const d = new Date('2030-01-01T00:00:00Z');
    expect(CreateTokenInputC.decode({ name: 'a', expiresAt: d })).toEqual(E.right({ name: 'a', expiresAt: d }));
    expect(CreateTokenInputC.decode({ name: 'a', expiresAt: '2030-01-01T00:00:00Z' })).toEqual(E.right({ name: 'a', expiresAt: d }));
    expect(E.isLeft(CreateTokenInputC.decode({ name: 'a', expiresAt: new Date('nope') }))).toBe(true);
    expect(E.isLeft(CreateTokenInputC.decode({ name: 'a', expiresAt: '2030-01-01' }))).toBe(true);
    expect(E.isLeft(CreateTokenInputC.decode({ name: 1 }))).toBe(true);
    expect(E.isLeft(CreateTokenInputC.decode({ name: 'a', colour: 'red' }))).toBe(true);
  });

  it('TokenPatch accepts null to clear and rejects unknown statuses', () => {
    expect(TokenPatchC.decode({ description: null, expiresAt: null })).toEqual(E.right({ description: null, expiresAt: null }));
    expect(E.isLeft(TokenPatchC.decode({ status: 'expired' }))).toBe(true);
    expect(E.isLeft(TokenPatchC.decode({ ifVersion: ' ' }))).toBe(true);
  });

  it('ListQuery validates its fields', () => {
    expect(E.isRight(ListQueryC.decode({ nameContains: 'x', orderBy: 'name', order: 'desc', pageSize: 10 }))).toBe(true);
    expect(E.isLeft(ListQueryC.decode({ pageSize: 0 }))).toBe(true);
    expect(E.isLeft(ListQueryC.decode({ pageSize: 1.5 }))).toBe(true);
    expect(E.isLeft(ListQueryC.decode({ orderBy: 'updatedAt' }))).toBe(true);
  });

  it('Token round-trips through its JSON form without the secret', () => {
    const token: Token = {
      provider: 'kodexa',
      id: '1',
      name: 'ci',
      description: null,
      status: 'active',
      createdAt: new Date('2024-01-01T00:00:00.000Z'),
      updatedAt: null,
      expiresAt: new Date('2030-01-01T00:00:00.000Z'),
      lastUsedAt: null,
      version: '3',
      secret: new Secret('top-secret-value'),
      extra: { userId: 'u1' },
      raw: { id: '1' },
    };
    const json = TokenJsonC.encode(token);
    expect(JSON.stringify(json)).not.toContain('top-secret-value');
    expect(json).toMatchObject({ createdAt: '2024-01-01T00:00:00.000Z', hasSecret: true });
    const back = TokenJsonC.decode(JSON.parse(JSON.stringify(json)));
    const { secret: _secret, ...withoutSecret } = token;
    expect(back).toEqual(E.right(expect.objectContaining(withoutSecret)));
  });

  it('Capabilities round-trip', () => {
    const caps: Capabilities = {
      operations: ['get', 'list'],
      create: { fields: [], extra: [] },
      update: { fields: ['name'], extra: [], style: 'patch', optimisticLocking: false },
      delete: { options: [] },
      list: { paging: 'server', maxPageSize: 100, filters: { nameContains: 'server', status: 'client' }, orderBy: { name: 'server', createdAt: 'none' } },
      secretOnCreate: 'always',
      secretOnRead: 'never',
      limits: { nameMaxLength: 200 },
    };
    expect(CapabilitiesC.decode(JSON.parse(JSON.stringify(caps)))).toEqual(E.right(caps));
  });
});
