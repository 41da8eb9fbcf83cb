import { randomBytes } from 'node:crypto';
import {
  InvalidInputError,
  optionalBoolean,
  optionalNullableString,
  optionalNumber,
  optionalString,
  requireIntegerInRange,
  requireRecord,
  requiredString,
} from '../simulator/input';
import { TokenTable, generatedName } from '../simulator/token-table';
import type {
  DatoCmsAccessBucket,
  DatoCmsAccessToken,
  DatoCmsOwner,
  DatoCmsRole,
  DatoCmsRoleSeed,
  DatoCmsTokenSeed,
} from './types';

/** `hardcoded_type` of the built-in read-only token. */
export const DATOCMS_READONLY_TYPE = 'readonly';

/** `hardcoded_type` of the built-in full-access token. */
export const DATOCMS_ADMIN_TYPE = 'admin';

/** Direct access to what a DatoCMS simulator holds, for test setup and assertions. */
export interface DatoCmsStore {
  /** Adds a token (server fields generated when absent); throws on an invalid seed. */
  seed(seed: DatoCmsTokenSeed): DatoCmsAccessToken;
  /** A token as `GET /access_tokens/{id}` renders it (secret included), or undefined. */
  get(id: string): DatoCmsAccessToken | undefined;
  /** Every token, built-in ones included, in creation order. */
  list(): DatoCmsAccessToken[];
  /** Removes a token outright, without any ownership checks; false when unknown. */
  delete(id: string): boolean;
  /** A token's current secret, or undefined when unknown. */
  secretOf(id: string): string | undefined;
  /** Makes `count` CDA-only tokens with the seeded role, named `namePrefix` + a zero-padded number. */
  generate(count: number, namePrefix?: string): void;
  /** Adds a role. */
  seedRole(role: DatoCmsRoleSeed): DatoCmsRole;
  /** A role, or undefined. */
  role(id: string): DatoCmsRole | undefined;
  /** How many project resources an owner holds (a token, or a deleted token's destination). */
  ownedResources(owner: DatoCmsOwner): number;
  /** Restores the roles, tokens and ownership the simulator started with. */
  reset(): void;
  /** Number of tokens held. */
  readonly size: number;
}

/** A stored token. */
export interface DatoCmsTokenRecord {
  readonly id: string;
  secret: string;
  name: string;
  canAccessCda: boolean;
  canAccessCdaPreview: boolean;
  canAccessCma: boolean;
  readonly hardcodedType: string | null;
  roleId: string | null;
  lastCmaAccess: DatoCmsAccessBucket;
  /** When the token last authenticated (the simulator's clock); its bucket ages from it as days, weeks and months pass. */
  lastCmaAccessAt: number | null;
}

/** The writable part of a token. */
export interface DatoCmsTokenFields {
  readonly name: string;
  readonly canAccessCda: boolean;
  readonly canAccessCdaPreview: boolean;
  readonly canAccessCma: boolean;
  readonly roleId: string | null;
}

interface Snapshot {
  readonly tokens: readonly DatoCmsTokenRecord[];
  readonly roles: readonly DatoCmsRole[];
  readonly ownership: ReadonlyMap<string, number>;
  readonly nextTokenId: number;
  readonly nextRoleId: number;
}

/** The DatoCMS simulator's state; routes use the record-level methods, users the {@link DatoCmsStore} ones. */
export class DatoCmsTokenStore implements DatoCmsStore {
  private readonly tokens = new TokenTable<DatoCmsTokenRecord>();
  private roles = new Map<string, DatoCmsRole>();
  private ownership = new Map<string, number>();
  private nextTokenId = 1;
  private nextRoleId = 1;
  private readonly initial: Snapshot;
  /** Id of the role the project starts with that can manage access tokens. */
  readonly adminRoleId: string;
  /** Id of the other role the project starts with, which cannot manage access tokens. */
  readonly editorRoleId: string;
  /** Id of the built-in read-only token. */
  readonly readOnlyTokenId: string;
  /** Id of the built-in full-access token. */
  readonly fullAccessTokenId: string;

  /** @param credential - the full-access token's secret. */
  constructor(
    credential: string,
    seeds: readonly DatoCmsTokenSeed[] = [],
    private readonly now: () => number = Date.now,
  ) {
    this.adminRoleId = this.seedRole({ name: 'Admin', can_manage_access_tokens: true }).id;
    this.editorRoleId = this.seedRole({ name: 'Editor', can_manage_access_tokens: false }).id;
    const role = { data: { type: 'role' as const, id: this.adminRoleId } };
    this.readOnlyTokenId = this.seed({
      attributes: {
        name: 'Read-only API token',
        can_access_cda: true,
        can_access_cda_preview: true,
        can_access_cma: false,
        hardcoded_type: DATOCMS_READONLY_TYPE,
      },
      relationships: { role },
    }).id;
    this.fullAccessTokenId = this.seed({
      attributes: {
        name: 'Full-access API token',
        can_access_cda: true,
        can_access_cda_preview: true,
        can_access_cma: true,
        hardcoded_type: DATOCMS_ADMIN_TYPE,
        token: credential,
      },
      relationships: { role },
    }).id;
    for (const seed of seeds) this.seed(seed);
    this.initial = this.snapshot();
  }

