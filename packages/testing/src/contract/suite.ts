import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { type AnyTokenProvider, type Token, type TokenError, listAll } from '@tokenbridge/core';
import { fails as failsWith, succeeds } from '../results';
import type { ContractContext, ContractSetup } from './types';

/**
 * The neutral scenarios every provider must pass, whatever its vendor. Where
 * the provider's capabilities say it lacks an operation or field, the scenario
 * asserts `Unsupported` with no request sent instead of skipping.
 *
 * @example
 * describeTokenProviderContract('my provider', async () => {
 *   const sim = await startKodexaSimulator();
 *   ...
 *   return { provider, providerWithBadCredential, simulator: sim, ... };
 * });
 */
export function describeTokenProviderContract(name: string, setup: ContractSetup): void {
  // Loaded here, not at the top, so importing @tokenbridge/testing for its simulators works outside jest.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { afterEach, beforeEach, describe, expect, it } = require('@jest/globals') as typeof import('@jest/globals');
  describe(`TokenProvider contract: ${name}`, () => {
    let ctx: ContractContext;
    let p: AnyTokenProvider;
    // Everything the providers handed back in this test, swept for secrets afterwards.
    let produced: unknown[];
    let secrets: string[];
    let counter = 0;

    const unique = (label: string): string => `contract ${label} ${Date.now().toString(36)} ${++counter}`;

    const recorder = { record: (value: unknown) => produced.push(value) };
    const ok = <A>(task: TaskEither<TokenError, A>): Promise<A> => succeeds(task, recorder);
    const fails = <A>(task: TaskEither<TokenError, A>): Promise<TokenError> => failsWith(task, recorder);

    async function create(label: string): Promise<Token<object>> {
      const token = await ok(p.create(ctx.createInput(unique(label))));
      if (token.secret) secrets.push(token.secret.reveal());
      return token;
    }

    const writes = (): number => ctx.simulator.requests.all().filter((r) => r.method !== 'GET').length;

    beforeEach(async () => {
      ctx = await setup();
      p = ctx.provider;
      produced = [];
      secrets = [];
    });

    afterEach(async () => {
      try {
        const printed = [...produced, ...ctx.events].map((x) => `${JSON.stringify(x)}\n${inspect(x, { depth: Infinity })}`).join('\n');
        for (const value of [...ctx.credentials, ...secrets]) expect(printed.includes(value)).toBe(false);
      } finally {
        await ctx.close();
      }
    });

    describe('create', () => {
      it('returns the new token, with its secret where the vendor sends one, never inside raw or extra', async () => {
        const input = ctx.createInput(unique('create'));
        const token = await ok(p.create(input));
        expect(token.provider).toBe(p.provider);
        expect(token.name).toBe(input.name);
        expect(ctx.stored(token.id)?.name).toBe(input.name);
        if (p.capabilities.secretOnCreate === 'always') expect(token.secret?.reveal()).toEqual(expect.any(String));
        if (p.capabilities.secretOnCreate === 'never') expect(token.secret).toBeUndefined();
        if (token.secret) {
          const value = token.secret.reveal();
          secrets.push(value);
          expect(inspect(token.raw, { depth: Infinity })).not.toContain(value);
          expect(inspect(token.extra, { depth: Infinity })).not.toContain(value);
          expect(JSON.stringify(token)).not.toContain(value);
        }
      });

      it('rejects a blank name with Validation and sends nothing', async () => {
        ctx.simulator.requests.clear();
        expect(await fails(p.create(ctx.createInput('   ')))).toMatchObject({ _tag: 'Validation' });
        expect(ctx.simulator.requests.all()).toHaveLength(0);
      });

      it('gives Unsupported, sending nothing, for each create field the provider does not declare', async () => {
        const future = new Date(Date.now() + 86_400_000);
        const candidates = { description: 'a description', expiresAt: future } as const;
        ctx.simulator.requests.clear();
        for (const field of ['description', 'expiresAt'] as const) {
          const input = { ...ctx.createInput(unique('unsupported')), [field]: candidates[field] };
          const result = await p.create(input)();
          if (p.capabilities.create.fields.includes(field)) {
            expect(E.isRight(result)).toBe(true);
            if (E.isRight(result) && result.right.secret) secrets.push(result.right.secret.reveal());
          } else {
            expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'Unsupported', feature: field })));
          }
        }
        const supportedCount = (['description', 'expiresAt'] as const).filter((f) => p.capabilities.create.fields.includes(f)).length;
        expect(writes()).toBe(supportedCount);
      });
    });

    describe('get', () => {
      it('reads a token, with its secret only where the vendor sends it on reads', async () => {
        const created = await create('get');
        const token = await ok(p.get(created.id));
        expect(token).toMatchObject({ id: created.id, name: created.name, provider: p.provider });
        if (p.capabilities.secretOnRead === 'never') expect(token.secret).toBeUndefined();
        if (p.capabilities.secretOnRead === 'always') expect(token.secret?.reveal()).toEqual(expect.any(String));
        if (token.secret) {
          secrets.push(token.secret.reveal());
          expect(inspect(token.raw, { depth: Infinity })).not.toContain(token.secret.reveal());
          expect(inspect(token.extra, { depth: Infinity })).not.toContain(token.secret.reveal());
        }
      });

      it('gives NotFound for an unknown id', async () => {
        expect(await fails(p.get(ctx.unknownId))).toMatchObject({ _tag: 'NotFound', retryable: false });
      });

      it('rejects an id holding path characters with Validation and sends nothing', async () => {
        ctx.simulator.requests.clear();
        for (const id of ['', 'a/b', '../x', 'a?b', 'a#b', 'a b', 'a\nb']) {
          expect(await fails(p.get(id))).toMatchObject({ _tag: 'Validation' });
        }
        expect(ctx.simulator.requests.all()).toHaveLength(0);
      });

      it('gives Unauthorized with a credential the vendor rejects', async () => {
        const created = await create('auth');
        expect(await fails(ctx.providerWithBadCredential.get(created.id))).toMatchObject({ _tag: 'Unauthorized' });
        expect(await fails(ctx.providerWithBadCredential.list({}))).toMatchObject({ _tag: 'Unauthorized' });
      });
    });

    describe('update', () => {
      it('a partial update changes only the named field and keeps the rest', async () => {
        const created = await create('update');
        const before = ctx.stored(created.id);
        const newName = unique('renamed');
        const updated = await ok(p.update(created.id, { name: newName }));
        expect(updated.name).toBe(newName);
        const after = ctx.stored(created.id);
        expect(after).toEqual({ ...before, name: newName });
      });

      it('a token read earlier can be the base of an update', async () => {
        const created = await create('base');
        const read = await ok(p.get(created.id));
        const newName = unique('from token');
        expect((await ok(p.update(read, { name: newName }))).name).toBe(newName);
        expect(ctx.stored(created.id)?.name).toBe(newName);
      });

      it('a patch that changes nothing sends no write', async () => {
        const created = await create('noop');
        ctx.simulator.requests.clear();
        await ok(p.update(created.id, {}));
        // Given the token, a provider knows the current state without asking.
        await ok(p.update(created, { name: created.name }));
        // By id, a read-modify-write provider reads first anyway; a delta provider sends the patch as is, in one request.
        if (p.capabilities.update.style === 'replace') await ok(p.update(created.id, { name: created.name }));
        expect(writes()).toBe(0);
      });

      it('updates description and expiry where supported, and gives Unsupported without a request where not', async () => {
        const created = await create('fields');
        const future = new Date(Math.floor((Date.now() + 7 * 86_400_000) / 1000) * 1000);
        for (const [field, value] of [
          ['description', 'changed description'],
          ['expiresAt', future],
        ] as const) {
          ctx.simulator.requests.clear();
          const result = await p.update(created.id, { [field]: value })();
          if (p.capabilities.update.fields.includes(field)) {
            expect(E.isRight(result)).toBe(true);
            const stored = ctx.stored(created.id);
            expect(field === 'expiresAt' ? new Date(stored?.expiresAt ?? 0).getTime() : stored?.description).toEqual(
              field === 'expiresAt' ? future.getTime() : value,
            );
          } else {
            expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'Unsupported', feature: field })));
            expect(ctx.simulator.requests.all()).toHaveLength(0);
          }
        }
      });

      it('ifVersion: a stale version is a Conflict and nothing is written (or Unsupported without optimistic locking)', async () => {
        const created = await create('locking');
        if (!p.capabilities.update.optimisticLocking) {
          ctx.simulator.requests.clear();
          expect(await fails(p.update(created.id, { name: 'x', ifVersion: '1' }))).toMatchObject({ _tag: 'Unsupported', feature: 'ifVersion' });
          expect(ctx.simulator.requests.all()).toHaveLength(0);
          return;
        }
        const staleVersion = created.version;
        expect(staleVersion).not.toBeNull();
        const winner = unique('winner');
        await ok(p.update(created.id, { name: winner }));
        expect(await fails(p.update(created.id, { name: unique('loser'), ifVersion: staleVersion as string }))).toMatchObject({ _tag: 'Conflict' });
        expect(ctx.stored(created.id)?.name).toBe(winner);
      });

      it('rejects invalid patches with Validation and sends nothing', async () => {
        const created = await create('invalid patch');
        ctx.simulator.requests.clear();
        expect(await fails(p.update(created.id, { name: '' }))).toMatchObject({ _tag: 'Validation' });
        expect(await fails(p.update(created.id, { name: 'x'.repeat(p.capabilities.limits.nameMaxLength + 1) }))).toMatchObject({ _tag: 'Validation' });
        expect(await fails(p.update(created.id, { colour: 'red' } as object))).toMatchObject({ _tag: 'Validation' });
        expect(await fails(p.update('a/b', { name: 'x' }))).toMatchObject({ _tag: 'Validation' });
        expect(ctx.simulator.requests.all()).toHaveLength(0);
      });

      it('status changes where supported, and is Unsupported without a request where not', async () => {
        const created = await create('status');
        ctx.simulator.requests.clear();
        if (!p.capabilities.update.fields.includes('status')) {
          expect(await fails(p.update(created.id, { status: 'disabled' }))).toMatchObject({ _tag: 'Unsupported', feature: 'status' });
          expect(ctx.simulator.requests.all()).toHaveLength(0);
          return;
        }
        expect((await ok(p.update(created.id, { status: 'disabled' }))).status).toBe('disabled');
        expect((await ok(p.get(created.id))).status).toBe('disabled');
        expect((await ok(p.update(created.id, { status: 'active' }))).status).toBe('active');
      });
    });

    describe('list', () => {
      it('filters by a literal, case-insensitive name substring', async () => {
        const tag = `Zq${Date.now().toString(36)}`;
        const a = await ok(p.create(ctx.createInput(`contract ${tag}-Alpha one`)));
        await ok(p.create(ctx.createInput(`contract ${tag}-beta two`)));
        const page = await ok(p.list({ nameContains: `${tag.toLowerCase()}-ALPHA` }));
        expect(page.items.map((t) => t.id)).toEqual([a.id]);
        for (const token of page.items) if (token.secret) secrets.push(token.secret.reveal());
      });

      it('orders by each field it supports, and gives Unsupported for the others', async () => {
        const tag = `Ord${Date.now().toString(36)}`;
        for (const suffix of ['b', 'c', 'a']) await ok(p.create(ctx.createInput(`contract ${tag} ${suffix}`)));
        for (const orderBy of ['name', 'createdAt'] as const) {
          if (p.capabilities.list.orderBy[orderBy] === 'none') {
            expect(await fails(p.list({ nameContains: tag, orderBy }))).toMatchObject({ _tag: 'Unsupported' });
            continue;
          }
          const asc = (await ok(p.list({ nameContains: tag, orderBy, order: 'asc' }))).items;
          const desc = (await ok(p.list({ nameContains: tag, orderBy, order: 'desc' }))).items;
          expect(asc).toHaveLength(3);
          expect(desc.map((t) => t.id)).toEqual(asc.map((t) => t.id).reverse());
          if (orderBy === 'name') expect(asc.map((t) => t.name.slice(-1))).toEqual(['a', 'b', 'c']);
          else expect(asc.map((t) => t.name.slice(-1))).toEqual(['b', 'c', 'a']);
        }
      });

      it('filters by status where it can, and gives Unsupported where not', async () => {
        const tag = `St${Date.now().toString(36)}`;
        const one = await ok(p.create(ctx.createInput(`contract ${tag} one`)));
        const two = await ok(p.create(ctx.createInput(`contract ${tag} two`)));
        if (p.capabilities.list.filters.status === 'none') {
          expect(await fails(p.list({ status: 'active' }))).toMatchObject({ _tag: 'Unsupported' });
          return;
        }
        if (p.capabilities.update.fields.includes('status')) {
          await ok(p.update(two.id, { status: 'disabled' }));
          expect((await ok(p.list({ nameContains: tag, status: 'disabled' }))).items.map((t) => t.id)).toEqual([two.id]);
          expect((await ok(p.list({ nameContains: tag, status: 'active' }))).items.map((t) => t.id)).toEqual([one.id]);
        } else {
          const active = (await ok(p.list({ nameContains: tag, status: 'active', orderBy: 'name' }))).items.map((t) => t.id);
          expect(active.sort()).toEqual([one.id, two.id].sort());
          expect((await ok(p.list({ nameContains: tag, status: 'disabled' }))).items).toHaveLength(0);
        }
      });

      it('pages, and listAll streams across more than one page', async () => {
        const tag = `Pg${Date.now().toString(36)}`;
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await ok(p.create(ctx.createInput(`contract ${tag} ${i}`)))).id);
        const first = await ok(p.list({ nameContains: tag, pageSize: 2 }));
        expect(first.items).toHaveLength(2);
        expect(first.nextCursor).not.toBeNull();
        ctx.simulator.requests.clear();
        const streamed: string[] = [];
        for await (const token of listAll(p, { nameContains: tag, pageSize: 2 })) streamed.push(token.id);
        expect(streamed.sort()).toEqual([...ids].sort());
        expect(ctx.simulator.requests.filter({ method: 'GET', path: ctx.paths.collection }).length).toBeGreaterThanOrEqual(3);
      });

      it('rejects a cursor it did not issue with Validation', async () => {
        expect(await fails(p.list({ cursor: 'not-a-cursor' }))).toMatchObject({ _tag: 'Validation' });
      });
    });

    describe('delete and regenerate', () => {
      it('delete then get gives NotFound', async () => {
        const created = await create('delete');
        await ok(p.delete(created.id));
        expect(ctx.stored(created.id)).toBeUndefined();
        expect(await fails(p.get(created.id))).toMatchObject({ _tag: 'NotFound' });
      });

      it('deleting an unknown id gives NotFound', async () => {
        expect(await fails(p.delete(ctx.unknownId))).toMatchObject({ _tag: 'NotFound' });
      });

      it('regenerate gives a new secret where supported, and Unsupported without a request where not', async () => {
        const created = await create('regenerate');
        ctx.simulator.requests.clear();
        if (!p.capabilities.operations.includes('regenerate')) {
          expect(await fails(p.regenerate(created.id))).toMatchObject({ _tag: 'Unsupported', feature: 'regenerate' });
          expect(ctx.simulator.requests.all()).toHaveLength(0);
          return;
        }
        const regenerated = await ok(p.regenerate(created.id));
        expect(regenerated.name).toBe(created.name);
        const value = regenerated.secret?.reveal();
        expect(value).toEqual(expect.any(String));
        if (value !== undefined) secrets.push(value);
        expect(value).not.toBe(created.secret?.reveal());
      });
    });

    describe('faults', () => {
      it('waits out a 429 and succeeds', async () => {
        const created = await create('429');
        ctx.simulator.requests.clear();
        ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: {} });
        expect((await ok(p.get(created.id))).id).toBe(created.id);
        expect(ctx.simulator.requests.filter({ method: 'GET', path: ctx.paths.item })).toHaveLength(2);
      });

      it('retries a 503 on a read', async () => {
        const created = await create('503');
        ctx.simulator.requests.clear();
        ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'status', status: 503, body: {} });
        expect((await ok(p.get(created.id))).id).toBe(created.id);
        expect(ctx.simulator.requests.filter({ method: 'GET', path: ctx.paths.item })).toHaveLength(2);
      });

      it('gives Decode for a malformed body', async () => {
        const created = await create('decode');
        ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'malformed-json' });
        expect(await fails(p.get(created.id))).toMatchObject({ _tag: 'Decode', retryable: false });
      });

      it('never puts a credential or secret in an error or event', async () => {
        const created = await create('hygiene');
        await fails(ctx.providerWithBadCredential.get(created.id));
        ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'status', status: 500, body: { message: 'boom' }, times: 10 });
        await fails(p.get(created.id));
        const printed = [...produced, ...ctx.events].map((x) => `${JSON.stringify(x)}${inspect(x, { depth: Infinity })}`).join('\n');
        expect(ctx.events.length).toBeGreaterThan(0);
        for (const value of [...ctx.credentials, ...secrets]) expect(printed).not.toContain(value);
      });
    });
  });
}
