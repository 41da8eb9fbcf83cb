import { describe, expect, it } from '@jest/globals';
import * as E from 'fp-ts/Either';
import { decodeCursor, encodeCursor } from '@tokenbridge/core';
import * as t from 'io-ts';
import { loadFixture } from '@tokenbridge/testing';
import type { KodexaAccessToken } from '@tokenbridge/kodexa';
import { createBody, extraOf, hasMore, listState, nameFilter, putBody, sortParam, toPage, toToken } from '../src/mapping';

const ctx = { provider: 'kodexa', operation: 'list' } as const;
const NOW = Date.parse('2025-06-01T00:00:00Z');
const example = (): KodexaAccessToken => loadFixture('kodexa-get-response').body as unknown as KodexaAccessToken;

describe('toToken', () => {
  it('maps the reference example, summarising the user and keeping the payload in raw', () => {
    const payload = example();
    const token = toToken(payload, NOW);
    expect(token).toMatchObject({
      provider: 'kodexa',
      id: '<string>',
      description: null,
      status: 'expired',
      createdAt: new Date('2023-11-07T05:31:56Z'),
      lastUsedAt: null,
      version: '123',
    });
    expect(token.extra).toEqual({
      userId: '<string>',
      user: { id: '<string>', email: '<string>', firstName: '<string>', lastName: '<string>', userType: '<string>', active: true },
      uuid: '<string>',
    });
    expect(token.raw).toEqual(payload);
  });

  it('derives status from expiresAt: expired from the instant it passes, active without an expiry', () => {
    const at = '2025-06-01T00:00:00Z';
    expect(toToken({ id: 'a', expiresAt: at } as KodexaAccessToken, NOW - 1).status).toBe('active');
    expect(toToken({ id: 'a', expiresAt: at } as KodexaAccessToken, NOW).status).toBe('expired');
    expect(toToken({ id: 'a', expiresAt: null }, NOW).status).toBe('active');
  });

  it('fills what a sparse payload lacks with nulls', () => {
    expect(toToken({ id: 'a' }, NOW)).toEqual({
      provider: 'kodexa',
      id: 'a',
      name: '',
      description: null,
      status: 'active',
      createdAt: null,
      updatedAt: null,
      expiresAt: null,
      lastUsedAt: null,
      version: null,
      extra: { userId: null, user: null, uuid: null },
      raw: { id: 'a' },
    });
  });

  it('takes the owner id from the embedded user when userId is absent, and summarises only present fields', () => {
    expect(extraOf({ id: 'a', user: { id: 'u1', email: null, active: false } })).toEqual({ userId: 'u1', user: { id: 'u1', active: false }, uuid: null });
  });

  it('moves a secret out of raw, whichever field carried it', () => {
    const payload = { id: 'a', name: 'n', token: 'kdx-secret-1', apiKey: 'kdx-secret-2' } as KodexaAccessToken;
    const token = toToken(payload, NOW);
    expect(token.raw).toEqual({ id: 'a', name: 'n' });
    expect(JSON.stringify(token)).not.toContain('kdx-secret');
  });
});

