import { randomBytes, randomInt } from 'node:crypto';
import {
  InvalidInputError,
  optionalString,
  requireRecord,
  requiredString,
} from '../simulator/input';
import { TokenTable, generatedName } from '../simulator/token-table';
import { FULL_PROJECTION, type Projection } from './projection';
import type {
  SoftwareOneAccount,
  SoftwareOneActor,
  SoftwareOneApiToken,
  SoftwareOneModule,
  SoftwareOneTokenSeed,
  SoftwareOneTokenStatus,
} from './types';

/** The account the simulator starts with; every token belongs to it. */
export const SOFTWAREONE_DEMO_ACCOUNT: SoftwareOneAccount = {
  id: 'ACC-1234-5678',
  name: 'Demo Client Account',
  type: 'Client',
  status: 'Active',
};

/** The modules the simulator knows; tokens may be granted any of them. */
export const SOFTWAREONE_MODULES: readonly SoftwareOneModule[] = [
  { id: 'MOD-1756', name: 'Access Management', description: 'Users, API tokens and permissions.' },
  { id: 'MOD-2048', name: 'Billing', description: 'Statements, invoices and journals.' },
  { id: 'MOD-3141', name: 'Procurement', description: 'Orders, subscriptions and agreements.' },
];

/** The user recorded as creator of the tokens the simulator starts with. */
export const SOFTWAREONE_DEMO_USER: SoftwareOneActor = { id: 'USR-0000-0001', name: 'Demo User' };

/** Name of the caller's own token (the one the demo credential belongs to). */
export const SOFTWAREONE_OWN_TOKEN_NAME = 'Demo API token';

/** The shape of a SoftwareOne secret: `idt:TKN-NNNN-NNNN:<opaque>`. */
export const SOFTWAREONE_SECRET = /^idt:(TKN-\d{4}-\d{4}):.+$/;

const TOKEN_ID = /^TKN-\d{4}-\d{4}$/;

/** Direct access to the tokens a SoftwareOne simulator holds, for test setup and assertions. */
export interface SoftwareOneStore {
  /** Adds a token (server fields generated when absent); throws on an invalid seed. */
  seed(seed: SoftwareOneTokenSeed): SoftwareOneApiToken;
  /** A token with every field (audit and secret included), soft-deleted ones too; undefined when unknown. */
  get(id: string): SoftwareOneApiToken | undefined;
  /** Every token, soft-deleted ones included, in insertion order (as {@link get} renders them). */
  list(): SoftwareOneApiToken[];
  /** Removes a token outright (not the API's soft delete); false when unknown. */
  delete(id: string): boolean;
  /** A token's secret, or undefined when unknown. */
  secretOf(id: string): string | undefined;
  /** Makes `count` Active tokens with no modules, named `namePrefix` + a zero-padded number. */
  generate(count: number, namePrefix?: string): void;
  /** Restores the tokens the simulator started with. */
  reset(): void;
  /** Number of tokens held, soft-deleted ones included. */
  readonly size: number;
}

/** A stored token. */
export interface SoftwareOneTokenRecord {
  readonly id: string;
  readonly secret: string;
  name: string;
  description: string | null;
  icon: string | null;
  status: SoftwareOneTokenStatus;
  lastAccessAt: number | null;
  revision: number;
  moduleIds: readonly string[];
  extensions: readonly string[] | null;
  readonly created: { readonly at: number; readonly by: SoftwareOneActor };
  updated: { at: number; by: SoftwareOneActor };
}

/** The writable fields of a token, as a validated PUT body carries them. */
export interface SoftwareOneChanges {
  readonly name?: string;
  readonly description?: string | null;
  readonly icon?: string | null;
  readonly moduleIds?: readonly string[];
  readonly extensions?: readonly string[] | null;
}

/** The SoftwareOne simulator's state; routes use the record-level methods, users the {@link SoftwareOneStore} ones. */
export class SoftwareOneTokenStore implements SoftwareOneStore {
  private readonly tokens = new TokenTable<SoftwareOneTokenRecord>();
  private readonly modules = new Map(SOFTWAREONE_MODULES.map((module) => [module.id, module]));
  private readonly initial: SoftwareOneTokenRecord[];
  /** Sorted copies of the records, for paging. */
  readonly views = this.tokens.views;

