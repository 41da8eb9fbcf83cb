import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { KodexaAccessToken } from './kodexa/types';
import type { SoftwareOneRef } from './softwareone/types';

/**
 * An example copied verbatim from a vendor's reference page, placeholders
 * (`"<string>"`, `"text"`) and page artefacts included.
 */
export interface Fixture<T> {
  /** The page it was copied from. */
  readonly source: string;
  /** The status the page shows, where it shows one. */
  readonly status?: number;
  /** The response headers the page shows, where it shows them. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The example body. */
  readonly body: T;
}

/** Body of the SoftwareOne "Update Token" request example. */
export interface SoftwareOneUpdateExample {
  readonly name: string;
  readonly description: string | null;
  readonly icon: string | null;
  readonly modules: readonly SoftwareOneRef[];
}

/** Who did something, as the SoftwareOne page renders it: a circular `$ref` spelled out as a character map. */
export type SoftwareOneCharacterMapArtefact = Readonly<Record<string, string>>;

/** Body of the SoftwareOne "Update Token" response example (every field, placeholders as on the page). */
export interface SoftwareOneTokenExample {
  readonly id: string;
  readonly audit: {
    readonly created: { readonly at: string; readonly by: SoftwareOneCharacterMapArtefact };
    readonly updated: { readonly at: string; readonly by: SoftwareOneCharacterMapArtefact };
  };
  readonly $meta: { readonly omitted: readonly string[] };
  readonly status: string;
  readonly name: string;
  readonly description: string;
  readonly icon: string;
  readonly lastAccessAt: string;
  readonly token: string;
  readonly account: {
    readonly id: string;
    readonly icon: string;
    readonly type: string;
    readonly status: string;
    readonly name: string;
  };
  readonly modules: ReadonlyArray<{
    readonly id: string;
    readonly description: string;
    readonly name: string;
    readonly filters: Readonly<Record<string, readonly string[]>>;
    readonly settings: Readonly<Record<string, boolean | readonly string[]>>;
  }>;
}

/** Body of the DatoCMS "Update an API token" request example. */
export interface DatoCmsUpdateExample {
  readonly data: {
    readonly type: 'access_token';
    readonly id: string;
    readonly attributes: {
      readonly name: string;
      readonly can_access_cda: boolean;
      readonly can_access_cda_preview: boolean;
      readonly can_access_cma: boolean;
    };
    readonly relationships: { readonly role: { readonly data: { readonly type: 'role'; readonly id: string } } };
  };
}

/** Body of the DatoCMS "Update an API token" response example (no `token`, `hardcoded_type: ""`). */
export interface DatoCmsTokenExample {
  readonly data: {
    readonly type: 'access_token';
    readonly id: string;
    readonly attributes: {
      readonly name: string;
      readonly hardcoded_type: string;
      readonly can_access_cda: boolean;
      readonly can_access_cda_preview: boolean;
      readonly can_access_cma: boolean;
    };
    readonly relationships: { readonly role: { readonly data: { readonly type: 'role'; readonly id: string } } };
  };
}

/** Every fixture by name, with the type of its body. */
export interface FixtureBodies {
  'kodexa-put-request': KodexaAccessToken;
  'kodexa-put-response': KodexaAccessToken;
  'kodexa-post-request': KodexaAccessToken;
  'kodexa-post-response': KodexaAccessToken;
  'kodexa-get-response': KodexaAccessToken;
  'softwareone-put-request': SoftwareOneUpdateExample;
  'softwareone-put-response': SoftwareOneTokenExample;
  'datocms-put-request': DatoCmsUpdateExample;
  'datocms-put-response': DatoCmsTokenExample;
}

/** Name of a fixture file (without `.json`). */
export type FixtureName = keyof FixtureBodies;

/** Every fixture name. */
export const FIXTURE_NAMES: readonly FixtureName[] = [
  'kodexa-put-request',
  'kodexa-put-response',
  'kodexa-post-request',
  'kodexa-post-response',
  'kodexa-get-response',
  'softwareone-put-request',
  'softwareone-put-response',
  'datocms-put-request',
  'datocms-put-response',
];

/** Folder of the fixture files; the same relative place from `src` and from `dist`. */
export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');

const cache = new Map<FixtureName, string>();

/** Reads a fixture; each call returns a fresh copy the caller may change. */
export function loadFixture<N extends FixtureName>(name: N): Fixture<FixtureBodies[N]> {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(FIXTURES_DIR, `${name}.json`), 'utf8');
    cache.set(name, text);
  }
  return JSON.parse(text) as Fixture<FixtureBodies[N]>;
}

/** Returns a copy of a JSON value with every string passed through `replace(key, value)`. */
function mapStrings(value: unknown, replace: (key: string, text: string) => string, key = ''): unknown {
  if (typeof value === 'string') return replace(key, value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, replace, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mapStrings(item, replace, name)]));
  }
  return value;
}

/** A valid stand-in for the Kodexa pages' `"<string>"` placeholder in a field named `key`. */
function kodexaStandIn(key: string): string {
  if (key === 'id' || key === 'uuid' || key === 'userId') return randomUUID();
  if (key === 'email') return 'fixture.user@example.com';
  if (key.endsWith('Json')) return '[]';
  if (key === 'link') return '/projects';
  return `example ${key}`;
}

function kodexaExample(name: 'kodexa-post-request' | 'kodexa-put-request', tokenName: string): KodexaAccessToken {
  const body = mapStrings(loadFixture(name).body, (key, text) => (text === '<string>' ? kodexaStandIn(key) : text));
  return { ...(body as KodexaAccessToken), name: tokenName };
}

/**
 * The Kodexa create example with its placeholders made valid (UUIDs for ids,
 * an email, a real name). Its server-owned fields are sent as on the page;
 * the server ignores them.
 */
export function kodexaCreateExample(tokenName = 'Fixture token'): KodexaAccessToken {
  return kodexaExample('kodexa-post-request', tokenName);
}

/**
 * The Kodexa update example made valid for `current`, a token as the server
 * returned it: its id, uuid, userId, createdOn and changeSequence are taken
 * from `current` (as a read-modify-write client would), the rest from the page.
 */
export function kodexaUpdateExample(current: KodexaAccessToken, tokenName = 'Fixture token'): KodexaAccessToken {
  const { id, uuid, userId, createdOn, changeSequence } = current;
  return { ...kodexaExample('kodexa-put-request', tokenName), id, uuid, userId, createdOn, changeSequence };
}

/** The SoftwareOne update example with its `"text"` placeholders made valid; `moduleId` must exist. */
export function softwareOneUpdateExample(moduleId: string, tokenName = 'Fixture token'): SoftwareOneUpdateExample {
  const body = loadFixture('softwareone-put-request').body;
  return {
    ...body,
    name: tokenName,
    description: 'Updated from the reference example.',
    icon: '/static/icons/api-token.png',
    modules: body.modules.map(() => ({ id: moduleId })),
  };
}

/** The DatoCMS update example aimed at token `id` with role `roleId` (the page's 312 and 34). */
export function datoCmsUpdateExample(id: string, roleId: string): DatoCmsUpdateExample {
  const { data } = loadFixture('datocms-put-request').body;
  return { data: { ...data, id, relationships: { role: { data: { type: 'role', id: roleId } } } } };
}