describe('createBody', () => {
  it('holds only the name and, when given, the expiry', () => {
    expect(createBody({ name: 'ci' })).toEqual({ name: 'ci' });
    expect(createBody({ name: 'ci', expiresAt: new Date('2030-01-01T00:00:00Z') })).toEqual({ name: 'ci', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(createBody({ name: 'ci', expiresAt: null })).toEqual({ name: 'ci', expiresAt: null });
  });
});

describe('putBody', () => {
  const current = example();

  it('changes only the patched field, drops the embedded user, keeps everything else as read', () => {
    const { user: _user, ...rest } = current;
    expect(putBody(current, { name: 'renamed' })).toEqual({ ...rest, name: 'renamed' });
    expect(putBody(current, { expiresAt: null })).toEqual({ ...rest, expiresAt: null });
    expect(putBody(current, { expiresAt: new Date('2031-02-03T04:05:06Z') })).toEqual({ ...rest, expiresAt: '2031-02-03T04:05:06.000Z' });
  });

  it('is undefined when nothing changes (the same instant written differently included)', () => {
    expect(putBody(current, {})).toBeUndefined();
    expect(putBody(current, { name: current.name ?? '' })).toBeUndefined();
    expect(putBody(current, { expiresAt: new Date('2023-11-07T05:31:56.000Z') })).toBeUndefined();
    expect(putBody({ ...current, expiresAt: null }, { expiresAt: null })).toBeUndefined();
  });
});

describe('list queries', () => {
  it('sorts by the field then id, in one direction', () => {
    expect(sortParam()).toBe('createdOn:asc;id:asc');
    expect(sortParam('name', 'desc')).toBe('name:desc;id:desc');
    expect(sortParam('createdAt', 'desc')).toBe('createdOn:desc;id:desc');
  });

  it("escapes quotes and backslashes in a name filter", () => {
    expect(nameFilter('ci')).toBe("name~'*ci*'");
    expect(nameFilter("it's a\\b")).toBe("name~'*it\\'s a\\\\b*'");
  });

  it('builds the first page from the query, and the next from a cursor', () => {
    expect(listState(ctx, { nameContains: 'ci', status: 'active', orderBy: 'name', pageSize: 5 })).toEqual(
      E.right({ page: 1, pageSize: 5, sort: 'name:asc;id:asc', filter: "name~'*ci*'", nameContains: 'ci', status: 'active' }),
    );
    expect(listState(ctx, { nameContains: '' })).toEqual(E.right({ page: 1, pageSize: 100, sort: 'createdOn:asc;id:asc' }));
    const cursor = encodeCursor({ page: 3, pageSize: 5, sort: 'id:asc' });
    expect(listState(ctx, { cursor, nameContains: 'ignored' })).toEqual(E.right({ page: 3, pageSize: 5, sort: 'id:asc' }));
    expect(listState(ctx, { cursor: encodeCursor({ page: 0, pageSize: 5, sort: 'id:asc' }) })).toEqual(E.left(expect.objectContaining({ _tag: 'Validation' })));
  });

  it('ends on an empty page, on last, or once totalElements are passed; never by number', () => {
    const state = { page: 2, pageSize: 2, sort: 'id:asc' };
    const items = [{ id: 'a' }, { id: 'b' }];
    expect(hasMore(state, { content: items })).toBe(true);
    expect(hasMore(state, { content: [] })).toBe(false);
    expect(hasMore(state, { content: items, last: true })).toBe(false);
    expect(hasMore(state, { content: items, totalElements: 4 })).toBe(false);
    expect(hasMore(state, { content: items, totalElements: 5 })).toBe(true);
    // The server's own page size counts, should it have clamped ours.
    expect(hasMore({ ...state, pageSize: 100 }, { content: items, totalElements: 5, size: 2 })).toBe(true);
    expect(hasMore(state, { content: items, number: 99, totalPages: 1 })).toBe(true);
  });

  it('narrows a page on the client and carries the state in the next cursor', () => {
    const state = { page: 1, pageSize: 3, sort: 'id:asc', filter: "name~'*a*b*'", nameContains: 'a*b', status: 'active' as const };
    const content = [
      { id: '1', name: 'A*B key' },
      { id: '2', name: 'a-b key' },
      { id: '3', name: 'a*b old', expiresAt: '2020-01-01T00:00:00Z' },
    ] as KodexaAccessToken[];
    const page = toPage(state, { content, last: false }, NOW);
    expect(page.items.map((t) => t.id)).toEqual(['1']);
    const next = decodeCursor(ctx, t.unknown, page.nextCursor ?? '');
    expect(next).toEqual(E.right({ ...state, page: 2 }));
  });
});
