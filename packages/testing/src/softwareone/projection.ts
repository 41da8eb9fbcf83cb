/** Top-level token fields a `select` can add or remove (`id` is always sent). */
const SELECTABLE_FIELDS: readonly string[] = [
  'audit',
  'status',
  'name',
  'description',
  'icon',
  'lastAccessAt',
  'revision',
  'account',
  'modules',
  'extensions',
];

/** Which fields an answer carries, and which it reports in `$meta.omitted`. */
export interface Projection {
  readonly fields: ReadonlySet<string>;
  readonly omitted: readonly string[];
}

const DEFAULT_FIELDS = SELECTABLE_FIELDS.filter((field) => field !== 'audit');

/** Every field: what the store hands to tests. */
export const FULL_PROJECTION: Projection = { fields: new Set(SELECTABLE_FIELDS), omitted: [] };

/**
 * The projection of an RQL `select`: bare names replace the default set,
 * `+name` adds and `-name` removes. `audit` is left out by default.
 * Unknown names are ignored.
 */
export function projectionFromSelect(select: readonly string[]): Projection {
  const bare = select.filter((item) => !item.startsWith('+') && !item.startsWith('-'));
  const fields = new Set(bare.length > 0 ? bare.filter((item) => SELECTABLE_FIELDS.includes(item)) : DEFAULT_FIELDS);
  for (const item of select) {
    const name = item.slice(1);
    if (!SELECTABLE_FIELDS.includes(name)) continue;
    if (item.startsWith('+')) fields.add(name);
    if (item.startsWith('-')) fields.delete(name);
  }
  return { fields, omitted: SELECTABLE_FIELDS.filter((field) => !fields.has(field)) };
}
