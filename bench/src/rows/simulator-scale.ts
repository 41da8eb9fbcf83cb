import { performance } from 'node:perf_hooks';
import { rawClient } from '../baselines';
import { type Row, retrying } from '../resilience';
import type { SimulatorControl } from '../simulators';
import type { Vendor, VendorId } from '../vendors';

/**
 * Row 7, one vendor: the simulator holding many tokens, timed. These are the
 * figures the simulators' scale tests used to assert (under 5 s each); the
 * tests now check the answers and count the sorts, and the time is measured
 * here, the simulator in its own process as in every other row.
 */
export interface SimulatorScale {
  readonly vendor: VendorId;
  readonly tokens: number;
  /** `POST /__sim/tokens/generate` of `tokens` tokens in one call. */
  readonly generateSeconds: number;
  /** What the list sequence asks (see {@link SEQUENCES}). */
  readonly sequence: string;
  readonly requests: number;
  /** The whole list sequence, through raw node:http. */
  readonly listSeconds: number;
  /** Transient failures of its requests, retried. */
  readonly retries: number;
}

/** A row of table 7: measured, or why not. */
export type SimulatorScaleRow = Row<SimulatorScale, 'vendor'>;

interface Sequence {
  readonly description: string;
  /** Path and query of each request, in order. */
  paths(tokens: number): string[];
  /** Throws when the answers are not what the sequence asked for (a fast wrong answer is no figure). */
  check(answers: readonly unknown[], tokens: number): void;
}

const pages = (path: (page: number) => string): string[] => [1, 2, 3, 4, 5].map(path);

/** The requests of each simulator's scale test: sorted pages of 100, a name filter, or the one-answer list. */
export const SEQUENCES: Readonly<Record<VendorId, Sequence>> = {
  kodexa: {
    description: 'pages 2, 1-5 of 100 sorted by name descending, then a name filter',
    paths: (tokens) => [
      '/api/access-tokens?sort=name:desc&page=2&pageSize=100',
      ...pages((page) => `/api/access-tokens?sort=name:desc&page=${page}&pageSize=100`),
      `/api/access-tokens?filter=${encodeURIComponent(`name~'*${tokens - 1}'`)}`,
    ],
    check: (answers) => {
      const pageSizes = answers.slice(0, 6).map((a) => (a as { numberOfElements?: number }).numberOfElements);
      if (pageSizes.some((n) => n !== 100)) throw new Error(`Kodexa pages held ${pageSizes.join(', ')} tokens, not 100 each`);
      expectOne((answers[6] as { totalElements?: number }).totalElements, 'Kodexa name filter');
    },
  },
  softwareone: {
    description: 'offsets 100, 0-400 of 100 ordered by name descending, then a status-and-name filter',
    paths: (tokens) => [
      '/public/v1/accounts/api-tokens?order=-name&limit=100&offset=100',
      ...pages((page) => `/public/v1/accounts/api-tokens?order=-name&limit=100&offset=${(page - 1) * 100}`),
      `/public/v1/accounts/api-tokens?and(eq(status,Active),ilike(name,*${tokens - 1}))`,
    ],
    check: (answers) => {
      const pageSizes = answers.slice(0, 6).map((a) => (a as { data?: unknown[] }).data?.length);
      if (pageSizes.some((n) => n !== 100)) throw new Error(`SoftwareOne pages held ${pageSizes.join(', ')} tokens, not 100 each`);
      expectOne((answers[6] as { data?: unknown[] }).data?.length, 'SoftwareOne name filter');
    },
  },
  datocms: {
    description: 'the whole list in one answer (the vendor does not page)',
    paths: () => ['/access_tokens'],
    check: (answers, tokens) => {
      const listed = (answers[0] as { data?: unknown[] }).data?.length ?? 0;
      if (listed < tokens) throw new Error(`DatoCMS listed ${listed} tokens, fewer than the ${tokens} generated`);
    },
  },
  cloudflare: {
    description: 'pages 2, 1-5 of 50 (the largest page) newest first',
    paths: () => ['/user/tokens?page=2&per_page=50&direction=desc', ...pages((page) => `/user/tokens?page=${page}&per_page=50&direction=desc`)],
    check: (answers) => {
      const pageSizes = answers.map((a) => (a as { result?: unknown[] }).result?.length);
      if (pageSizes.some((n) => n !== 50)) throw new Error(`Cloudflare pages held ${pageSizes.join(', ')} tokens, not 50 each`);
    },
  },
};

function expectOne(found: number | undefined, what: string): void {
  if (found !== 1) throw new Error(`${what} found ${found ?? 'nothing'}, not exactly one token`);
}

/** Fills the simulator to `tokens` generated tokens, times that and the list sequence, and resets it. */
export async function measureSimulatorScale(vendor: Vendor, control: SimulatorControl, tokens: number): Promise<SimulatorScale> {
  await control.reset();
  const generateStarted = performance.now();
  await control.generate(tokens, 'bulk-');
  const generateSeconds = (performance.now() - generateStarted) / 1000;
  try {
    const sequence = SEQUENCES[vendor.id];
    const client = rawClient(vendor.shape);
    const tally = { retries: 0 };
    const answers: unknown[] = [];
    const paths = sequence.paths(tokens);
    const started = performance.now();
    for (const path of paths) await retrying(async () => void answers.push(await client.send('GET', path)), tally)();
    const listSeconds = (performance.now() - started) / 1000;
    sequence.check(answers, tokens);
    const round = (seconds: number): number => Math.round(seconds * 100) / 100;
    return {
      vendor: vendor.id,
      tokens,
      generateSeconds: round(generateSeconds),
      sequence: sequence.description,
      requests: paths.length,
      listSeconds: round(listSeconds),
      retries: tally.retries,
    };
  } finally {
    // Later rows see a small store again.
    await control.reset();
  }
}