  /** @param credential - the caller's own token's secret; its id is taken from it. */
  constructor(
    private readonly now: () => number,
    credential: string,
    seeds: readonly SoftwareOneTokenSeed[] = [],
  ) {
    const own = SOFTWAREONE_SECRET.exec(credential);
    if (own === null) throw new InvalidInputError('credential must have the form idt:TKN-NNNN-NNNN:<opaque>');
    this.seed({
      id: own[1]!,
      token: credential,
      name: SOFTWAREONE_OWN_TOKEN_NAME,
      description: 'The token the simulator is driven with.',
      modules: SOFTWAREONE_MODULES.map(({ id }) => ({ id })),
    });
    for (const seed of seeds) this.seed(seed);
    this.initial = [...this.tokens.records()].map(copyRecord);
  }

  get size(): number {
    return this.tokens.size;
  }

  seed(seed: SoftwareOneTokenSeed): SoftwareOneApiToken {
    const input = requireRecord(seed, 'seed');
    const name = requiredString(input, 'name', 'seed');
    const id = optionalString(input, 'id', 'seed') ?? this.newId();
    if (!TOKEN_ID.test(id)) throw new InvalidInputError('seed.id must have the form TKN-NNNN-NNNN');
    if (this.tokens.has(id)) throw new InvalidInputError('seed.id is already taken');
    const secret = optionalString(input, 'token', 'seed') ?? newSecret(id);
    if (SOFTWAREONE_SECRET.exec(secret)?.[1] !== id) {
      throw new InvalidInputError('seed.token must have the form idt:<seed.id>:<opaque>');
    }
    if (this.tokens.hasSecret(secret)) throw new InvalidInputError('seed.token is already taken');
    const status = optionalString(input, 'status', 'seed') ?? 'Active';
    if (status !== 'Active' && status !== 'Disabled' && status !== 'Deleted') {
      throw new InvalidInputError('seed.status must be Active, Disabled or Deleted');
    }
    const moduleIds = refIds(input['modules'], 'seed.modules');
    if (moduleIds.some((moduleId) => !this.modules.has(moduleId))) {
      throw new InvalidInputError('seed.modules names an unknown module');
    }
    const at = this.now();
    const record: SoftwareOneTokenRecord = {
      id,
      secret,
      name,
      description: optionalString(input, 'description', 'seed') ?? null,
      icon: optionalString(input, 'icon', 'seed') ?? null,
      status,
      lastAccessAt: null,
      revision: 1,
      moduleIds,
      extensions: input['extensions'] == null ? null : refIds(input['extensions'], 'seed.extensions'),
      created: { at, by: SOFTWAREONE_DEMO_USER },
      updated: { at, by: SOFTWAREONE_DEMO_USER },
    };
    this.tokens.insert(record);
    return this.render(record, FULL_PROJECTION, true);
  }

  get(id: string): SoftwareOneApiToken | undefined {
    const record = this.tokens.find(id);
    return record && this.render(record, FULL_PROJECTION, true);
  }

