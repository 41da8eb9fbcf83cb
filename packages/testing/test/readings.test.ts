import {
  CLOUDFLARE_READINGS,
  DATOCMS_READINGS,
  InvalidInputError,
  KODEXA_READINGS,
  SOFTWAREONE_READINGS,
  defaultReadings,
  describeReadings,
  optionsAffecting,
  readingCombinations,
  resolveReadings,
  type ReadingsSpec,
} from '../src';

interface Toy {
  readonly base: 0 | 1;
  readonly form: 'a' | 'b' | 'c';
  readonly strict: boolean;
}

const TOY: ReadingsSpec<Toy> = {
  base: { values: [1, 0], default: 1, meaning: 'm', source: 's', aspects: ['listing'] },
  form: { values: ['a', 'b', 'c'], default: 'a', meaning: 'm', source: 's', aspects: ['error-body'] },
  strict: { values: [true, false], default: true, meaning: 'm', source: 's', aspects: ['locking', 'error-body'] },
};

describe('reading options', () => {
  it('resolve to their defaults, overlaid with what is given', () => {
    expect(defaultReadings(TOY)).toEqual({ base: 1, form: 'a', strict: true });
    expect(resolveReadings(TOY, { form: 'c', strict: undefined })).toEqual({ base: 1, form: 'c', strict: true });
  });

  it('refuse a value the option does not offer, or an option that does not exist, naming only the option', () => {
    expect(() => resolveReadings(TOY, { form: 'z' as 'a' })).toThrow(new InvalidInputError('readings.form must be one of the values the simulator plays'));
    expect(() => resolveReadings(TOY, { nope: 1 } as Partial<Toy>)).toThrow(InvalidInputError);
  });

  it('combine every value of the named options, the others at their defaults, defaults first', () => {
    expect(readingCombinations(TOY)).toHaveLength(2 * 3 * 2);
    expect(new Set(readingCombinations(TOY).map((r) => JSON.stringify(r))).size).toBe(12);
    expect(readingCombinations(TOY)[0]).toEqual(defaultReadings(TOY));
    expect(readingCombinations(TOY, ['form'])).toEqual([
      { base: 1, form: 'a', strict: true },
      { base: 1, form: 'b', strict: true },
      { base: 1, form: 'c', strict: true },
    ]);
    expect(readingCombinations(TOY, [])).toEqual([defaultReadings(TOY)]);
  });

  it('name the options a set of aspects meets, and describe a combination by what differs', () => {
    expect(optionsAffecting(TOY, ['error-body'])).toEqual(['form', 'strict']);
    expect(optionsAffecting(TOY, ['create-answer'])).toEqual([]);
    expect(describeReadings(TOY, defaultReadings(TOY))).toBe('defaults');
    expect(describeReadings(TOY, { base: 0, form: 'a', strict: false })).toBe('base=0, strict=false');
  });

  it.each([
    ['kodexa', KODEXA_READINGS],
    ['softwareone', SOFTWAREONE_READINGS],
    ['datocms', DATOCMS_READINGS],
    ['cloudflare', CLOUDFLARE_READINGS],
  ] as const)('%s: every option offers its default, at least one other value, a source and an aspect', (_vendor, spec) => {
    for (const option of Object.values(spec) as Array<ReadingsSpec<Record<string, unknown>>[string]>) {
      expect(option.values).toContain(option.default);
      expect(new Set(option.values).size).toBe(option.values.length);
      expect(option.values.length).toBeGreaterThan(1);
      expect(option.source.length).toBeGreaterThan(20);
      expect(option.aspects.length).toBeGreaterThan(0);
    }
  });
});
