import * as E from 'fp-ts/Either';
import type { ValidPatch } from '@tokenbridge/core';
import { SoftwareOneApiTokenC } from '../src';
import {
  createBody,
  listRequest,
  neutralStatus,
  ownTokenId,
  planUpdate,
  replacementInput,
  toToken,
  type SoftwareOneToken,
} from '../src/mapping';
import { containsPattern, encodeRqlExpression } from '../src/rql';
import type { SoftwareOnePatchExtra } from '../src/types';

// Through the codec: its dates are branded ISO strings.
function wire(value: unknown) {
  const decoded = SoftwareOneApiTokenC.decode(value);
  if (E.isLeft(decoded)) throw new Error('test data does not decode');
  return decoded.right;
}

const current: SoftwareOneToken = toToken(wire({
  id: 'TKN-1234-5678',
  name: 'Current',
  description: 'desc',
  icon: '/i.png',
  status: 'Active',
  revision: 3,
  account: { id: 'ACC-1234-5678', name: 'Acme', type: 'Client', status: 'Active' },
  modules: [{ id: 'MOD-1756', name: 'Access Management' }, { id: 'MOD-2048' }],
  extensions: [{ id: 'EXT-1' }],
  audit: { created: { at: '2025-01-01T00:00:00.000Z' }, updated: { at: '2025-02-01T00:00:00.000Z' } },
}));

const plan = (patch: ValidPatch<SoftwareOnePatchExtra>, base: SoftwareOneToken = current) => planUpdate(patch, base);

describe('neutralStatus', () => {
  it.each([
    ['Active', 'active'],
    ['Disabled', 'disabled'],
    ['Deleted', 'disabled'],
    ['Suspended', 'unknown'],
    ['toString', 'unknown'],
    [undefined, 'unknown'],
  ] as const)('%s -> %s', (vendor, neutral) => expect(neutralStatus(vendor)).toBe(neutral));
});

describe('toToken', () => {
  it('maps every neutral field and the extra', () => {
    expect(current).toMatchObject({
      provider: 'softwareone',
      status: 'active',
      createdAt: new Date('2025-01-01T00:00:00.000Z'),
      updatedAt: new Date('2025-02-01T00:00:00.000Z'),
      expiresAt: null,
      lastUsedAt: null,
      version: '3',
      extra: {
        vendorStatus: 'Active',
        account: { id: 'ACC-1234-5678', name: 'Acme', type: 'Client' },
        modules: [{ id: 'MOD-1756', name: 'Access Management' }, { id: 'MOD-2048' }],
        icon: '/i.png',
        extensions: [{ id: 'EXT-1' }],
      },
    });
    expect(current.secret).toBeUndefined();
  });

  it('fills absent fields: no description, modules, account or extensions', () => {
    const bare = toToken({ id: 'TKN-1234-5678' });
    expect(bare).toMatchObject({ name: '', description: null, status: 'unknown', createdAt: null, version: null });
    expect(bare.extra).toEqual({ vendorStatus: null, account: null, modules: [], icon: null, extensions: null });
  });

  it('keeps a known creation time when the answer has no audit (write answers)', () => {
    expect(toToken({ id: 'TKN-1234-5678' }, current).createdAt).toEqual(current.createdAt);
    expect(toToken({ id: 'TKN-1234-5678' }, current).updatedAt).toBeNull();
  });

  it('moves token into secret and out of raw', () => {
    const token = toToken({ id: 'TKN-1234-5678', token: 'idt:TKN-1234-5678:c2VjcmV0' });
    expect(token.secret?.reveal()).toBe('idt:TKN-1234-5678:c2VjcmV0');
    expect(token.raw).toEqual({ id: 'TKN-1234-5678' });
    expect(JSON.stringify(token)).not.toContain('c2VjcmV0');
  });
});

