import { describe, expect, it } from '@jest/globals';
import * as E from 'fp-ts/Either';
import { decodeIssues } from '@tokenbridge/core';
import { type FixtureName, loadFixture } from '@tokenbridge/testing';
import { KodexaAccessTokenC, KodexaCreateExtraC, KodexaErrorBodyC, KodexaPageC, KodexaUserC } from '@tokenbridge/kodexa';

// The request examples are AccessTokens too (the PUT one is what a read-modify-write sends).
const EXAMPLES: readonly FixtureName[] = ['kodexa-put-response', 'kodexa-post-response', 'kodexa-get-response', 'kodexa-put-request', 'kodexa-post-request'];

describe('the reference pages examples', () => {
  it.each(EXAMPLES)('%s decodes without error, every field kept', (name) => {
    const { body } = loadFixture(name);
    const decoded = decodeIssues(KodexaAccessTokenC, body);
    expect(decoded).toEqual(E.right(body));
  });

  it('the embedded user of the examples decodes on its own (GET /api/account/me)', () => {
    const { body } = loadFixture('kodexa-get-response');
    expect(E.isRight(KodexaUserC.decode(body.user))).toBe(true);
  });
});

describe('KodexaAccessTokenC', () => {
  const minimal = { id: '8d5e7b0c-2f1a-4c3d-9e8f-0a1b2c3d4e5f' };

  it('needs only the id; every other field may be missing or null', () => {
    expect(E.isRight(KodexaAccessTokenC.decode(minimal))).toBe(true);
    const allNull = { ...minimal, changeSequence: null, createdOn: null, expiresAt: null, name: null, updatedOn: null, user: null, userId: null, uuid: null };
    expect(KodexaAccessTokenC.decode(allNull)).toEqual(E.right(allNull));
  });

  it('keeps fields it does not know', () => {
    const legacy = { ...minimal, createdBy: 'admin', organization: { slug: 'acme' } };
    expect(KodexaAccessTokenC.decode(legacy)).toEqual(E.right(legacy));
  });

  it('keeps dates as the strings sent, and accepts offsets and fractions', () => {
    const token = { ...minimal, createdOn: '2024-05-06T07:08:09.123456+02:00', expiresAt: '2030-01-01T00:00Z' };
    expect(KodexaAccessTokenC.decode(token)).toEqual(E.right(token));
  });

  it('names the path of each problem: a missing id, a malformed date, a non-integer changeSequence', () => {
    expect(decodeIssues(KodexaAccessTokenC, { name: 'x' })).toEqual(E.left([{ path: 'id', message: 'expected string, got nothing' }]));
    const bad = { ...minimal, createdOn: '2024-13-01T00:00:00Z', expiresAt: '2024-01-01', changeSequence: 1.5, user: { id: 'u', createdOn: 'Tuesday' } };
    const issues = decodeIssues(KodexaAccessTokenC, bad);
    expect(E.isLeft(issues) && issues.left.map((i) => i.path).sort()).toEqual(['changeSequence', 'createdOn', 'expiresAt', 'user.createdOn']);
  });

  it('needs the embedded user to carry its id', () => {
    expect(decodeIssues(KodexaAccessTokenC, { ...minimal, user: { email: 'a@b.c' } })).toEqual(
      E.left([{ path: 'user.id', message: 'expected string, got nothing' }]),
    );
  });
});

describe('KodexaPageC', () => {
  it('decodes the Spring Page envelope and names the item of a bad token', () => {
    const page = {
      content: [{ id: 'a' }],
      pageable: { sort: { empty: false, sorted: true, unsorted: false }, offset: 0, pageNumber: 0, pageSize: 20, paged: true, unpaged: false },
      last: true,
      totalPages: 1,
      totalElements: 1,
      size: 20,
      number: 0,
      sort: { empty: false, sorted: true, unsorted: false },
      first: true,
      numberOfElements: 1,
      empty: false,
    };
    expect(KodexaPageC.decode(page)).toEqual(E.right(page));
    expect(decodeIssues(KodexaPageC, { content: [{ id: 'a' }, { id: 'b', updatedOn: 'x' }] })).toEqual(
      E.left([{ path: 'content[1].updatedOn', message: 'expected IsoDateTime, got a string' }]),
    );
    expect(decodeIssues(KodexaPageC, { items: [] })).toEqual(E.left([{ path: 'content', message: 'expected Array<KodexaAccessToken>, got nothing' }]));
  });
});

describe('KodexaErrorBodyC', () => {
  it('decodes the legacy ExceptionResponse, the Zalando problem and a v2 problem', () => {
    const legacy = { dateTime: '2022-01-01T00:00:00Z', message: 'm', incidentId: 'i', contextPath: '/api', errors: { name: 'blank' }, stackTrace: 'st' };
    const zalando = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'd', instance: '/api/x', parameters: {} };
    const v2 = { title: 'Bad', status: 422, errors: [{ field: 'name', message: 'm', severity: 'error' }] };
    for (const body of [legacy, zalando, v2]) expect(KodexaErrorBodyC.decode(body)).toEqual(E.right(body));
  });
});

describe('extra codecs', () => {
  it('reject any key, naming it', () => {
    expect(E.isRight(KodexaCreateExtraC.decode({}))).toBe(true);
    expect(decodeIssues(KodexaCreateExtraC, { roleId: '1' })).toEqual(E.left([{ path: 'roleId', message: 'unknown field' }]));
  });
});