  get size(): number {
    return this.tokens.size;
  }

  seed(seed: DatoCmsTokenSeed): DatoCmsAccessToken {
    const input = requireRecord(seed, 'seed');
    const attributes = requireRecord(input['attributes'], 'seed.attributes');
    const id = optionalString(input, 'id', 'seed') ?? String(this.nextTokenId);
    if (!/^\d+$/.test(id)) throw new InvalidInputError('seed.id must be a numeric string');
    if (this.tokens.has(id)) throw new InvalidInputError('seed.id is already taken');
    const secret = optionalString(attributes, 'token', 'seed.attributes') ?? newSecret();
    if (secret === '' || this.tokens.hasSecret(secret)) {
      throw new InvalidInputError('seed.attributes.token is empty or already taken');
    }
    const roleId = this.seedRoleId(input);
    const owns = optionalNumber(input, 'ownsResources', 'seed') ?? 0;
    requireIntegerInRange(owns, 0, Number.MAX_SAFE_INTEGER, 'seed.ownsResources');
    const record: DatoCmsTokenRecord = {
      id,
      secret,
      name: requiredString(attributes, 'name', 'seed.attributes'),
      canAccessCda: optionalBoolean(attributes, 'can_access_cda', 'seed.attributes') ?? true,
      canAccessCdaPreview: optionalBoolean(attributes, 'can_access_cda_preview', 'seed.attributes') ?? false,
      canAccessCma: optionalBoolean(attributes, 'can_access_cma', 'seed.attributes') ?? false,
      hardcodedType: optionalNullableString(attributes, 'hardcoded_type', 'seed.attributes') ?? null,
      roleId,
      lastCmaAccess: 'never',
      lastCmaAccessAt: null,
    };
    this.nextTokenId = Math.max(this.nextTokenId, Number(id) + 1);
    this.tokens.insert(record);
    if (owns > 0) this.ownership.set(ownerKey({ type: 'access_token', id }), owns);
    return renderAccessToken(record);
  }

  get(id: string): DatoCmsAccessToken | undefined {
    const record = this.find(id);
    return record && renderAccessToken(record);
  }

  list(): DatoCmsAccessToken[] {
    return this.tokenRecords().map((record) => renderAccessToken(record));
  }

  /** Every stored record, in creation order. */
  tokenRecords(): DatoCmsTokenRecord[] {
    return [...this.tokens.records()].map((record) => this.aged(record));
  }

  delete(id: string): boolean {
    return this.tokens.delete(id);
  }

  secretOf(id: string): string | undefined {
    return this.tokens.find(id)?.secret;
  }

  generate(count: number, namePrefix = 'token-'): void {
    for (let i = 1; i <= count; i += 1) {
      this.tokens.insert({
        id: String(this.nextTokenId++),
        secret: newSecret(),
        name: generatedName(namePrefix, i, count),
        canAccessCda: true,
        canAccessCdaPreview: false,
        canAccessCma: false,
        hardcodedType: null,
        roleId: this.adminRoleId,
        lastCmaAccess: 'never',
      lastCmaAccessAt: null,
      });
    }
  }

  seedRole(role: DatoCmsRoleSeed): DatoCmsRole {
    const input = requireRecord(role, 'role');
    const manage = optionalBoolean(input, 'can_manage_access_tokens', 'role');
    if (manage === undefined) throw new InvalidInputError('role.can_manage_access_tokens is required');
    const created: DatoCmsRole = {
      id: String(this.nextRoleId++),
      name: requiredString(input, 'name', 'role'),
      can_manage_access_tokens: manage,
    };
    this.roles.set(created.id, created);
    return created;
  }

  role(id: string): DatoCmsRole | undefined {
    return this.roles.get(id);
  }

  ownedResources(owner: DatoCmsOwner): number {
    return this.ownership.get(ownerKey(owner)) ?? 0;
  }

  reset(): void {
    const { tokens, roles, ownership, nextTokenId, nextRoleId } = this.initial;
    this.tokens.replaceAll(tokens.map((record) => ({ ...record })));
    this.roles = new Map(roles.map((role) => [role.id, role]));
    this.ownership = new Map(ownership);
    this.nextTokenId = nextTokenId;
    this.nextRoleId = nextRoleId;
  }

  /** The stored record, or undefined. */
  find(id: string): DatoCmsTokenRecord | undefined {
    const record = this.tokens.find(id);
    return record && this.aged(record);
  }

