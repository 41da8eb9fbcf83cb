// Shared helpers of the simulator tests (not a test file: jest matches *.test.ts only).

import { type ManualClock, manualClock as manualClockFrom } from '../../core/test/support/clock';

export type { ManualClock };
export { flush } from '../../core/test/support/clock';

/**
 * The timeout of a test that works on 100,000 tokens: a few seconds of CPU
 * on an idle machine, several times that on a loaded one. A guard against a
 * hang, not a speed check (how fast the simulators are is the bench's row 7).
 */
export const SCALE_TEST_TIMEOUT_MS = 120_000;

/** A manual clock (see core's test support) starting at a fixed instant. */
export function manualClock(start = Date.parse('2025-01-15T10:00:00.000Z')): ManualClock {
  return manualClockFrom(start);
}

/** A response's status, headers and JSON body (undefined when empty). */
export interface JsonReply<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

/** fetch, returning the body parsed as JSON when there is one. */
export async function call<T = any>(url: string, init: RequestInit = {}): Promise<JsonReply<T>> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: any;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  return { status: response.status, headers: response.headers, body, text };
}

/**
 * The structure of a JSON value: objects become their sorted keys with each
 * value's structure, arrays the structure of their first item, scalars their type.
 */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return [value.length === 0 ? 'empty' : shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

/**
 * A start function whose simulators are all closed after each test (call at
 * the top level of a test file, where it registers its `afterEach`).
 */
export function closedAfterEach<A extends unknown[], S extends { close(): Promise<void> }>(start: (...args: A) => Promise<S>): (...args: A) => Promise<S> {
  const opened: S[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((simulator) => simulator.close()));
  });
  return async (...args) => {
    const simulator = await start(...args);
    opened.push(simulator);
    return simulator;
  };
}
