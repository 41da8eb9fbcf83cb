import { startCloudflareSimulator } from './cloudflare/simulator';
import { startDatoCmsSimulator } from './datocms/simulator';
import { startKodexaSimulator } from './kodexa/simulator';
import type { SimulatorHandle, SimulatorOptions } from './simulator/server';
import { startSoftwareOneSimulator } from './softwareone/simulator';

/** How the simulators' command line and {@link startAllSimulators} handle one simulator. */
export interface SimulatorEntry<Handle extends SimulatorHandle<unknown>, Options extends SimulatorOptions> {
  /** Starts it. */
  start(options?: Options): Promise<Handle>;
  /** How its default caller's credential is sent, for the text description. */
  readonly auth: string;
  /** What a client needs besides the URL and the credential (ids), in `--json` and the text description. */
  facts(handle: Handle): Readonly<Record<string, string>>;
}

function entry<Handle extends SimulatorHandle<unknown>, Options extends SimulatorOptions>(e: SimulatorEntry<Handle, Options>): SimulatorEntry<Handle, Options> {
  return e;
}

/**
 * One simulator per vendor, keyed by the vendor's provider id (the ids of the
 * vendor registry in the `tokenbridge` package; a test there checks every
 * registered vendor has one here). This package never imports `tokenbridge`:
 * the umbrella's tests depend on this package, not the other way round. A
 * simulator may come before its adapter (Cloudflare's did).
 */
export const SIMULATORS = {
  kodexa: entry({ start: startKodexaSimulator, auth: 'x-api-key:', facts: () => ({}) }),
  softwareone: entry({ start: startSoftwareOneSimulator, auth: 'Authorization: Bearer', facts: (s) => ({ accountId: s.accountId }) }),
  datocms: entry({ start: startDatoCmsSimulator, auth: 'Authorization: Bearer', facts: (s) => ({ roleId: s.roleId }) }),
  cloudflare: entry({ start: startCloudflareSimulator, auth: 'Authorization: Bearer', facts: (s) => ({ origin: s.origin, accountId: s.accountId }) }),
};

/** The id of a vendor that has a simulator. */
export type SimulatorId = keyof typeof SIMULATORS;

/** Every simulator's id, in table order. */
export const SIMULATOR_IDS = Object.keys(SIMULATORS) as SimulatorId[];

type EntryOf<K extends SimulatorId> = (typeof SIMULATORS)[K];
/** The options of simulator `K`. */
export type SimulatorOptionsOf<K extends SimulatorId> = EntryOf<K> extends SimulatorEntry<SimulatorHandle<unknown>, infer O> ? O : never;
/** The running simulator `K`. */
export type SimulatorOf<K extends SimulatorId> = EntryOf<K> extends SimulatorEntry<infer H, SimulatorOptions> ? H : never;

/** Starts simulator `id` (one of {@link SIMULATORS}). */
export function startSimulator<K extends SimulatorId>(id: K, options?: SimulatorOptionsOf<K>): Promise<SimulatorOf<K>> {
  return (SIMULATORS[id] as unknown as SimulatorEntry<SimulatorOf<K>, SimulatorOptionsOf<K>>).start(options);
}

/** What a client needs of simulator `id`: its URL, credential and ids. */
export function describeSimulator<K extends SimulatorId>(id: K, handle: SimulatorOf<K>): Readonly<Record<string, string>> {
  const facts = (SIMULATORS[id] as unknown as SimulatorEntry<SimulatorOf<K>, SimulatorOptions>).facts(handle);
  return { url: handle.url, credential: handle.credential, ...facts };
}
