import { describe, expect, it } from '@jest/globals';
import * as E from 'fp-ts/Either';
import { decodeCursor, encodeCursor } from '@tokenbridge/core';
import * as t from 'io-ts';
import { loadFixture } from '@tokenbridge/testing';
import type { KodexaAccessToken } from '@tokenbridge/kodexa';
import { createBody, extraOf, hasMore, isFirstPage, listState, nameFilter, putBody, sortParam, toPage, toToken } from '../src/mapping';

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

  it('changes only the patched field and sends back everything else as read, the embedded user and unknown fields included', () => {
    expect(putBody(current, { name: 'renamed' })).toEqual({ ...current, name: 'renamed' });
    expect(putBody(current, { expiresAt: null })).toEqual({ ...current, expiresAt: null });
    expect(putBody(current, { expiresAt: new Date('2031-02-03T04:05:06Z') })).toEqual({ ...current, expiresAt: '2031-02-03T04:05:06.000Z' });
    const legacy = { ...current, createdBy: 'admin', organization: { slug: 'acme' } };
    expect(putBody(legacy, { name: 'renamed' })).toEqual({ ...legacy, name: 'renamed' });
    expect(putBody(current, { name: 'renamed' })?.user).toEqual(current.user);
  });

  it('is undefined when nothing changes (the same instant written differently included)', () => {
    expect(putBody(current, {})).toBeUndefined();
    expect(putBody(current, { name: current.name ?? '' })).toBeUndefined();
    expect(putBody(current, { expiresAt: new Date('2023-11-07T05:31:56.000Z') })).toBeUndefined();
    expect(putBody({ ...current, expiresAt: null }, { expiresAt: null })).toBeUndefined();
  });
});

describe('list queries', () => {
  it('sorts by one field:direction key, the unique id when no order is asked', () => {
    expect(sortParam(undefined)).toBe('id:asc');
    expect(sortParam(undefined, 'desc')).toBe('id:desc');
    expect(sortParam('name', 'desc')).toBe('name:desc');
    expect(sortParam('createdAt', 'desc')).toBe('createdOn:desc');
  });

  it("escapes quotes and backslashes in a name filter", () => {
    expect(nameFilter('ci')).toBe("name~'*ci*'");
    expect(nameFilter("it's a\\b")).toBe("name~'*it\\'s a\\\\b*'");
  });

  it('builds the first page from the query (base unknown, page 1), and the next from a cursor carrying the base', () => {
    expect(listState(ctx, { nameContains: 'ci', status: 'active', orderBy: 'name', pageSize: 5 })).toEqual(
      E.right({ page: 1, pageSize: 5, sort: 'name:asc', filter: "name~'*ci*'", nameContains: 'ci', status: 'active' }),
    );
    expect(listState(ctx, { nameContains: '' })).toEqual(E.right({ page: 1, pageSize: 100, sort: 'id:asc' }));
    const cursor = encodeCursor({ base: 0, page: 3, pageSize: 5, sort: 'id:asc' });
    expect(listState(ctx, { cursor, nameContains: 'ignored' })).toEqual(E.right({ base: 0, page: 3, pageSize: 5, sort: 'id:asc' }));
    for (const bad of [{ base: 1, page: -1, pageSize: 5, sort: 'id:asc' }, { page: 3, pageSize: 5, sort: 'id:asc' }, { base: 2, page: 3, pageSize: 5, sort: 'id:asc' }]) {
      expect(listState(ctx, { cursor: encodeCursor(bad) })).toEqual(E.left(expect.objectContaining({ _tag: 'Validation' })));
    }
  });

  it('tells the first page by first, else the offset, else a number of 0 or an empty page of a non-empty list', () => {
    const items = [{ id: 'a' }];
    expect(isFirstPage({ content: items, first: true, number: 1 })).toBe(true);
    expect(isFirstPage({ content: items, first: false, number: 0 })).toBe(false);
    expect(isFirstPage({ content: items, pageable: { offset: 0 } })).toBe(true);
    expect(isFirstPage({ content: items, pageable: { offset: 20 } })).toBe(false);
    expect(isFirstPage({ content: items, number: 0 })).toBe(true);
    expect(isFirstPage({ content: [], totalElements: 3 })).toBe(false);
    // A number of 1 is a 0-based server's second page, or the first page of one echoing 1-based numbers.
    expect(isFirstPage({ content: items, number: 1 })).toBeUndefined();
    expect(isFirstPage({ content: items })).toBeUndefined();
  });

  it('ends on an empty page, on last, or once totalElements are passed, counting pages from the base', () => {
    const state = { base: 1 as const, page: 2, pageSize: 2, sort: 'id:asc' };
    expect(hasMore({ ...state, base: 0, page: 1 }, { content: [{ id: 'a' }, { id: 'b' }], totalElements: 4 })).toBe(false);
    expect(hasMore({ ...state, base: 0, page: 0 }, { content: [{ id: 'a' }, { id: 'b' }], totalElements: 4 })).toBe(true);
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
    const state = { base: 1 as const, page: 1, pageSize: 3, sort: 'id:asc', filter: "name~'*a*b*'", nameContains: 'a*b', status: 'active' as const };
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
