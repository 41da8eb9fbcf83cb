import { inspect } from 'node:util';
import { loadFixture } from '@tokenbridge/testing';
import type { DatoCmsAccessToken } from '@tokenbridge/datocms';
import { applyPatch, createDocument, sameState, toToken, updateDocument, usageOf, writableState } from '../src/mapping';

const SECRET = 'fedcba9876543210fedcba98765432';

const wire: DatoCmsAccessToken = {
  id: '7',
  type: 'access_token',
  attributes: {
    name: 'CI',
    token: SECRET,
    can_access_cda: true,
    can_access_cda_preview: false,
    can_access_cma: true,
    hardcoded_type: null,
    last_cda_access: 'never',
    last_cma_access: 'yesterday',
  },
  relationships: { role: { data: { type: 'role', id: '3' } } },
};

describe('toToken', () => {
  it('moves the secret into secret and out of raw', () => {
    const token = toToken(wire);
    expect(token.secret?.reveal()).toBe(SECRET);
    expect(token.raw).toEqual({ ...wire, attributes: { ...wire.attributes, token: undefined } });
    expect(Object.keys((token.raw as DatoCmsAccessToken).attributes)).not.toContain('token');
    for (const printed of [JSON.stringify(token), inspect(token, { depth: Infinity }), inspect(token.raw, { depth: Infinity })]) {
      expect(printed).not.toContain(SECRET);
    }
  });

  it('fills the neutral fields the vendor lacks with fixed values', () => {
    expect(toToken(wire)).toMatchObject({
      provider: 'datocms',
      id: '7',
      name: 'CI',
      description: null,
      status: 'active',
      createdAt: null,
      updatedAt: null,
      expiresAt: null,
      lastUsedAt: null,
      version: null,
    });
  });

  it('puts the role, the flags, hardcoded_type and the buckets into extra', () => {
    expect(toToken(wire).extra).toEqual({
      roleId: '3',
      canAccessCda: true,
      canAccessCdaPreview: false,
      canAccessCma: true,
      hardcodedType: null,
      lastCmaAccess: 'yesterday',
      lastCdaAccess: 'never',
    });
  });

  it('reads the docs\' "" hardcoded_type as null, and a missing secret, role and buckets as absent', () => {
    const token = toToken(loadFixture('datocms-put-response').body.data);
    expect(token.secret).toBeUndefined();
    expect(token.extra).toEqual({
      roleId: '34',
      canAccessCda: true,
      canAccessCdaPreview: true,
      canAccessCma: true,
      hardcodedType: null,
      lastCmaAccess: null,
      lastCdaAccess: null,
    });
    expect(toToken({ ...wire, attributes: { ...wire.attributes, token: null }, relationships: { role: { data: null } } })).toMatchObject({
      extra: { roleId: null },
    });
    expect(toToken({ ...wire, attributes: { ...wire.attributes, token: null } }).secret).toBeUndefined();
    expect(toToken({ ...wire, attributes: { ...wire.attributes, hardcoded_type: 'readonly' } }).extra.hardcodedType).toBe('readonly');
  });
});

describe('write documents', () => {
  it("the PUT document for seed page 004's values deep-equals the page's example", () => {
    const state = { name: 'Read-only API token', canAccessCda: true, canAccessCdaPreview: true, canAccessCma: true, roleId: '34' };
    expect(updateDocument('312', state)).toStrictEqual(loadFixture('datocms-put-request').body);
  });

  it('a role-less token is sent without relationships (the vendor then keeps its role)', () => {
    const document = updateDocument('9', { name: 'x', canAccessCda: false, canAccessCdaPreview: false, canAccessCma: true, roleId: null });
    expect(document).toStrictEqual({
      data: { type: 'access_token', id: '9', attributes: { name: 'x', can_access_cda: false, can_access_cda_preview: false, can_access_cma: true } },
    });
  });

  it('the create document carries every attribute and the role, flags defaulting to false', () => {
    expect(createDocument('new', { roleId: '3', canAccessCda: true })).toStrictEqual({
      data: {
        type: 'access_token',
        attributes: { name: 'new', can_access_cda: true, can_access_cda_preview: false, can_access_cma: false },
        relationships: { role: { data: { type: 'role', id: '3' } } },
      },
    });
  });
});

describe('patches', () => {
  const current = writableState(toToken(wire));

  it('lays only the patched fields over the current state', () => {
    expect(applyPatch(current, { name: 'new' })).toEqual({ ...current, name: 'new' });
    expect(applyPatch(current, { extra: { canAccessCma: false, roleId: '5' } })).toEqual({ ...current, canAccessCma: false, roleId: '5' });
    expect(applyPatch(current, {})).toEqual(current);
  });

  it('tells a patch that changes nothing', () => {
    expect(sameState(current, applyPatch(current, { name: 'CI', extra: { canAccessCda: true, roleId: '3' } }))).toBe(true);
    expect(sameState(current, applyPatch(current, { extra: { canAccessCdaPreview: true } }))).toBe(false);
  });
});

describe('usageOf', () => {
  // A Wednesday.
  const now = new Date('2025-01-15T10:00:00.000Z');
  const at = (cma: string | null, cda: string | null) => usageOf(toToken({ ...wire, attributes: { ...wire.attributes, last_cma_access: cma, last_cda_access: cda } }), now);

  it('reads each bucket as the latest moment the token can have been used', () => {
    expect(at('today', 'never')).toEqual({ kind: 'used', latest: now, precision: 'approximate' });
    expect(at('yesterday', 'never')).toEqual({ kind: 'used', latest: new Date('2025-01-15T00:00:00.000Z'), precision: 'approximate' });
    expect(at('last_week', 'never')).toEqual({ kind: 'used', latest: new Date('2025-01-13T00:00:00.000Z'), precision: 'approximate' });
    expect(at('last_month', 'never')).toEqual({ kind: 'used', latest: new Date('2025-01-01T00:00:00.000Z'), precision: 'approximate' });
  });

  it('takes the later of CMA and CDA use, never only when both say never, else unknown', () => {
    expect(at('last_month', 'yesterday')).toMatchObject({ latest: new Date('2025-01-15T00:00:00.000Z') });
    expect(at('never', 'never')).toEqual({ kind: 'never' });
    expect(at(null, 'never')).toEqual({ kind: 'unknown' });
    expect(at('someday', null)).toEqual({ kind: 'unknown' });
  });

  it('ends "last week" at the more recent of a Sunday or a Monday week start', () => {
    const sunday = new Date('2025-01-19T10:00:00.000Z');
    const token = toToken({ ...wire, attributes: { ...wire.attributes, last_cma_access: 'last_week', last_cda_access: 'never' } });
    expect(usageOf(token, sunday)).toMatchObject({ latest: new Date('2025-01-19T00:00:00.000Z') });
  });
});
