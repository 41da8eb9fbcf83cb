import * as E from 'fp-ts/Either';
import { decodeIssues } from '@tokenbridge/core';
import { loadFixture } from '@tokenbridge/testing';
import {
  DatoCmsAccessTokenCollectionC,
  DatoCmsAccessTokenDocumentC,
  DatoCmsApiErrorDocumentC,
  DatoCmsCreateExtraC,
  DatoCmsDeleteOptionsC,
  DatoCmsPatchExtraC,
} from '@tokenbridge/datocms';

const simulatorShaped = {
  id: '7',
  type: 'access_token',
  attributes: {
    name: 'CI',
    token: '0123456789abcdef0123456789abcd',
    can_access_cda: true,
    can_access_cda_preview: false,
    can_access_cma: true,
    hardcoded_type: null,
    last_cda_access: 'never',
    last_cma_access: 'today',
  },
  relationships: { role: { data: { type: 'role', id: '1' } } },
};

describe('access_token codecs', () => {
  it("decode seed page 004's response example (no token, hardcoded_type \"\")", () => {
    const fixture = loadFixture('datocms-put-response');
    expect(decodeIssues(DatoCmsAccessTokenDocumentC, fixture.body)).toEqual(E.right(fixture.body));
  });

  it('decode a token with its secret, a null hardcoded_type and the last-access buckets', () => {
    expect(E.isRight(DatoCmsAccessTokenDocumentC.decode({ data: simulatorShaped }))).toBe(true);
    expect(E.isRight(DatoCmsAccessTokenCollectionC.decode({ data: [simulatorShaped, simulatorShaped] }))).toBe(true);
  });

  it('tolerate a missing secret, a null secret, a null role and missing relationships', () => {
    const { token: _secret, ...withoutToken } = simulatorShaped.attributes;
    for (const variant of [
      { ...simulatorShaped, attributes: withoutToken },
      { ...simulatorShaped, attributes: { ...simulatorShaped.attributes, token: null } },
      { ...simulatorShaped, relationships: { role: { data: null } } },
      { id: '7', type: 'access_token', attributes: simulatorShaped.attributes },
    ]) {
      expect(decodeIssues(DatoCmsAccessTokenDocumentC, { data: variant })).toEqual(E.right({ data: variant }));
    }
  });

  it('keep fields they do not know, so raw shows what the vendor sent', () => {
    const withNew = { ...simulatorShaped, meta: { x: 1 }, attributes: { ...simulatorShaped.attributes, new_flag: true } };
    const decoded = DatoCmsAccessTokenDocumentC.decode({ data: withNew });
    expect(decoded).toEqual(E.right({ data: withNew }));
  });

  it('reject a resource of another type or with a missing flag, naming the path', () => {
    expect(decodeIssues(DatoCmsAccessTokenDocumentC, { data: { ...simulatorShaped, type: 'role' } })).toEqual(
      E.left([expect.objectContaining({ path: 'data.type' })]),
    );
    const { can_access_cma: _flag, ...missingFlag } = simulatorShaped.attributes;
    expect(decodeIssues(DatoCmsAccessTokenDocumentC, { data: { ...simulatorShaped, attributes: missingFlag } })).toEqual(
      E.left([expect.objectContaining({ path: 'data.attributes.can_access_cma' })]),
    );
  });

  it('decode the error document, whose error objects sit under data', () => {
    const body = {
      data: [
        { id: 'a1', type: 'api_error', attributes: { code: 'INVALID_FIELD', details: { field: 'name', code: 'VALIDATION_REQUIRED' } } },
        { id: 'a2', type: 'api_error', attributes: { code: 'EXCEPTION', details: {}, transient: true, doc_url: 'https://x' } },
      ],
    };
    expect(DatoCmsApiErrorDocumentC.decode(body)).toEqual(E.right(body));
    expect(E.isLeft(DatoCmsApiErrorDocumentC.decode({ errors: body.data }))).toBe(true);
  });
});

describe('caller input codecs', () => {
  it('create extra: roleId required and non-blank, flags boolean, no unknown key', () => {
    expect(E.isRight(DatoCmsCreateExtraC.decode({ roleId: '3', canAccessCda: true }))).toBe(true);
    expect(decodeIssues(DatoCmsCreateExtraC, {})).toEqual(E.left([expect.objectContaining({ path: 'roleId' })]));
    expect(decodeIssues(DatoCmsCreateExtraC, { roleId: ' ' })).toEqual(E.left([expect.objectContaining({ path: 'roleId' })]));
    expect(decodeIssues(DatoCmsCreateExtraC, { roleId: '3', canAccessCma: 'yes' })).toEqual(E.left([expect.objectContaining({ path: 'canAccessCma' })]));
    expect(decodeIssues(DatoCmsCreateExtraC, { roleId: '3', token: 'x' })).toEqual(E.left([{ path: 'token', message: 'unknown field' }]));
  });

  it('patch extra: everything optional, no unknown key', () => {
    expect(DatoCmsPatchExtraC.decode({})).toEqual(E.right({}));
    expect(E.isRight(DatoCmsPatchExtraC.decode({ roleId: '4', canAccessCdaPreview: false }))).toBe(true);
    expect(decodeIssues(DatoCmsPatchExtraC, { hardcodedType: null })).toEqual(E.left([{ path: 'hardcodedType', message: 'unknown field' }]));
  });

  it('delete options: transferTo with a known destination type and an id', () => {
    expect(E.isRight(DatoCmsDeleteOptionsC.decode({ transferTo: { type: 'access_token', id: '9' } }))).toBe(true);
    expect(DatoCmsDeleteOptionsC.decode({})).toEqual(E.right({}));
    expect(decodeIssues(DatoCmsDeleteOptionsC, { transferTo: { type: 'robot', id: '9' } })).toEqual(
      E.left([expect.objectContaining({ path: 'transferTo.type' })]),
    );
    expect(decodeIssues(DatoCmsDeleteOptionsC, { transferTo: { type: 'user', id: '9', force: true } })).toEqual(
      E.left([{ path: 'transferTo.force', message: 'unknown field' }]),
    );
    expect(decodeIssues(DatoCmsDeleteOptionsC, { destination: 'x' })).toEqual(E.left([{ path: 'destination', message: 'unknown field' }]));
  });
});
