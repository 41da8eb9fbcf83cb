import * as fs from 'node:fs';
import * as path from 'node:path';

/** A ```ts block of a README. */
export interface Snippet {
  /** The README, relative to the repository root. */
  readonly readme: string;
  /** Its 1-based line in the README. */
  readonly line: number;
  readonly code: string;
  /** Marked `<!-- runnable -->` on the line before the fence: the test runs it against the simulators. */
  readonly runnable: boolean;
  /**
   * A ```text block right after a runnable one (at most one line between): lines its output must hold,
   * in any order (`…` stands for any text).
   */
  readonly output: readonly string[] | undefined;
}

const FENCE = /^```(\w*)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

/** Every ```ts block of the README at `file` (`root` is the repository root). */
export function snippetsOf(root: string, file: string): Snippet[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const blocks = [...text.matchAll(FENCE)].map((m) => ({ lang: m[1] ?? '', code: m[2] ?? '', start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  return blocks.flatMap((block, n) => {
    if (block.lang !== 'ts') return [];
    const before = text.slice(0, block.start).trimEnd();
    const runnable = before.endsWith('<!-- runnable -->');
    const next = blocks[n + 1];
    // At most one line (such as "It prints:") between the code and its output.
    const between = text.slice(block.end, next?.start ?? block.end).split('\n').filter((l) => l.trim() !== '');
    const output = runnable && next?.lang === 'text' && between.length <= 1 ? next.code.split('\n').filter((l) => l.trim() !== '') : undefined;
    return [{ readme: file, line: text.slice(0, block.start).split('\n').length, code: block.code, runnable, output }];
  });
}

/** Whether `actual` (one line of output) is `expected`, where `…` in `expected` stands for any text. */
export function matchesLine(expected: string, actual: string): boolean {
  const pattern = expected
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${pattern}$`).test(actual);
}
