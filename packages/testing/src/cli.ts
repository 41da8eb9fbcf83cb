import { type AllSimulators, startAllSimulators } from './all-simulators';
import { CONTROL_PREFIX } from './simulator/controls';
import { SIMULATORS, SIMULATOR_IDS, type SimulatorId, describeSimulator } from './simulators';

/** What the command line asked for. */
export interface CliArguments {
  /** Print one JSON line instead of text. */
  readonly json: boolean;
  /** The port of each simulator (0: any free port). */
  readonly ports: Readonly<Record<SimulatorId, number>>;
  /** Turn every simulator's rate limit off (each plays its vendor's published one by default). */
  readonly noRateLimit: boolean;
  readonly help: boolean;
}

const portFlag = (id: SimulatorId): string => `--${id}-port`;

/** How to call the command. */
const USAGE = `Usage: tokenbridge-simulators [options]

Starts the ${SIMULATOR_IDS.join(', ')} simulators on 127.0.0.1
and runs until interrupted (SIGINT or SIGTERM).

Options:
  --json                   print one JSON line with each simulator's url, credential and ids
${SIMULATOR_IDS.map((id) => `  ${`${portFlag(id)} <n>`.padEnd(24)} port for ${id} (default 0: any free port)`).join('\n')}
  --no-rate-limit          turn off every simulator's rate limit (each plays its vendor's
                           published limit by default, where the vendor has one)
  -h, --help               show this help
`;

/** Parses the arguments (without node and the script); throws an Error with a message for the user. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  const ports = Object.fromEntries(SIMULATOR_IDS.map((id) => [id, 0])) as Record<SimulatorId, number>;
  const parsed = { json: false, noRateLimit: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag = '', inline] = argv[i]!.split(/=(.*)/s, 2);
    const portOf = SIMULATOR_IDS.find((id) => portFlag(id) === flag);
    if (flag === '--json') parsed.json = true;
    else if (flag === '--no-rate-limit') parsed.noRateLimit = true;
    else if (flag === '--help' || flag === '-h') parsed.help = true;
    else if (portOf !== undefined) {
      const value = inline ?? argv[++i];
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) {
        throw new Error(`${flag} needs a port number from 0 to 65535`);
      }
      ports[portOf] = port;
    } else {
      throw new Error(`unknown option: ${flag}`);
    }
  }
  return { ...parsed, ports };
}

/** The one JSON line of `--json`: each simulator's url, credential and ids, by vendor id. */
function describeAsJson(simulators: AllSimulators): string {
  return JSON.stringify(Object.fromEntries(SIMULATOR_IDS.map((id) => [id, describeSimulator(id, simulators[id] as never)])));
}

/** The human-readable description. */
function describeAsText(simulators: AllSimulators): string {
  const lines = SIMULATOR_IDS.map((id) => {
    const simulator = simulators[id];
    const { url, credential, ...facts } = describeSimulator(id, simulator as never);
    const limit = simulator.rateLimit.get();
    const notes = [...Object.entries(facts).map(([k, v]) => `${k} ${v}`), ...(limit === false ? [] : [`rate limit ${limit.limit} per ${limit.windowMs} ms`])];
    return `  ${id.padEnd(12)} ${url}  ${SIMULATORS[id].auth} ${credential}${notes.length > 0 ? `  (${notes.join(', ')})` : ''}`;
  });
  return ['tokenbridge simulators running (Ctrl-C to stop)', ...lines, `  control API: <origin>${CONTROL_PREFIX}/… on each (see the @tokenbridge/testing README)`, ''].join('\n');
}

/** Runs the command: starts the simulators, prints them, and closes them on SIGINT or SIGTERM. */
export async function main(argv: readonly string[]): Promise<void> {
  let args: CliArguments;
  try {
    args = parseCliArguments(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  let simulators: AllSimulators;
  try {
    simulators = await startAllSimulators(
      Object.fromEntries(SIMULATOR_IDS.map((id) => [id, { port: args.ports[id], ...(args.noRateLimit ? { rateLimit: false as const } : {}) }])),
    );
  } catch (error) {
    process.stderr.write(`could not start the simulators: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(args.json ? `${describeAsJson(simulators)}\n` : describeAsText(simulators));
  const stop = (): void => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    // With the servers closed nothing keeps node alive, so it exits with code 0.
    void simulators.close();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) void main(process.argv.slice(2));
