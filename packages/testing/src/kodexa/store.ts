import { randomBytes, randomUUID } from 'node:crypto';
import {
  InvalidInputError,
  optionalNullableString,
  optionalNumber,
  optionalString,
  requireRecord,
  requiredString,
} from '../simulator/input';
import { TokenTable, generatedName } from '../simulator/token-table';
import { parseIsoDateTime } from '../simulator/time';
import type { KodexaAccessToken, KodexaTokenSeed, KodexaUser } from './types';

/** Id of the user the demo API key belongs to. */
export const KODEXA_DEMO_USER_ID = '5d0c7e1a-3b6f-4c2d-9a8e-7f1b2c3d4e5f';

/** Direct access to the tokens a Kodexa simulator holds, for test setup and assertions. */
export interface KodexaStore {
  /** Adds a token (server fields generated when absent); throws on an invalid seed. */
  seed(seed: KodexaTokenSeed): KodexaAccessToken;
  /** A token as `GET /api/access-tokens/{id}` would return it, or undefined. */
  get(id: string): KodexaAccessToken | undefined;
  /** Every token, in insertion order. */
  list(): KodexaAccessToken[];
  /** Removes a token; false when unknown. */
  delete(id: string): boolean;
  /** A token's secret (its API key), or undefined when unknown. */
  secretOf(id: string): string | undefined;
  /** Makes `count` tokens owned by the demo user, named `namePrefix` + a zero-padded number. */
  generate(count: number, namePrefix?: string): void;
  /** A known user, or undefined. */
  user(id: string): KodexaUser | undefined;
  /** Restores the tokens and users the simulator started with. */
  reset(): void;
  /** Number of tokens held. */
  readonly size: number;
}

/** A stored token: times in epoch milliseconds, the secret alongside. */
export interface KodexaTokenRecord {
  readonly id: string;
  readonly uuid: string;
  name: string;
  expiresAt: number | null;
  readonly createdOn: number;
  updatedOn: number;
  changeSequence: number;
  readonly userId: string;
  readonly secret: string;
  /** Fields the simulator does not model, sent as stored (see {@link KodexaTokenSeed.extraFields}). */
  extraFields: Readonly<Record<string, unknown>>;
}

