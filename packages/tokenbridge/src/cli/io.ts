import type { TransportOptions } from '@tokenbridge/core';

/** Where the command line reads and writes. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the config file is looked for, upward (default `process.cwd()`). */
  readonly cwd?: string;
  /** Asks a yes/no question; absent when nobody can answer (not a terminal). */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Transport settings for every provider (tests use fast retries). */
  readonly transport?: TransportOptions;
  readonly now?: () => number;
}

/** `value` as the command line prints JSON: indented, one trailing line break. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
