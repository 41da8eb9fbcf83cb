import { InvalidInputError, requireRecord } from '../simulator/input';
import { parseIsoDateTime } from '../simulator/time';
import { TokenTable, generatedName } from '../simulator/token-table';
import { newId, newValue } from './identifiers';
import { render, type CloudflareRenderOptions } from './render';
import { permissionGroup, TOKEN_PERMISSIONS, ZONE_READ_GROUP_ID } from './permission-groups';
import { checkTokenBody, type ConditionInput, type PolicyInput, type TokenBody } from './validation';
import type { CloudflareOwner, CloudflarePolicy, CloudflareToken, CloudflareTokenSeed } from './types';

/** Id of the simulator's user (the owner of user tokens). */
export const CLOUDFLARE_DEMO_USER_ID = '7c5dae5552338874e5053f2534d2767a';

/** E-mail of the simulator's user (`creator_email_at_creation` of account tokens it creates). */
export const CLOUDFLARE_DEMO_USER_EMAIL = 'user@example.com';

/** Id of the simulator's account (the owner of account tokens). */
export const CLOUDFLARE_DEMO_ACCOUNT_ID = '023e105f4ecef8ad9ca31a8372d0c353';

/** Name of the caller's own token (the one the credential is the value of). */
export const CLOUDFLARE_OWN_TOKEN_NAME = 'Simulator demo token';

const ID = /^[0-9a-f]{32}$/;

/** Direct access to the tokens a Cloudflare simulator holds, for test setup and assertions. */
export interface CloudflareStore {
  /** Adds a token (server fields generated when absent); throws {@link InvalidInputError} on a bad seed. */
  seed(seed: CloudflareTokenSeed): CloudflareToken;
  /** A token (user- or account-owned) as `GET` renders it, or undefined. */
  get(id: string): CloudflareToken | undefined;
  /** Who owns a token, or undefined when unknown. */
  ownerOf(id: string): CloudflareOwner | undefined;
  /** Every token of one owner (both when absent), oldest first. */
  list(owner?: CloudflareOwner): CloudflareToken[];
  /** Removes a token outright; false when unknown. */
  delete(id: string): boolean;
  /** A token's current value, or undefined when unknown. */
  secretOf(id: string): string | undefined;
  /** Makes `count` active tokens granting Zone Read, named `namePrefix` + a zero-padded number. */
  generate(count: number, namePrefix?: string, owner?: CloudflareOwner): void;
  /** Restores the tokens the simulator started with. */
  reset(): void;
  /** Number of tokens held, both owners. */
  readonly size: number;
}

/** A stored token. */
export interface CloudflareTokenRecord {
  readonly id: string;
  secret: string;
  readonly owner: CloudflareOwner;
  /** Insertion order, the tie-break of every sort. */
  readonly seq: number;
  name: string;
  status: 'active' | 'disabled';
  policies: CloudflarePolicy[];
  condition: ConditionInput | null;
  expiresOn: number | null;
  notBefore: number | null;
  readonly issuedOn: number;
  modifiedOn: number;
  lastUsedOn: number | null;
  readonly creatorEmail: string | null;
}

/** A page of a list, before rendering. */
export interface CloudflarePage {
  readonly records: readonly CloudflareTokenRecord[];
  readonly total: number;
}

/** The Cloudflare simulator's state; routes use the record-level methods, users the {@link CloudflareStore} ones. */
export class CloudflareTokenStore implements CloudflareStore {
  private readonly tables: Record<CloudflareOwner, TokenTable<CloudflareTokenRecord>> = {
    user: new TokenTable(),
    account: new TokenTable(),
  };
  private seq = 0;
  private readonly initial: CloudflareTokenRecord[];
  /** Id of the caller's own token. */
  readonly ownTokenId: string;

  constructor(
    private readonly now: () => number,
    private readonly renderOptions: CloudflareRenderOptions,
    credential: string,
    seeds: readonly CloudflareTokenSeed[] = [],
  ) {
    if (!/^\S+$/.test(credential)) throw new InvalidInputError('credential must be a non-empty string without spaces');
    this.ownTokenId = this.seed({
      name: CLOUDFLARE_OWN_TOKEN_NAME,
      value: credential,
      policies: [
        ownPolicy(`com.cloudflare.api.user.${CLOUDFLARE_DEMO_USER_ID}`, TOKEN_PERMISSIONS.user.write),
        ownPolicy(`com.cloudflare.api.account.${CLOUDFLARE_DEMO_ACCOUNT_ID}`, TOKEN_PERMISSIONS.account.write),
      ],
    }).id;
    for (const seed of seeds) this.seed(seed);
    this.initial = this.records().map((record) => ({ ...record }));
  }

