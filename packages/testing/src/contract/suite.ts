import { inspect } from 'node:util';
import type { TaskEither } from 'fp-ts/TaskEither';
import type { Token, TokenError } from '@tokenbridge/core';
import { fails as failsWith, succeeds } from '../results';
import { describeReadings, optionsAffecting, readingCombinations, type ReadingsSpec } from '../simulator/readings';
import { contractScenarios, type Scenario, type ScenarioKit } from './scenarios';
import type { ContractContext, ContractOptions, ContractSetup } from './types';

/**
 * Declares, in jest, the neutral scenarios every provider must pass, whatever
 * its vendor. Where the provider's capabilities say it lacks an operation or
 * field, a scenario asserts `Unsupported` with no request sent instead of
 * skipping.
 *
 * With `options.readings` (a simulator's reading options, such as
 * `KODEXA_READINGS`), the suite runs every scenario under every combination
 * of the options that change what the scenario exercises (its aspects), the
 * others at their defaults. `setup(readings)` is called once per combination
 * (`beforeAll`) and its context shared by that combination's scenarios;
 * between scenarios the simulator's faults, its request log and the event
 * list are cleared, and its store is left as it is (every scenario names its
 * tokens uniquely).
 *
 * @example
 * describeTokenProviderContract('my provider', async (readings) => {
 *   const sim = await startKodexaSimulator({ readings });
 *   ...
 *   return { provider, providerWithBadCredential, simulator: sim, ... };
 * }, { readings: KODEXA_READINGS });
 */
export function describeTokenProviderContract<R extends object = Record<string, never>>(
  name: string,
  setup: ContractSetup<R>,
  options: ContractOptions<R> = {},
): void {
  // Loaded here, not at the top, so importing @tokenbridge/testing for its simulators works outside jest.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } = require('@jest/globals') as typeof import('@jest/globals');
  const spec = options.readings ?? ({} as ReadingsSpec<R>);
  const scenarios = contractScenarios(expect).filter((scenario) => scenario.needs === undefined || options[scenario.needs] === true);

  // Each scenario's combinations, grouped by combination so that one simulator serves all the scenarios run under it.
  const byCombination = new Map<string, { readings: R; scenarios: Scenario[] }>();
  for (const scenario of scenarios) {
    for (const readings of readingCombinations(spec, optionsAffecting(spec, scenario.aspects))) {
      const key = JSON.stringify(readings);
      const entry = byCombination.get(key) ?? { readings, scenarios: [] };
      entry.scenarios.push(scenario);
      byCombination.set(key, entry);
    }
  }

  let counter = 0;
  const unique = (label: string): string => `contract ${label} ${Date.now().toString(36)} ${++counter}`;

  describe(`TokenProvider contract: ${name}`, () => {
    for (const { readings, scenarios: under } of byCombination.values()) {
      describe(`readings: ${describeReadings(spec, readings)}`, () => {
        let ctx: ContractContext;
        let kit: ScenarioKit;

        beforeAll(async () => {
          ctx = await setup(readings);
        });
        afterAll(async () => {
          await ctx?.close();
        });

        beforeEach(() => {
          ctx.simulator.faults.clear();
          ctx.simulator.requests.clear();
          ctx.events.splice(0);
          kit = newKit(ctx, unique);
        });

        afterEach(() => {
          const printed = [...kit.produced, ...ctx.events].map((x) => `${JSON.stringify(x)}\n${inspect(x, { depth: Infinity })}`).join('\n');
          for (const value of [...ctx.credentials, ...kit.secrets]) expect(printed.includes(value)).toBe(false);
        });

        for (const group of [...new Set(under.map((scenario) => scenario.group))]) {
          describe(group, () => {
            for (const scenario of under.filter((candidate) => candidate.group === group)) it(scenario.title, () => scenario.run(kit));
          });
        }
      });
    }
  });
}

/** A fresh kit for one test: its own record of what it produced and of the secrets it saw. */
function newKit(ctx: ContractContext, unique: (label: string) => string): ScenarioKit {
  const produced: unknown[] = [];
  const secrets: string[] = [];
  const recorder = { record: (value: unknown) => produced.push(value) };
  const p = ctx.provider;
  const ok = <A>(task: TaskEither<TokenError, A>): Promise<A> => succeeds(task, recorder);
  return {
    ctx,
    p,
    ok,
    fails: <A>(task: TaskEither<TokenError, A>): Promise<TokenError> => failsWith(task, recorder),
    create: async (label: string): Promise<Token<object>> => {
      const token = await ok(p.create(ctx.createInput(unique(label))));
      if (token.secret) secrets.push(token.secret.reveal());
      return token;
    },
    unique,
    writes: () => ctx.simulator.requests.all().filter((r) => r.method !== 'GET').length,
    secrets,
    produced,
  };
}