  /** The token a secret belongs to, marking its CMA use as today's (a bucket that ages with the clock). */
  authenticate(secret: string): DatoCmsTokenRecord | undefined {
    const record = this.tokens.withSecret(secret);
    if (record !== undefined) {
      record.lastCmaAccess = 'today';
      record.lastCmaAccessAt = this.now();
    }
    return record;
  }

  /** `record` with its last-access bucket as of now: "today" becomes "yesterday" at midnight UTC, and so on. */
  private aged(record: DatoCmsTokenRecord): DatoCmsTokenRecord {
    if (record.lastCmaAccessAt !== null) record.lastCmaAccess = accessBucket(record.lastCmaAccessAt, this.now());
    return record;
  }

  /** Creates an API-made token (no hardcoded type). */
  create(fields: DatoCmsTokenFields): DatoCmsTokenRecord {
    const record: DatoCmsTokenRecord = {
      id: String(this.nextTokenId++),
      secret: newSecret(),
      ...fields,
      hardcodedType: null,
      lastCmaAccess: 'never',
      lastCmaAccessAt: null,
    };
    this.tokens.insert(record);
    return record;
  }

  /** Replaces a token's writable fields. */
  update(record: DatoCmsTokenRecord, fields: DatoCmsTokenFields): void {
    Object.assign(record, fields);
  }

  /** Gives a token a new secret; the old one stops working at once. */
  regenerate(record: DatoCmsTokenRecord): void {
    this.tokens.changeSecret(record, newSecret());
  }

  /** Moves every resource a token owns to `destination`. */
  transferResources(tokenId: string, destination: DatoCmsOwner): void {
    const key = ownerKey({ type: 'access_token', id: tokenId });
    const owned = this.ownership.get(key) ?? 0;
    this.ownership.delete(key);
    if (owned > 0) this.ownership.set(ownerKey(destination), this.ownedResources(destination) + owned);
  }

  private seedRoleId(input: Record<string, unknown>): string | null {
    if (input['relationships'] === undefined) return this.adminRoleId;
    const relationships = requireRecord(input['relationships'], 'seed.relationships');
    const data = requireRecord(relationships['role'], 'seed.relationships.role')['data'];
    if (data === null) return null;
    const roleId = requiredString(requireRecord(data, 'seed.relationships.role.data'), 'id', 'seed.relationships.role.data');
    if (!this.roles.has(roleId)) throw new InvalidInputError('seed.relationships.role.data.id names an unknown role');
    return roleId;
  }

  private snapshot(): Snapshot {
    return {
      tokens: [...this.tokens.records()].map((record) => ({ ...record })),
      roles: [...this.roles.values()],
      ownership: new Map(this.ownership),
      nextTokenId: this.nextTokenId,
      nextRoleId: this.nextRoleId,
    };
  }
}

function ownerKey(owner: DatoCmsOwner): string {
  return `${owner.type}:${owner.id}`;
}

const DAY_MS = 86_400_000;

/**
 * The bucket DatoCMS shows for a token last used at `at`, seen at `now`, in
 * UTC with weeks from Monday (the vendor documents neither; the adapter reads
 * every bucket at its latest possible end, so either reading is safe). Older
 * than last month stays `last_month`, the coarsest bucket there is.
 */
export function accessBucket(at: number, now: number): DatoCmsAccessBucket {
  const day = (ms: number): number => Math.floor(ms / DAY_MS);
  const week = (ms: number): number => Math.floor((day(ms) + 3) / 7); // day 0 (1970-01-01) was a Thursday
  const month = (ms: number): number => new Date(ms).getUTCFullYear() * 12 + new Date(ms).getUTCMonth();
  if (day(now) - day(at) <= 0) return 'today';
  if (day(now) - day(at) === 1) return 'yesterday';
  if (week(now) === week(at)) return 'this_week';
  if (week(now) - week(at) === 1) return 'last_week';
  if (month(now) === month(at)) return 'this_month';
  return 'last_month';
}

/** 30 hex characters, the shape of DatoCMS token secrets. */
function newSecret(): string {
  return randomBytes(15).toString('hex');
}

/**
 * The wire shape of a token. The secret is included for a caller whose role
 * can manage tokens (`showSecret`, the default); for any other it is null.
 */
export function renderAccessToken(record: DatoCmsTokenRecord, showSecret = true): DatoCmsAccessToken {
  return {
    id: record.id,
    type: 'access_token',
    attributes: {
      name: record.name,
      token: showSecret ? record.secret : null,
      can_access_cda: record.canAccessCda,
      can_access_cda_preview: record.canAccessCdaPreview,
      can_access_cma: record.canAccessCma,
      hardcoded_type: record.hardcodedType,
      last_cda_access: 'never',
      last_cma_access: record.lastCmaAccess,
    },
    relationships: { role: { data: record.roleId === null ? null : { type: 'role', id: record.roleId } } },
  };
}