  get size(): number {
    return this.tables.user.size + this.tables.account.size;
  }

  seed(seed: CloudflareTokenSeed): CloudflareToken {
    const input = requireRecord(seed, 'seed');
    const owner = input['owner'] ?? 'user';
    if (owner !== 'user' && owner !== 'account') throw new InvalidInputError("seed.owner must be 'user' or 'account'");
    const id = input['id'] ?? newId();
    if (typeof id !== 'string' || !ID.test(id)) throw new InvalidInputError('seed.id must be 32 lower-case hex characters');
    if (this.find(id) !== undefined) throw new InvalidInputError('seed.id is already taken');
    const value = input['value'] ?? newValue(owner);
    if (typeof value !== 'string' || !/^\S+$/.test(value) || this.withSecret(value) !== undefined) {
      throw new InvalidInputError('seed.value is empty, contains spaces or is already taken');
    }
    const status = input['status'] ?? 'active';
    if (status !== 'active' && status !== 'disabled') throw new InvalidInputError("seed.status must be 'active' or 'disabled'");
    const checked = checkTokenBody({ policies: [zoneReadPolicy()], ...input, status }, 'update', owner);
    if ('messages' in checked) throw new InvalidInputError(`seed is not a valid token: ${checked.messages.join(' ')}`);
    const issuedOn = optionalDate(input['issued_on']) ?? this.now();
    const record = this.insert(owner, value, checked.body, { id, issuedOn, status, creatorEmail: null });
    return this.render(record);
  }

  get(id: string): CloudflareToken | undefined {
    const record = this.find(id);
    return record && this.render(record);
  }

  ownerOf(id: string): CloudflareOwner | undefined {
    return this.find(id)?.owner;
  }

  list(owner?: CloudflareOwner): CloudflareToken[] {
    return this.records(owner).map((record) => this.render(record));
  }

  delete(id: string): boolean {
    return this.tables.user.delete(id) || this.tables.account.delete(id);
  }

  secretOf(id: string): string | undefined {
    return this.find(id)?.secret;
  }

  generate(count: number, namePrefix = 'token-', owner: CloudflareOwner = 'user'): void {
    const body: TokenBody = { name: '', policies: [toPolicyInput(zoneReadPolicy())] };
    for (let i = 1; i <= count; i += 1) {
      this.insert(owner, newValue(owner), { ...body, name: generatedName(namePrefix, i, count) }, {
        id: this.freeId(),
        issuedOn: this.now(),
        status: 'active',
        creatorEmail: null,
      });
    }
  }

  reset(): void {
    this.tables.user.replaceAll(this.initial.filter((record) => record.owner === 'user').map((record) => ({ ...record })));
    this.tables.account.replaceAll(this.initial.filter((record) => record.owner === 'account').map((record) => ({ ...record })));
  }

  /** A token as the API renders it (never with its value). */
  render(record: CloudflareTokenRecord): CloudflareToken {
    return render(record, this.now(), this.renderOptions);
  }

  /** The record with this id, whoever owns it. */
  find(id: string, owner?: CloudflareOwner): CloudflareTokenRecord | undefined {
    if (owner !== undefined) return this.tables[owner].find(id);
    return this.tables.user.find(id) ?? this.tables.account.find(id);
  }

  /** The record a value belongs to. */
  withSecret(secret: string): CloudflareTokenRecord | undefined {
    return this.tables.user.withSecret(secret) ?? this.tables.account.withSecret(secret);
  }

  /** Number of tokens one owner holds (for the quota). */
  count(owner: CloudflareOwner): number {
    return this.tables[owner].size;
  }

  /** Creates a token from a valid create body. */
  create(owner: CloudflareOwner, body: TokenBody, creatorEmail: string | null): CloudflareTokenRecord {
    const fields = { id: this.freeId(), issuedOn: this.now(), status: 'active' as const, creatorEmail };
    return this.insert(owner, newValue(owner), body, fields);
  }