/** The fields the simulator models; an extra field may not take one of these names. */
const MODELLED_FIELDS: ReadonlySet<string> = new Set([
  'changeSequence',
  'createdOn',
  'expiresAt',
  'id',
  'name',
  'updatedOn',
  'user',
  'userId',
  'uuid',
  'token',
  'apiKey',
  'key',
  'secret',
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a string is a UUID (any version). */
function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Renders an instant as Jackson does for java.time: no fraction when it is zero. */
function formatInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The Kodexa simulator's state; routes use the record-level methods, users the {@link KodexaStore} ones. */
export class KodexaTokenStore implements KodexaStore {
  private readonly tokens = new TokenTable<KodexaTokenRecord>();
  private users = new Map<string, KodexaUser>();
  private readonly initialTokens: KodexaTokenRecord[];
  private readonly initialUsers: KodexaUser[];
  /** Sorted copies of the records, for paging. */
  readonly views = this.tokens.views;

  constructor(
    private readonly now: () => number,
    seeds: readonly KodexaTokenSeed[] = [],
  ) {
    this.users.set(KODEXA_DEMO_USER_ID, makeUser(KODEXA_DEMO_USER_ID, 'demo', now()));
    for (const seed of seeds) this.seed(seed);
    this.initialTokens = [...this.tokens.records()].map((record) => ({ ...record }));
    this.initialUsers = [...this.users.values()];
  }

  get size(): number {
    return this.tokens.size;
  }

  seed(seed: KodexaTokenSeed): KodexaAccessToken {
    const input = requireRecord(seed, 'seed');
    const name = requiredString(input, 'name', 'seed');
    const id = optionalString(input, 'id', 'seed') ?? randomUUID();
    const uuid = optionalString(input, 'uuid', 'seed') ?? randomUUID();
    if (!isUuid(id) || !isUuid(uuid)) throw new InvalidInputError('seed.id and seed.uuid must be UUIDs');
    if (this.tokens.has(id)) throw new InvalidInputError('seed.id is already taken');
    const secret = optionalString(input, 'secret', 'seed') ?? newSecret();
    if (secret === '' || this.tokens.hasSecret(secret)) throw new InvalidInputError('seed.secret is empty or already taken');
    const userId = optionalString(input, 'userId', 'seed') ?? KODEXA_DEMO_USER_ID;
    if (!this.users.has(userId)) this.users.set(userId, makeUser(userId, `user-${this.users.size}`, this.now()));
    const expires = optionalNullableString(input, 'expiresAt', 'seed');
    const createdOn = seedInstant(input, 'createdOn') ?? this.now();
    const changeSequence = optionalNumber(input, 'changeSequence', 'seed') ?? 1;
    if (!Number.isInteger(changeSequence)) throw new InvalidInputError('seed.changeSequence must be an integer');
    const extraFields = input['extraFields'] === undefined ? {} : requireRecord(input['extraFields'], 'seed.extraFields');
    if (Object.keys(extraFields).some((field) => MODELLED_FIELDS.has(field))) {
      throw new InvalidInputError('seed.extraFields may not name a field the simulator models');
    }
    const record: KodexaTokenRecord = {
      id,
      uuid,
      name,
      expiresAt: expires === undefined || expires === null ? null : requireInstant(expires, 'expiresAt'),
      createdOn,
      updatedOn: seedInstant(input, 'updatedOn') ?? createdOn,
      changeSequence,
      userId,
      secret,
      extraFields: { ...extraFields },
    };
    this.tokens.insert(record);
    return this.render(record);
  }

  get(id: string): KodexaAccessToken | undefined {
    const record = this.tokens.find(id);
    return record && this.render(record);
  }

  list(): KodexaAccessToken[] {
    return [...this.tokens.records()].map((record) => this.render(record));
  }

  delete(id: string): boolean {
    return this.tokens.delete(id);
  }

  secretOf(id: string): string | undefined {
    return this.tokens.find(id)?.secret;
  }

  generate(count: number, namePrefix = 'token-'): void {
    const at = this.now();
    for (let i = 1; i <= count; i += 1) {
      this.tokens.insert({
        id: randomUUID(),
        uuid: randomUUID(),
        name: generatedName(namePrefix, i, count),
        expiresAt: null,
        createdOn: at,
        updatedOn: at,
        changeSequence: 1,
        userId: KODEXA_DEMO_USER_ID,
        secret: newSecret(),
        extraFields: {},
      });
    }
  }

  user(id: string): KodexaUser | undefined {
    return this.users.get(id);
  }

  reset(): void {
    this.users = new Map(this.initialUsers.map((user) => [user.id, user]));
    this.tokens.replaceAll(this.initialTokens.map((record) => ({ ...record })));
  }

  /** The stored record, or undefined. */
  find(id: string): KodexaTokenRecord | undefined {
    return this.tokens.find(id);
  }

  /** Creates a token for `userId` (an existing user) and returns its record. */
  create(name: string, expiresAt: number | null, userId: string): KodexaTokenRecord {
    const at = this.now();
    const record: KodexaTokenRecord = {
      id: randomUUID(),
      uuid: randomUUID(),
      name,
      expiresAt,
      createdOn: at,
      updatedOn: at,
      changeSequence: 1,
      userId,
      secret: newSecret(),
      extraFields: {},
    };
    this.tokens.insert(record);
    return record;
  }

  /**
   * Replaces a token's writable fields, bumping its changeSequence. The PUT
   * replaces the whole object: an unmodelled field the body leaves out is gone.
   */
  replace(record: KodexaTokenRecord, name: string, expiresAt: number | null, body: Readonly<Record<string, unknown>>): void {
    record.name = name;
    record.expiresAt = expiresAt;
    record.extraFields = Object.fromEntries(Object.keys(record.extraFields).filter((field) => field in body).map((field) => [field, body[field]]));
    record.changeSequence += 1;
    record.updatedOn = this.now();
    this.views.invalidate();
  }

  /** The user a secret authenticates as: its token's owner while the token has not expired. */
  ownerOfSecret(secret: string): string | undefined {
    const record = this.tokens.withSecret(secret);
    if (record === undefined) return undefined;
    return record.expiresAt === null || record.expiresAt > this.now() ? record.userId : undefined;
  }

  /** The wire shape of a record. */
  render(record: KodexaTokenRecord): KodexaAccessToken {
    return {
      ...record.extraFields,
      changeSequence: record.changeSequence,
      createdOn: formatInstant(record.createdOn),
      expiresAt: record.expiresAt === null ? null : formatInstant(record.expiresAt),
      id: record.id,
      name: record.name,
      updatedOn: formatInstant(record.updatedOn),
      user: this.users.get(record.userId) ?? null,
      userId: record.userId,
      uuid: record.uuid,
    };
  }
}

function newSecret(): string {
  return randomBytes(20).toString('hex');
}

function requireInstant(text: string, field: string): number {
  const ms = parseIsoDateTime(text);
  if (ms === undefined) throw new InvalidInputError(`seed.${field} must be an ISO-8601 date-time with a zone`);
  return ms;
}

function seedInstant(input: Record<string, unknown>, field: string): number | undefined {
  const text = optionalString(input, field, 'seed');
  return text === undefined ? undefined : requireInstant(text, field);
}

/** A platform user with every field the reference pages show, filled with plausible values. */
function makeUser(id: string, handle: string, at: number): KodexaUser {
  const firstName = handle === 'demo' ? 'Demo' : 'Platform';
  const lastName = handle === 'demo' ? 'User' : handle;
  const email = `${handle}@example.com`;
  const createdOn = formatInstant(at);
  return {
    active: true,
    bio: '',
    businessGroup: '',
    changeSequence: 1,
    createdOn,
    email,
    firstName,
    groupsJson: '[]',
    id,
    image: '',
    isExternallyManaged: false,
    lastName,
    preferences: { showOnboarding: false, showScrollbars: true, showWelcomeMessage: false },
    roles: { roles: ['ADMIN'] },
    rolesJson: '["ADMIN"]',
    searchText: `${firstName} ${lastName} ${email}`.toLowerCase(),
    showDeveloperTools: true,
    title: '',
    updatedOn: createdOn,
    userStorage: { favoriteLinks: [{ link: '/projects' }] },
    userType: 'USER',
    uuid: randomUUID(),
  };
}