  list(): SoftwareOneApiToken[] {
    return [...this.tokens.records()].map((record) => this.render(record, FULL_PROJECTION, true));
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
      const id = this.newId();
      this.tokens.insert({
        id,
        secret: newSecret(id),
        name: generatedName(namePrefix, i, count),
        description: null,
        icon: null,
        status: 'Active',
        lastAccessAt: null,
        revision: 1,
        moduleIds: [],
        extensions: null,
        created: { at, by: SOFTWAREONE_DEMO_USER },
        updated: { at, by: SOFTWAREONE_DEMO_USER },
      });
    }
  }

  reset(): void {
    this.tokens.replaceAll(this.initial.map(copyRecord));
  }

  /** Whether a module id exists. */
  hasModule(id: string): boolean {
    return this.modules.has(id);
  }

  /** A token the API still shows (not soft-deleted), or undefined. */
  findVisible(id: string): SoftwareOneTokenRecord | undefined {
    const record = this.tokens.find(id);
    return record?.status === 'Deleted' ? undefined : record;
  }

  /**
   * The token a secret authenticates as: only an Active one. Records the
   * access in `lastAccessAt` (which no list can sort on, so views stay valid).
   */
  authenticate(secret: string): SoftwareOneTokenRecord | undefined {
    const record = this.tokens.withSecret(secret);
    if (record?.status !== 'Active') return undefined;
    record.lastAccessAt = this.now();
    return record;
  }

  /** Creates an Active token, revision 1, on behalf of `actor`. */
  create(fields: SoftwareOneChanges & { readonly name: string }, actor: SoftwareOneActor): SoftwareOneTokenRecord {
    const id = this.newId();
    const at = this.now();
    const record: SoftwareOneTokenRecord = {
      id,
      secret: newSecret(id),
      name: fields.name,
      description: fields.description ?? null,
      icon: fields.icon ?? null,
      status: 'Active',
      lastAccessAt: null,
      revision: 1,
      moduleIds: fields.moduleIds ?? [],
      extensions: fields.extensions ?? null,
      created: { at, by: actor },
      updated: { at, by: actor },
    };
    this.tokens.insert(record);
    return record;
  }

  /** Applies the supplied fields only; bumps the revision when anything changed. */
  update(record: SoftwareOneTokenRecord, changes: SoftwareOneChanges, actor: SoftwareOneActor): void {
    const before = JSON.stringify(fieldsOf(record));
    if (changes.name !== undefined) record.name = changes.name;
    if (changes.description !== undefined) record.description = changes.description;
    if (changes.icon !== undefined) record.icon = changes.icon;
    if (changes.moduleIds !== undefined) record.moduleIds = changes.moduleIds;
    if (changes.extensions !== undefined) record.extensions = changes.extensions;
    if (JSON.stringify(fieldsOf(record)) !== before) this.touch(record, actor);
  }

  /** Moves a token to a new status (enable, disable, soft delete). */
  setStatus(record: SoftwareOneTokenRecord, status: SoftwareOneTokenStatus, actor: SoftwareOneActor): void {
    record.status = status;
    this.touch(record, actor);
  }

  /**
   * The wire shape of a record under a projection; `withToken` adds the
   * secret. Null and empty fields are omitted, or with `explicitNulls` sent
   * as null where the OpenAPI marks them nullable.
   */
  render(record: SoftwareOneTokenRecord, projection: Projection, withToken: boolean, explicitNulls = false): SoftwareOneApiToken {
    const has = (field: string): boolean => projection.fields.has(field);
    const present = (value: string | null): value is string => value !== null && value !== '';
    // A field to send: its value, or null when there is none and nulls are explicit, or nothing.
    const field = <V>(name: string, value: V | null, shown: (value: V) => boolean = () => true): Record<string, V | null> =>
      !has(name) ? {} : value !== null && shown(value) ? { [name]: value } : explicitNulls ? { [name]: null } : {};
    const actor = (by: SoftwareOneActor): SoftwareOneActor => (explicitNulls ? { ...by, icon: null } : by);
    const modules = record.moduleIds.map((id) => this.modules.get(id)).filter((module) => module !== undefined);
    const neverChanged = record.revision === 1;
    return {
      id: record.id,
      ...(has('audit') && {
        audit: {
          created: { at: new Date(record.created.at).toISOString(), by: actor(record.created.by) },
          updated:
            explicitNulls && neverChanged ? { at: null } : { at: new Date(record.updated.at).toISOString(), by: actor(record.updated.by) },
        },
      }),
      ...(projection.omitted.length > 0 && { $meta: { omitted: projection.omitted } }),
      ...(has('status') && { status: record.status }),
      ...(has('name') && { name: record.name }),
      ...field('description', record.description, present),
      ...field('icon', record.icon, present),
      ...field('lastAccessAt', record.lastAccessAt === null ? null : new Date(record.lastAccessAt).toISOString()),
      ...(withToken && { token: record.secret }),
      ...(has('revision') && { revision: record.revision }),
      ...(has('account') && { account: explicitNulls ? { ...SOFTWAREONE_DEMO_ACCOUNT, icon: null } : SOFTWAREONE_DEMO_ACCOUNT }),
      ...(has('modules') && modules.length > 0 && { modules }),
      // null is "any extension" and [] "none"; the platform omits both, explicit nulls tell them apart.
      ...field('extensions', record.extensions?.map((id) => ({ id })) ?? null, (refs) => refs.length > 0 || explicitNulls),
    } as SoftwareOneApiToken;
  }

  private touch(record: SoftwareOneTokenRecord, actor: SoftwareOneActor): void {
    record.revision += 1;
    record.updated = { at: this.now(), by: actor };
    this.views.invalidate();
  }

  private newId(): string {
    for (;;) {
      const id = `TKN-${digits(4)}-${digits(4)}`;
      if (!this.tokens.has(id)) return id;
    }
  }
}

function digits(count: number): string {
  return String(randomInt(0, 10 ** count)).padStart(count, '0');
}

function newSecret(id: string): string {
  return `idt:${id}:${randomBytes(24).toString('base64url')}`;
}

function copyRecord(record: SoftwareOneTokenRecord): SoftwareOneTokenRecord {
  return { ...record, updated: { ...record.updated } };
}

function fieldsOf(record: SoftwareOneTokenRecord): unknown[] {
  return [record.name, record.description, record.icon, record.moduleIds, record.extensions];
}

function refIds(value: unknown, what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new InvalidInputError(`${what} must be an array of {id}`);
  return value.map((item: unknown) => requiredString(requireRecord(item, what), 'id', what));
}
