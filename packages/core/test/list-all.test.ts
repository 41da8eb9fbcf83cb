import * as E from 'fp-ts/Either';
import * as TE from 'fp-ts/TaskEither';
import { type ListQuery, type Listable, type Page, type TokenError, listAll } from '@tokenbridge/core';

/** A source serving fixed pages in order; the cursor is the next page's index. */
function pages<T>(served: ReadonlyArray<readonly T[]>): Listable<T> & { readonly asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    list: (query: ListQuery = {}) =>
      TE.fromIOEither(() => {
        const index = query.cursor === undefined ? 0 : Number(query.cursor);
        asked.push(index);
        const page: Page<T> = { items: [...(served[index] ?? [])], nextCursor: index + 1 < served.length ? String(index + 1) : null };
        return E.right<TokenError, Page<T>>(page);
      }),
  };
}

async function collect<T>(source: Listable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of listAll(source)) out.push(item);
  return out;
}

const token = (id: string) => ({ id, name: `n${id}` });

describe('listAll', () => {
  it('skips an id the previous page yielded: a token that slid across the page boundary comes once', async () => {
    // Page 2 was read after a token was inserted before the boundary: b slid from page 1 onto page 2.
    const source = pages([[token('a'), token('b')], [token('b'), token('c')], [token('d')]]);
    expect((await collect(source)).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(source.asked).toEqual([0, 1, 2]);
  });

  it('skips an id repeated within one page, and keeps every distinct id of every page', async () => {
    const source = pages([[token('a'), token('a'), token('b')], [token('c')], [token('d')]]);
    expect((await collect(source)).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('skips an id yielded any number of pages earlier in this listing (a tie that slid two pages)', async () => {
    const source = pages([[token('a'), token('b')], [token('c')], [token('a'), token('d')]]);
    expect((await collect(source)).map((t) => t.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('starts afresh for every listing', async () => {
    const source = pages([[token('a')], [token('b')]]);
    expect((await collect(source)).map((t) => t.id)).toEqual(['a', 'b']);
    expect((await collect(source)).map((t) => t.id)).toEqual(['a', 'b']);
  });

  it('passes items without a string id through untouched', async () => {
    const source = pages<unknown>([[1, 1, { id: 7 }], [{ id: 7 }, 'x']]);
    expect(await collect(source)).toEqual([1, 1, { id: 7 }, { id: 7 }, 'x']);
  });
});
