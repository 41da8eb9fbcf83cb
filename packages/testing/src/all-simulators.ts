import {
  startCloudflareSimulator,
  type CloudflareSimulator,
  type CloudflareSimulatorOptions,
} from './cloudflare/simulator';
import { startDatoCmsSimulator, type DatoCmsSimulator, type DatoCmsSimulatorOptions } from './datocms/simulator';
import { startKodexaSimulator, type KodexaSimulator, type KodexaSimulatorOptions } from './kodexa/simulator';
import {
  startSoftwareOneSimulator,
  type SoftwareOneSimulator,
  type SoftwareOneSimulatorOptions,
} from './softwareone/simulator';

/** Options for each simulator. */
export interface AllSimulatorsOptions {
  readonly kodexa?: KodexaSimulatorOptions;
  readonly softwareone?: SoftwareOneSimulatorOptions;
  readonly datocms?: DatoCmsSimulatorOptions;
  readonly cloudflare?: CloudflareSimulatorOptions;
}

/** One simulator per vendor, running. */
export interface AllSimulators {
  readonly kodexa: KodexaSimulator;
  readonly softwareone: SoftwareOneSimulator;
  readonly datocms: DatoCmsSimulator;
  readonly cloudflare: CloudflareSimulator;
  /** Closes all of them. */
  close(): Promise<void>;
}

/** Starts one simulator per vendor; if any fails to start, closes the others and rethrows. */
export async function startAllSimulators(options: AllSimulatorsOptions = {}): Promise<AllSimulators> {
  const started = await Promise.allSettled([
    startKodexaSimulator(options.kodexa),
    startSoftwareOneSimulator(options.softwareone),
    startDatoCmsSimulator(options.datocms),
    startCloudflareSimulator(options.cloudflare),
  ] as const);
  const [kodexa, softwareone, datocms, cloudflare] = started;
  if (
    kodexa.status === 'fulfilled' &&
    softwareone.status === 'fulfilled' &&
    datocms.status === 'fulfilled' &&
    cloudflare.status === 'fulfilled'
  ) {
    const all = [kodexa.value, softwareone.value, datocms.value, cloudflare.value];
    return {
      kodexa: kodexa.value,
      softwareone: softwareone.value,
      datocms: datocms.value,
      cloudflare: cloudflare.value,
      close: async () => {
        await Promise.all(all.map((simulator) => simulator.close()));
      },
    };
  }
  await Promise.all(started.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
  const failure = started.find((result) => result.status === 'rejected');
  throw failure?.status === 'rejected' ? failure.reason : new Error('a simulator failed to start');
}
