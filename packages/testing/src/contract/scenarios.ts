import { inspect } from 'node:util';
import * as E from 'fp-ts/Either';
import type { TaskEither } from 'fp-ts/TaskEither';
import { type AnyTokenProvider, type Token, type TokenError, listAll } from '@tokenbridge/core';
import type { ReadingAspect } from '../simulator/readings';
import type { ContractContext } from './types';

/** What a scenario works with: the context of its combination of readings, and the test's helpers. */
export interface ScenarioKit {
  readonly ctx: ContractContext;
  readonly p: AnyTokenProvider;
  /** Runs a task that must succeed, recording its result for the secret sweep. */
  ok<A>(task: TaskEither<TokenError, A>): Promise<A>;
  /** Runs a task that must fail, recording its result for the secret sweep. */
  fails<A>(task: TaskEither<TokenError, A>): Promise<TokenError>;
  /** Creates a token named `contract <label> …`, remembering its secret for the sweep. */
  create(label: string): Promise<Token<object>>;
  /** A name no other test used. */
  unique(label: string): string;
  /** How many requests other than GET the simulator received. */
  writes(): number;
  /** Secrets this test saw; none may appear in anything printed. */
  readonly secrets: string[];
  /** Everything the providers handed back in this test. */
  readonly produced: unknown[];
}

/**
 * One neutral scenario. `aspects` names the vendor behaviour it exercises
 * (see `ReadingAspect`): it runs under every combination of the reading
 * options that change one of them, with the other options at their
 * defaults — an option that changes nothing a scenario exercises cannot
 * change its outcome. A token created only to set a scenario up does not
 * count: creating is exercised by the create scenarios, under every reading
 * of create. A scenario that sends nothing (input refused before any request)
 * exercises no aspect and runs once.
 */
export interface Scenario {
  readonly group: string;
  readonly title: string;
  readonly aspects: readonly ReadingAspect[];
  /** Runs only where the suite's options say the vendor has that kind of caller. */
  readonly needs?: 'restrictedReader';
  run(kit: ScenarioKit): Promise<void>;
}

type Expect = typeof import('@jest/globals').expect;

