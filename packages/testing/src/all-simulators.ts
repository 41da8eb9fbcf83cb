import { SIMULATOR_IDS, type SimulatorId, type SimulatorOf, type SimulatorOptionsOf, startSimulator } from './simulators';

/** Options for each simulator. */
export type AllSimulatorsOptions = { readonly [K in SimulatorId]?: SimulatorOptionsOf<K> };

/** One simulator per vendor, running. */
export type AllSimulators = { readonly [K in SimulatorId]: SimulatorOf<K> } & {
  /** Closes all of them. */
  close(): Promise<void>;
};

/** Starts one simulator per vendor of {@link SIMULATORS}; if any fails to start, closes the others and rethrows. */
export async function startAllSimulators(options: AllSimulatorsOptions = {}): Promise<AllSimulators> {
  const started = await Promise.allSettled(SIMULATOR_IDS.map((id) => startSimulator(id, options[id] as never)));
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(running.map((simulator) => simulator.close()));
    throw failure.reason;
  }
  const byId = Object.fromEntries(SIMULATOR_IDS.map((id, n) => [id, running[n]])) as { [K in SimulatorId]: SimulatorOf<K> };
  return {
    ...byId,
    close: async () => {
      await Promise.all(running.map((simulator) => simulator.close()));
    },
  };
}
