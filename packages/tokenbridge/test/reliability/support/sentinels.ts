import { inspect } from 'node:util';

/**
 * Sentinel credentials and token values: distinctive strings every
 * reliability scenario runs with, so a sweep can prove none of them ever
 * reaches an error, event, token, log line or CLI output.
 */
export const SENTINEL_CREDENTIALS = {
  kodexa: 'sentinel-kodexa-credential-7f3a9c1e5b2d',
  // The simulator takes the credential as its caller's own token, so it needs the vendor's secret form.
  softwareone: 'idt:TKN-0000-0001:c2VudGluZWwtc29mdHdhcmVvbmUtY3JlZGVudGlhbA',
  // Not 30 hex characters on purpose: the adapter's pattern would hide it; this checks the literal redaction.
  datocms: 'sentinel-datocms-credential-4b8e2a6c',
  // Not in the scannable cfut_ form either, for the same reason.
  cloudflare: 'sentinel-cloudflare-credential-9d1e6a3b',
} as const;

/** Token values seeded into every simulator: what a read may carry but nothing may print. */
export const SENTINEL_TOKEN_VALUES = {
  kodexa: 'sentinel-kodexa-token-value-2c9d5e1f',
  softwareone: 'idt:TKN-0000-0099:c2VudGluZWwtc29mdHdhcmVvbmUtdG9rZW4tdmFsdWU',
  // DatoCMS token values are 30 hex characters; the adapter recognises that shape in vendor text.
  datocms: '5e471e1da70c0ffee0ddba11c0de42',
  // A scannable user-token value (cfut_ + 40 letters and digits + 8 hex), a shape the adapter recognises in vendor text.
  cloudflare: 'cfut_SentinelCloudflareTokenValue00000000000000c0ffee42',
} as const;

/** Every way a value gets printed or serialised: JSON, `util.inspect`, `String()`, and an error's stack. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: Infinity, showHidden: false, getters: true })];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // Circular values cannot be JSON; inspect covers them.
  }
  if (value instanceof Error) out.push(String(value.stack), String(value.message), String(value));
  else if (typeof value === 'string') out.push(value);
  return out;
}

/**
 * Collects everything a test file's scenarios produced (results, errors,
 * events, log lines) and the secrets in play, and checks that no secret
 * appears in any rendering of any of them.
 */
export class LeakSweep {
  private readonly produced: unknown[] = [];
  private readonly secrets = new Set<string>([...Object.values(SENTINEL_CREDENTIALS), ...Object.values(SENTINEL_TOKEN_VALUES)]);

  /** Records values to sweep. */
  record(...values: unknown[]): void {
    this.produced.push(...values);
  }

  /** Awaits `task` and records what it gave, or what it threw (its stack included); `undefined` when it threw. */
  async settle<A>(task: Promise<A>): Promise<A | undefined> {
    try {
      const value = await task;
      this.record(value);
      return value;
    } catch (error) {
      this.record(error);
      return undefined;
    }
  }

  /** Adds secrets to look for (token values a simulator generated). */
  addSecrets(values: Iterable<string | undefined>): void {
    for (const value of values) if (value !== undefined && value !== '') this.secrets.add(value);
  }

  /** How many values were recorded (a sweep over nothing proves nothing). */
  get size(): number {
    return this.produced.length;
  }

  /** The secrets found in any rendering of anything recorded, with where they were found. */
  leaks(): string[] {
    const found: string[] = [];
    for (const value of this.produced) {
      const text = renderings(value).join('\n');
      for (const secret of this.secrets) if (text.includes(secret)) found.push(`${secret.slice(0, 12)}… in ${text.slice(0, 200)}`);
    }
    return found;
  }
}
