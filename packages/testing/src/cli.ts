import { startAllSimulators, type AllSimulators } from './all-simulators';
import { CONTROL_PREFIX } from './simulator/controls';

/** What the command line asked for. */
export interface CliArguments {
  /** Print one JSON line instead of text. */
  readonly json: boolean;
  readonly kodexaPort: number;
  readonly softwareonePort: number;
  readonly datocmsPort: number;
  readonly cloudflarePort: number;
  /** Turn DatoCMS's and Cloudflare's default rate limits off. */
  readonly noRateLimit: boolean;
  readonly help: boolean;
}

/** How to call the command. */
const USAGE = `Usage: tokenbridge-simulators [options]

Starts the Kodexa, SoftwareOne, DatoCMS and Cloudflare simulators on 127.0.0.1
and runs until interrupted (SIGINT or SIGTERM).

Options:
  --json                   print one JSON line with each simulator's url and credential
  --kodexa-port <n>        port for Kodexa (default 0: any free port)
  --softwareone-port <n>   port for SoftwareOne (default 0)
  --datocms-port <n>       port for DatoCMS (default 0)
  --cloudflare-port <n>    port for Cloudflare (default 0)
  --no-rate-limit          turn off DatoCMS's (60 requests per 3 s) and Cloudflare's
                           (1,200 requests per 5 min) rate limits
  -h, --help               show this help
`;

const PORT_FLAGS = {
  '--kodexa-port': 'kodexaPort',
  '--softwareone-port': 'softwareonePort',
  '--datocms-port': 'datocmsPort',
  '--cloudflare-port': 'cloudflarePort',
} as const;

/** Parses the arguments (without node and the script); throws an Error with a message for the user. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  const parsed = {
    json: false,
    kodexaPort: 0,
    softwareonePort: 0,
    datocmsPort: 0,
    cloudflarePort: 0,
    noRateLimit: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag = '', inline] = argv[i]!.split(/=(.*)/s, 2);
    if (flag === '--json') parsed.json = true;
    else if (flag === '--no-rate-limit') parsed.noRateLimit = true;
    else if (flag === '--help' || flag === '-h') parsed.help = true;
    else if (flag in PORT_FLAGS) {
      const value = inline ?? argv[++i];
      const port = Number(value);
      if (value === undefined || !/^\d+$/.test(value) || port > 65535) {
        throw new Error(`${flag} needs a port number from 0 to 65535`);
      }
      parsed[PORT_FLAGS[flag as keyof typeof PORT_FLAGS]] = port;
    } else {
      throw new Error(`unknown option: ${flag}`);
    }
  }
  return parsed;
}

/** The one JSON line of `--json`. */
function describeAsJson(simulators: AllSimulators): string {
  const { kodexa, softwareone, datocms, cloudflare } = simulators;
  return JSON.stringify({
    kodexa: { url: kodexa.url, credential: kodexa.credential },
    softwareone: { url: softwareone.url, credential: softwareone.credential, accountId: softwareone.accountId },
    datocms: { url: datocms.url, credential: datocms.credential, roleId: datocms.roleId },
    cloudflare: {
      url: cloudflare.url,
      origin: cloudflare.origin,
      credential: cloudflare.credential,
      accountId: cloudflare.accountId,
    },
  });
}

/** The human-readable description. */
function describeAsText(simulators: AllSimulators): string {
  const { kodexa, softwareone, datocms, cloudflare } = simulators;
  const rate = (simulator: AllSimulators['datocms'] | AllSimulators['cloudflare']): string => {
    const limit = simulator.rateLimit.get();
    return limit === false ? 'off' : `${limit.limit} per ${limit.windowMs} ms`;
  };
  return [
    'tokenbridge simulators running (Ctrl-C to stop)',
    `  kodexa       ${kodexa.url}  x-api-key: ${kodexa.credential}`,
    `  softwareone  ${softwareone.url}  Authorization: Bearer ${softwareone.credential}  (account ${softwareone.accountId})`,
    `  datocms      ${datocms.url}  Authorization: Bearer ${datocms.credential}` +
      `  (X-Api-Version: 3, role ${datocms.roleId}, rate limit ${rate(datocms)})`,
    `  cloudflare   ${cloudflare.url}  Authorization: Bearer ${cloudflare.credential}` +
      `  (account ${cloudflare.accountId}, rate limit ${rate(cloudflare)})`,
    `  control API: <origin>${CONTROL_PREFIX}/… on each (for Cloudflare ${cloudflare.origin}; see the @tokenbridge/testing README)`,
    '',
  ].join('\n');
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
    simulators = await startAllSimulators({
      kodexa: { port: args.kodexaPort },
      softwareone: { port: args.softwareonePort },
      datocms: { port: args.datocmsPort, ...(args.noRateLimit && { rateLimit: false }) },
      cloudflare: { port: args.cloudflarePort, ...(args.noRateLimit && { rateLimit: false }) },
    });
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