  /** Replaces a token's writable fields; `keepOmitted` keeps optional fields the body left out. */
  replace(record: CloudflareTokenRecord, body: TokenBody, keepOmitted: boolean): void {
    const pick = <T>(sent: T | null | undefined, current: T | null): T | null =>
      sent === undefined ? (keepOmitted ? current : null) : sent;
    record.name = body.name;
    record.policies = storedPolicies(body.policies, new Set(record.policies.map((policy) => policy.id)));
    record.status = body.status ?? (keepOmitted ? record.status : 'active');
    record.expiresOn = pick(body.expiresOn, record.expiresOn);
    record.notBefore = pick(body.notBefore, record.notBefore);
    record.condition = pick(body.condition, record.condition);
    record.modifiedOn = this.now();
  }

  /** Gives a token a new value; the old one stops working at once. */
  roll(record: CloudflareTokenRecord): string {
    this.tables[record.owner].changeSecret(record, newValue(record.owner));
    record.modifiedOn = this.now();
    return record.secret;
  }

  /** One page of an owner's tokens in creation order (`desc`: newest first), expired ones left out unless asked. */
  page(owner: CloudflareOwner, query: { page: number; perPage: number; direction: 'asc' | 'desc'; includeExpired: boolean }): CloudflarePage {
    const sign = query.direction === 'asc' ? 1 : -1;
    let view = this.tables[owner].views.get(query.direction, (a, b) => sign * (a.issuedOn - b.issuedOn || a.seq - b.seq));
    if (!query.includeExpired) {
      const now = this.now();
      if (view.some((record) => record.expiresOn !== null && record.expiresOn <= now)) {
        view = view.filter((record) => record.expiresOn === null || record.expiresOn > now);
      }
    }
    const start = (query.page - 1) * query.perPage;
    return { records: view.slice(start, start + query.perPage), total: view.length };
  }

  private insert(
    owner: CloudflareOwner,
    secret: string,
    body: TokenBody,
    fields: { id: string; issuedOn: number; status: 'active' | 'disabled'; creatorEmail: string | null },
  ): CloudflareTokenRecord {
    const record: CloudflareTokenRecord = {
      id: fields.id,
      secret,
      owner,
      seq: this.seq++,
      name: body.name,
      status: body.status ?? fields.status,
      // A seed's policy ids are kept; a create body has none.
      policies: storedPolicies(body.policies, 'any'),
      condition: body.condition ?? null,
      expiresOn: body.expiresOn ?? null,
      notBefore: body.notBefore ?? null,
      issuedOn: fields.issuedOn,
      modifiedOn: fields.issuedOn,
      lastUsedOn: null,
      creatorEmail: fields.creatorEmail,
    };
    this.tables[owner].insert(record);
    return record;
  }

  private freeId(): string {
    let id = newId();
    while (this.find(id) !== undefined) id = newId();
    return id;
  }

  private records(owner?: CloudflareOwner): CloudflareTokenRecord[] {
    const owners: CloudflareOwner[] = owner === undefined ? ['user', 'account'] : [owner];
    return owners.flatMap((each) => [...this.tables[each].records()]).sort((a, b) => a.seq - b.seq);
  }
}

/**
 * Policies as stored: a sent policy id is kept when it is one of `keep` (the
 * token's current policies) or when `keep` is 'any' (a seed); otherwise the
 * policy gets a new id. Permission groups gain their names.
 */
function storedPolicies(inputs: readonly PolicyInput[], keep: ReadonlySet<string> | 'any'): CloudflarePolicy[] {
  return inputs.map((input) => ({
    id: input.id !== undefined && (keep === 'any' || keep.has(input.id)) ? input.id : newId(),
    effect: input.effect,
    resources: input.resources,
    permission_groups: input.permissionGroups.map(({ id, meta }) => ({
      id,
      name: permissionGroup(id)!.name,
      ...(meta !== undefined && { meta }),
    })),
  }));
}

function ownPolicy(resource: string, groupId: string): Omit<CloudflarePolicy, 'id'> {
  return { effect: 'allow', resources: { [resource]: '*' }, permission_groups: [{ id: groupId }] };
}

function zoneReadPolicy(): Omit<CloudflarePolicy, 'id'> {
  return ownPolicy('com.cloudflare.api.account.zone.*', ZONE_READ_GROUP_ID);
}

function toPolicyInput(policy: Omit<CloudflarePolicy, 'id'>): PolicyInput {
  return { effect: policy.effect, resources: policy.resources, permissionGroups: policy.permission_groups };
}

function optionalDate(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? parseIsoDateTime(value) : undefined;
  if (ms === undefined) throw new InvalidInputError('seed.issued_on must be a date-time');
  return ms;
}