describe('planUpdate', () => {
  it('keeps only the fields that change', () => {
    expect(plan({ name: 'Current', description: 'desc', extra: { icon: '/i.png', moduleIds: ['MOD-2048', 'MOD-1756'], extensions: ['EXT-1'] } })).toEqual({});
    expect(plan({ name: 'New', description: 'desc' })).toEqual({ body: { name: 'New' } });
  });

  it('sends an explicit clear as null, and the module list in full', () => {
    expect(plan({ description: null, extra: { icon: null } })).toEqual({ body: { description: null, icon: null } });
    expect(plan({ extra: { moduleIds: ['MOD-1756'] } })).toEqual({ body: { modules: [{ id: 'MOD-1756' }] } });
    expect(plan({ extra: { moduleIds: [] } })).toEqual({ body: { modules: [] } });
  });

  it('treats an empty string like an absent one (the vendor omits both)', () => {
    const blank = toToken({ id: 'TKN-1234-5678', name: 'x' });
    expect(plan({ description: '', extra: { icon: null } }, blank)).toEqual({});
  });

  it('always sends extensions: [] when the current list is absent (null and [] look the same)', () => {
    const noExtensions = toToken({ id: 'TKN-1234-5678', name: 'x' });
    expect(plan({ extra: { extensions: [] } }, noExtensions)).toEqual({ body: { extensions: [] } });
    expect(plan({ extra: { extensions: ['EXT-1'] } })).toEqual({});
  });

  it('plans the status action only when the status differs', () => {
    expect(plan({ status: 'active' })).toEqual({});
    expect(plan({ status: 'disabled', name: 'N' })).toEqual({ body: { name: 'N' }, action: 'disable' });
    expect(plan({ status: 'active' }, toToken({ id: 'TKN-1234-5678', status: 'Disabled' }))).toEqual({ action: 'enable' });
    expect(plan({ status: 'disabled' }, toToken({ id: 'TKN-1234-5678', status: 'Deleted' }))).toEqual({});
  });
});

describe('createBody', () => {
  it('leaves out a null description and absent extras', () => {
    expect(createBody({ name: 'N', description: null }, 'ACC-1234-5678')).toEqual({ account: { id: 'ACC-1234-5678' }, name: 'N' });
  });
});

describe('RQL literals', () => {
  it.each([
    ['plain', 'abc', `"*abc*"`, false],
    ['wildcard and backslash escaped', 'a*b\\c', `"*a\\*b\\\\c*"`, false],
    ['double quote: single-quote delimiters', 'say "hi"', `'*say "hi"*'`, false],
    ['single quote: double-quote delimiters', "it's", `"*it's*"`, false],
    ['both quotes: widened', `it's "x"`, `"*it's *x**"`, true],
  ])('%s', (_name, value, text, widened) => expect(containsPattern(value)).toEqual({ text, widened }));

  it('percent-encodes data but keeps the RQL syntax readable', () => {
    expect(encodeRqlExpression(`ilike(name,"*a b&c=d+e%f#\\*é*")`)).toBe('ilike(name,%22*a%20b%26c%3Dd%2Be%25f%23%5C*%C3%A9*%22)');
    expect(encodeRqlExpression('eq(name,"\uD800")')).toBe('eq(name,%22%EF%BF%BD%22)');
  });
});

describe('listRequest', () => {
  it('asks for 100 by default, never more, with the audit and an id order', () => {
    expect(listRequest({}, 0)).toEqual({ query: 'limit=100&offset=0&order=id&select=+audit', limit: 100, narrowOnClient: false });
    expect(listRequest({ pageSize: 500, order: 'desc' }, 300).query).toBe('limit=100&offset=300&order=-id&select=+audit');
  });

  it('orders by name or creation time with the id as tie-break', () => {
    expect(listRequest({ orderBy: 'name' }, 0).query).toContain('order=name,id&');
    expect(listRequest({ orderBy: 'createdAt', order: 'desc' }, 0).query).toContain('order=-audit.created.at,-id&');
  });

  it('combines the name and status filters with and()', () => {
    expect(decodeURIComponent(listRequest({ nameContains: 'ci', status: 'active' }, 0).query)).toMatch(/&and\(ilike\(name,"\*ci\*"\),eq\(status,Active\)\)$/);
    expect(listRequest({ nameContains: '' }, 0).query).toBe('limit=100&offset=0&order=id&select=+audit');
  });
});

describe('ownTokenId', () => {
  it('reads the id from the secret', () => {
    expect(ownTokenId('idt:TKN-1234-5678:abc')).toBe('TKN-1234-5678');
    expect(ownTokenId('TKN-1234-5678')).toBeUndefined();
    expect(ownTokenId('idt:TKN-1234-5678:')).toBeUndefined();
  });
});

describe('replacementInput', () => {
  it('copies name, description, account, modules, icon and extensions', () => {
    expect(replacementInput(current)).toEqual({
      name: 'Current',
      description: 'desc',
      extra: { accountId: 'ACC-1234-5678', moduleIds: ['MOD-1756', 'MOD-2048'], icon: '/i.png', extensions: ['EXT-1'] },
    });
  });

  it('leaves out what the token lacks', () => {
    expect(replacementInput(toToken({ id: 'TKN-1234-5678', name: 'Bare' }))).toEqual({ name: 'Bare', extra: { moduleIds: [] } });
  });
});
