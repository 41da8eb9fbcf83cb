import fc from 'fast-check';
import { containsIgnoreCase, listAll } from '@tokenbridge/core';
import { type SoftwareOneSimulator, startSoftwareOneSimulator } from '@tokenbridge/testing';
import { softwareone } from '../src';

// Characters that are RQL syntax, URL syntax, quotes, escapes or case-folded.
const UNITS = ['a', 'B', 'b', '*', '\\', '"', "'", ' ', '%', '&', '+', '(', ')', ',', '=', '#', 'é'];
const text = (minLength: number) => fc.string({ unit: fc.constantFrom(...UNITS), minLength, maxLength: 5 });

let sim: SoftwareOneSimulator;
let provider: ReturnType<typeof softwareone>;
let names: Map<string, string>;

beforeAll(async () => {
  sim = await startSoftwareOneSimulator();
  provider = softwareone({ apiToken: sim.credential, baseUrl: sim.url, retry: { baseMs: 1, capMs: 5 }, limiter: false });
  names = new Map();
  for (const name of fc.sample(text(1), { numRuns: 40, seed: 7 })) names.set(sim.store.seed({ name }).id, name);
});

afterAll(async () => {
  await provider.close();
  await sim.close();
});

describe('nameContains on the server', () => {
  it('matches exactly the literal, case-insensitive substring, whatever characters it holds', async () => {
    await fc.assert(
      fc.asyncProperty(text(1), async (needle) => {
        const found: string[] = [];
        for await (const token of listAll(provider, { nameContains: needle, pageSize: 7 })) found.push(token.id);
        const expected = [...names].filter(([, name]) => containsIgnoreCase(name, needle)).map(([id]) => id);
        expect(found.filter((id) => names.has(id)).sort()).toEqual(expected.sort());
        // Every request was one the simulator parsed (a refused query would have thrown above).
      }),
      { numRuns: 60, seed: 11 },
    );
  });
});
