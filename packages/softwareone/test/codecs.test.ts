import * as E from 'fp-ts/Either';
import { decodeIssues } from '@tokenbridge/core';
import { loadFixture, softwareOneUpdateExample, startSoftwareOneSimulator } from '@tokenbridge/testing';
import { SoftwareOneApiTokenC, SoftwareOneApiTokenListC, SoftwareOneCreateExtraC, SoftwareOnePatchExtraC, SoftwareOneProblemC } from '../src';
import { planUpdate, toToken, type SoftwareOneToken } from '../src/mapping';

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected to decode: ${JSON.stringify(result.left)}`);
  return result.right;
};

describe('the reference page example (seed page 003)', () => {
  it('decodes, audit.*.by character-map artefact included', () => {
    const fixture = loadFixture('softwareone-put-response');
    const decoded = right(decodeIssues(SoftwareOneApiTokenC, fixture.body));
    expect(decoded.audit?.created?.by).toEqual(fixture.body.audit.created.by);
    expect(decoded.modules?.[0]?.settings?.type).toEqual(['text']);
    expect(decoded.modules?.[0]?.filters).toEqual({ 'group.buyers': ['text'] });
    expect(decoded.$meta?.omitted).toEqual(['text']);
  });

  it('maps to a neutral token: the placeholder status is unknown, the token value is the secret', () => {
    const token = toToken(right(decodeIssues(SoftwareOneApiTokenC, loadFixture('softwareone-put-response').body)));
    expect(token).toMatchObject({
      id: 'text',
      name: 'text',
      description: 'text',
      status: 'unknown',
      createdAt: new Date('2025-07-15T17:41:44.029Z'),
      lastUsedAt: new Date('2025-07-15T17:41:44.029Z'),
      version: null,
      extra: { vendorStatus: 'text', account: { id: 'text', name: 'text', type: 'Client' }, modules: [{ id: 'text', name: 'text' }], icon: 'text', extensions: null },
    });
    expect(token.secret?.reveal()).toBe('text');
    expect(token.raw).not.toHaveProperty('token');
  });

  it("the request example is exactly what a patch of every writable field sends", () => {
    const example = softwareOneUpdateExample('MOD-1756');
    const current: SoftwareOneToken = toToken({ id: 'TKN-0000-0002', name: 'before' });
    const plan = planUpdate(
      { name: example.name, description: example.description, extra: { icon: example.icon, moduleIds: example.modules.map((m) => m.id) } },
      current,
    );
    expect(plan.body).toEqual(example);
    expect(Object.keys(plan.body ?? {}).sort()).toEqual(Object.keys(loadFixture('softwareone-put-request').body).sort());
  });
});

describe('ApiTokenC', () => {
  it('decodes what the API sends: an actor object in audit.*.by', () => {
    const decoded = right(
      decodeIssues(SoftwareOneApiTokenC, {
        id: 'TKN-1234-5678',
        audit: { created: { at: '2025-01-01T00:00:00.000Z', by: { id: 'USR-0000-0001', name: 'Ann', of: { id: 'ACC-1234-5678' } } } },
      }),
    );
    expect(decoded.audit?.created?.by).toEqual({ id: 'USR-0000-0001', name: 'Ann', of: { id: 'ACC-1234-5678' } });
  });

  it('needs only id (the vendor omits null fields) and keeps unknown fields', () => {
    expect(right(decodeIssues(SoftwareOneApiTokenC, { id: 'TKN-1234-5678', futureField: { a: 1 } }))).toEqual({ id: 'TKN-1234-5678', futureField: { a: 1 } });
    expect(decodeIssues(SoftwareOneApiTokenC, { name: 'x' })).toEqual(E.left([expect.objectContaining({ path: 'id' })]));
  });

  it('rejects an impossible date, naming the path but not the value', () => {
    const result = decodeIssues(SoftwareOneApiTokenC, { id: 'TKN-1234-5678', lastAccessAt: '2025-02-30T00:00:00Z' });
    expect(result).toEqual(E.left([{ path: 'lastAccessAt', message: expect.stringContaining('IsoDateTime') }]));
  });

  it('decodes every token the simulator holds, in full', async () => {
    const sim = await startSoftwareOneSimulator({ tokens: [{ name: 'With all', description: 'd', icon: '/i', modules: [{ id: 'MOD-1756' }], extensions: [{ id: 'EXT-1' }] }] });
    try {
      for (const token of sim.store.list()) right(decodeIssues(SoftwareOneApiTokenC, token));
    } finally {
      await sim.close();
    }
  });
});

describe('ApiTokenListC', () => {
  it('decodes the envelope with and without $meta.pagination', () => {
    expect(right(decodeIssues(SoftwareOneApiTokenListC, { $meta: { pagination: { offset: 0, limit: 10, total: 1 }, omitted: ['audit'] }, data: [{ id: 'a' }] })).$meta?.pagination?.total).toBe(1);
    expect(right(decodeIssues(SoftwareOneApiTokenListC, { data: [] })).data).toEqual([]);
    expect(E.isLeft(decodeIssues(SoftwareOneApiTokenListC, { $meta: {} }))).toBe(true);
  });
});

describe('ProblemC', () => {
  it('decodes both forms of errors', () => {
    right(decodeIssues(SoftwareOneProblemC, { type: 'about:blank', title: 'Bad Request', status: 400, traceId: 't', errors: { name: ['required'] } }));
    right(decodeIssues(SoftwareOneProblemC, { title: 'Bad Request', status: 400, errors: [{ id: 'E1', message: 'bad', properties: ['name'], parameters: { max: 200 } }] }));
  });
});

describe('extra codecs', () => {
  it('check id formats and reject unknown keys', () => {
    right(decodeIssues(SoftwareOneCreateExtraC, { accountId: 'ACC-1234-5678', moduleIds: ['MOD-1756'], icon: '/i', extensions: ['EXT-1'] }));
    expect(decodeIssues(SoftwareOneCreateExtraC, { accountId: 'ACC-1234' })).toEqual(E.left([expect.objectContaining({ path: 'accountId' })]));
    expect(decodeIssues(SoftwareOneCreateExtraC, { modules: [] })).toEqual(E.left([expect.objectContaining({ path: 'modules', message: 'unknown field' })]));
    right(decodeIssues(SoftwareOnePatchExtraC, { icon: null, moduleIds: [] }));
    expect(decodeIssues(SoftwareOnePatchExtraC, { moduleIds: ['MOD-1756-1452'] })).toEqual(E.left([expect.objectContaining({ path: 'moduleIds[0]' })]));
    expect(decodeIssues(SoftwareOnePatchExtraC, { accountId: 'ACC-1234-5678' })).toEqual(E.left([expect.objectContaining({ path: 'accountId' })]));
    expect(E.isLeft(decodeIssues(SoftwareOnePatchExtraC, { moduleIds: null }))).toBe(true);
  });
});