/** The neutral scenarios every provider must pass, whatever its vendor. */
export function contractScenarios(expect: Expect): Scenario[] {
  const scenarios: Scenario[] = [];
  const scenario = (
    group: string,
    title: string,
    aspects: readonly ReadingAspect[],
    run: Scenario['run'],
    needs?: Scenario['needs'],
  ): void => {
    scenarios.push({ group, title, aspects, run, ...(needs !== undefined ? { needs } : {}) });
  };
  const noSecretIn = (token: Token<object>, value: string): void => {
    expect(inspect(token.raw, { depth: Infinity })).not.toContain(value);
    expect(inspect(token.extra, { depth: Infinity })).not.toContain(value);
    expect(JSON.stringify(token)).not.toContain(value);
  };

  scenario('create', 'returns the new token, with its secret where the vendor sends one, never inside raw or extra', ['create-request', 'create-answer', 'token-body'], async ({ ctx, p, ok, unique, secrets }) => {
    const input = ctx.createInput(unique('create'));
    const token = await ok(p.create(input));
    expect(token.provider).toBe(p.provider);
    expect(token.name).toBe(input.name);
    expect(ctx.stored(token.id)?.name).toBe(input.name);
    if (p.capabilities.secretOnCreate === 'always') expect(token.secret?.reveal()).toEqual(expect.any(String));
    if (p.capabilities.secretOnCreate === 'never') expect(token.secret).toBeUndefined();
    if (token.secret) {
      secrets.push(token.secret.reveal());
      noSecretIn(token, token.secret.reveal());
    }
  });

  scenario('create', 'rejects a blank name with Validation and sends nothing', [], async ({ ctx, p, fails }) => {
    expect(await fails(p.create(ctx.createInput('   ')))).toMatchObject({ _tag: 'Validation' });
    expect(ctx.simulator.requests.all()).toHaveLength(0);
  });

  scenario('create', 'gives Unsupported, sending nothing, for each create field the provider does not declare', ['create-request', 'create-answer', 'token-body'], async ({ ctx, p, unique, writes, secrets, produced }) => {
    const future = new Date(Date.now() + 86_400_000);
    const candidates = { description: 'a description', expiresAt: future } as const;
    for (const field of ['description', 'expiresAt'] as const) {
      const input = { ...ctx.createInput(unique('unsupported')), [field]: candidates[field] };
      const result = await p.create(input)();
      produced.push(result);
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

  scenario('get', 'reads a token, with its secret only where the vendor sends it on reads', ['token-body'], async ({ p, ok, create, secrets }) => {
    const created = await create('get');
    const token = await ok(p.get(created.id));
    expect(token).toMatchObject({ id: created.id, name: created.name, provider: p.provider });
    if (p.capabilities.secretOnRead === 'never') expect(token.secret).toBeUndefined();
    if (p.capabilities.secretOnRead === 'always') expect(token.secret?.reveal()).toEqual(expect.any(String));
    if (token.secret) {
      secrets.push(token.secret.reveal());
      noSecretIn(token, token.secret.reveal());
    }
  });

  scenario('get', 'gives NotFound for an unknown id', ['error-body'], async ({ ctx, p, fails }) => {
    expect(await fails(p.get(ctx.unknownId))).toMatchObject({ _tag: 'NotFound', retryable: false });
  });

  scenario('get', 'rejects an id holding path characters with Validation and sends nothing', [], async ({ ctx, p, fails }) => {
    for (const id of ['', 'a/b', '../x', 'a?b', 'a#b', 'a b', 'a\nb']) {
      expect(await fails(p.get(id))).toMatchObject({ _tag: 'Validation' });
    }
    expect(ctx.simulator.requests.all()).toHaveLength(0);
  });

  scenario('get', 'gives Unauthorized with a credential the vendor rejects', ['error-body'], async ({ ctx, fails, create }) => {
    const created = await create('auth');
    expect(await fails(ctx.providerWithBadCredential.get(created.id))).toMatchObject({ _tag: 'Unauthorized' });
    expect(await fails(ctx.providerWithBadCredential.list({}))).toMatchObject({ _tag: 'Unauthorized' });
  });

  scenario('update', 'a partial update changes only the named field and keeps the rest', ['update-request', 'locking', 'token-body'], async ({ ctx, p, ok, create, unique }) => {
    const created = await create('update');
    const before = ctx.stored(created.id);
    const newName = unique('renamed');
    const updated = await ok(p.update(created.id, { name: newName }));
    expect(updated.name).toBe(newName);
    expect(ctx.stored(created.id)).toEqual({ ...before, name: newName });
  });

  scenario('update', 'a token read earlier can be the base of an update', ['update-request', 'locking', 'token-body'], async ({ ctx, p, ok, create, unique }) => {
    const created = await create('base');
    const read = await ok(p.get(created.id));
    const newName = unique('from token');
    expect((await ok(p.update(read, { name: newName }))).name).toBe(newName);
    expect(ctx.stored(created.id)?.name).toBe(newName);
  });

  scenario('update', 'a patch that changes nothing sends no write', ['update-request', 'locking', 'token-body'], async ({ ctx, p, ok, create, writes }) => {
    const created = await create('noop');
    ctx.simulator.requests.clear();
    await ok(p.update(created.id, {}));
    // Given the token, a provider knows the current state without asking.
    await ok(p.update(created, { name: created.name }));
    // By id, a read-modify-write provider reads first anyway; a delta provider sends the patch as is, in one request.
    if (p.capabilities.update.style === 'replace') await ok(p.update(created.id, { name: created.name }));
    expect(writes()).toBe(0);
  });

  scenario('update', 'updates description and expiry where supported, and gives Unsupported without a request where not', ['update-request', 'locking', 'token-body'], async ({ ctx, p, create, produced }) => {
    const created = await create('fields');
    const future = new Date(Math.floor((Date.now() + 7 * 86_400_000) / 1000) * 1000);
    for (const [field, value] of [
      ['description', 'changed description'],
      ['expiresAt', future],
    ] as const) {
      ctx.simulator.requests.clear();
      const result = await p.update(created.id, { [field]: value })();
      produced.push(result);
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

  scenario('update', 'ifVersion: a stale version is a Conflict and nothing is written (or Unsupported without optimistic locking)', ['update-request', 'locking', 'error-body', 'token-body'], async ({ ctx, p, ok, fails, create, unique }) => {
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

  scenario('update', 'rejects invalid patches with Validation and sends nothing', [], async ({ ctx, p, fails, create }) => {
    const created = await create('invalid patch');
    ctx.simulator.requests.clear();
    expect(await fails(p.update(created.id, { name: '' }))).toMatchObject({ _tag: 'Validation' });
    expect(await fails(p.update(created.id, { name: 'x'.repeat(p.capabilities.limits.nameMaxLength + 1) }))).toMatchObject({ _tag: 'Validation' });
    expect(await fails(p.update(created.id, { colour: 'red' } as object))).toMatchObject({ _tag: 'Validation' });
    expect(await fails(p.update('a/b', { name: 'x' }))).toMatchObject({ _tag: 'Validation' });
    expect(ctx.simulator.requests.all()).toHaveLength(0);
  });

  scenario('update', 'status changes where supported, and is Unsupported without a request where not', ['update-request', 'token-body'], async ({ ctx, p, ok, fails, create }) => {
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

  scenario('update', 'setting the status a token already has is no error (where status can be set)', ['status-action', 'error-body', 'token-body'], async ({ p, ok, create }) => {
    const created = await create('same status');
    // Where status cannot be set, the scenario above checks the Unsupported answer.
    if (!p.capabilities.update.fields.includes('status')) return;
    // By id the provider cannot know the current state, so it asks the vendor to do what is already done.
    expect((await ok(p.update(created.id, { status: 'active' }))).status).toBe('active');
    await ok(p.update(created.id, { status: 'disabled' }));
    expect((await ok(p.update(created.id, { status: 'disabled' }))).status).toBe('disabled');
    expect((await ok(p.get(created.id))).status).toBe('disabled');
  });

  scenario('list', 'filters by a literal, case-insensitive name substring', ['listing', 'token-body'], async ({ ctx, p, ok, secrets }) => {
    const tag = `Zq${Date.now().toString(36)}`;
    const a = await ok(p.create(ctx.createInput(`contract ${tag}-Alpha one`)));
    await ok(p.create(ctx.createInput(`contract ${tag}-beta two`)));
    const page = await ok(p.list({ nameContains: `${tag.toLowerCase()}-ALPHA` }));
    expect(page.items.map((t) => t.id)).toEqual([a.id]);
    for (const token of page.items) if (token.secret) secrets.push(token.secret.reveal());
  });

  scenario('list', 'orders by each field it supports, and gives Unsupported for the others', ['listing', 'token-body'], async ({ ctx, p, ok, fails }) => {
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

  scenario('list', 'filters by status where it can, and gives Unsupported where not', ['listing', 'token-body', 'update-request'], async ({ ctx, p, ok, fails }) => {
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

  scenario('list', 'pages, and listAll streams every token exactly once across more than one page', ['listing', 'token-body'], async ({ ctx, p, ok }) => {
    const tag = `Pg${Date.now().toString(36)}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await ok(p.create(ctx.createInput(`contract ${tag} ${i}`)))).id);
    const first = await ok(p.list({ nameContains: tag, pageSize: 2 }));
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    ctx.simulator.requests.clear();
    const streamed: string[] = [];
    for await (const token of listAll(p, { nameContains: tag, pageSize: 2 })) streamed.push(token.id);
    expect(streamed).toHaveLength(ids.length);
    expect(streamed.sort()).toEqual([...ids].sort());
    expect(ctx.simulator.requests.filter({ method: 'GET', path: ctx.paths.collection }).length).toBeGreaterThanOrEqual(3);
  });

  scenario('list', 'rejects a cursor it did not issue with Validation', [], async ({ p, fails }) => {
    expect(await fails(p.list({ cursor: 'not-a-cursor' }))).toMatchObject({ _tag: 'Validation' });
  });

  scenario('delete and regenerate', 'delete then get gives NotFound', ['error-body'], async ({ ctx, p, ok, fails, create }) => {
    const created = await create('delete');
    await ok(p.delete(created.id));
    expect(ctx.stored(created.id)).toBeUndefined();
    expect(await fails(p.get(created.id))).toMatchObject({ _tag: 'NotFound' });
  });

  scenario('delete and regenerate', 'deleting an unknown id gives NotFound', ['error-body'], async ({ ctx, p, fails }) => {
    expect(await fails(p.delete(ctx.unknownId))).toMatchObject({ _tag: 'NotFound' });
  });

  scenario('delete and regenerate', 'regenerate gives a new secret where supported, and Unsupported without a request where not', ['create-answer', 'token-body'], async ({ ctx, p, ok, fails, create, secrets }) => {
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

  // The fault bodies below are fixed by the test, so no reading of the vendor's error form applies to them.
  scenario('faults', 'waits out a 429 and succeeds', ['token-body'], async ({ ctx, p, ok, create }) => {
    const created = await create('429');
    ctx.simulator.requests.clear();
    ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'status', status: 429, headers: { 'retry-after': '0' }, body: {} });
    expect((await ok(p.get(created.id))).id).toBe(created.id);
    expect(ctx.simulator.requests.filter({ method: 'GET', path: ctx.paths.item })).toHaveLength(2);
  });

  scenario('faults', 'retries a 503 on a read', ['token-body'], async ({ ctx, p, ok, create }) => {
    const created = await create('503');
    ctx.simulator.requests.clear();
    ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'status', status: 503, body: {} });
    expect((await ok(p.get(created.id))).id).toBe(created.id);
    expect(ctx.simulator.requests.filter({ method: 'GET', path: ctx.paths.item })).toHaveLength(2);
  });

  scenario('faults', 'gives Decode for a malformed body', [], async ({ ctx, p, fails, create }) => {
    const created = await create('decode');
    ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'malformed-json' });
    expect(await fails(p.get(created.id))).toMatchObject({ _tag: 'Decode', retryable: false });
  });

  scenario('faults', 'never puts a credential or secret in an error or event', ['error-body'], async ({ ctx, p, fails, create, secrets, produced }) => {
    const created = await create('hygiene');
    await fails(ctx.providerWithBadCredential.get(created.id));
    ctx.simulator.faults.add({ method: 'GET', path: ctx.paths.item, phase: 'before', kind: 'status', status: 500, body: { message: 'boom' }, times: 10 });
    await fails(p.get(created.id));
    const printed = [...produced, ...ctx.events].map((x) => `${JSON.stringify(x)}${inspect(x, { depth: Infinity })}`).join('\n');
    expect(ctx.events.length).toBeGreaterThan(0);
    for (const value of [...ctx.credentials, ...secrets]) expect(printed).not.toContain(value);
  });

  scenario(
    'other callers',
    'a caller that may not see token values reads tokens without a secret, or is refused with Forbidden',
    ['other-callers', 'token-body'],
    async ({ ctx, create, produced }) => {
      const reader = ctx.restrictedReader;
      if (reader === undefined) throw new Error('the context gives no restrictedReader, though the suite was told the vendor has one');
      const created = await create('hidden');
      const value = created.secret?.reveal();
      const read = await reader.get(created.id)();
      const listed = await reader.list({ nameContains: created.name })();
      produced.push(read, listed);
      if (E.isLeft(read)) {
        expect(read.left).toMatchObject({ _tag: 'Forbidden' });
        expect(listed).toEqual(E.left(expect.objectContaining({ _tag: 'Forbidden' })));
        return;
      }
      expect(read.right).toMatchObject({ id: created.id, name: created.name });
      expect(E.isRight(listed) && listed.right.items.map((t) => t.id)).toEqual([created.id]);
      for (const token of [read.right, ...(E.isRight(listed) ? listed.right.items : [])]) {
        expect(token.secret).toBeUndefined();
        if (value !== undefined) noSecretIn(token, value);
      }
    },
    'restrictedReader',
  );

  return scenarios;
}
