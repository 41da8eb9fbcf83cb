import { Console } from 'node:console';
import { Writable } from 'node:stream';
import * as util from 'node:util';
import { Secret } from '@tokenbridge/core';

const VALUE = 'abc123-sentinel-secret';

describe('Secret', () => {
  const secret = new Secret(VALUE);
  const holder = { deep: { deeper: { list: [{ secret }] } } };

  it.each<[string, () => unknown]>([
    ['String()', () => String(secret)],
    ['toString()', () => secret.toString()],
    ['a template literal', () => `${secret}`],
    ['string concatenation', () => 'x' + secret],
    ['JSON.stringify', () => JSON.stringify(holder)],
    ['util.inspect at infinite depth', () => util.inspect(holder, { depth: Infinity, showHidden: true })],
    ['util.format %o', () => util.format('%o', holder)],
    ['util.format %s', () => util.format('%s', secret)],
    ['object spread', () => JSON.stringify({ ...secret }) + util.inspect({ ...secret })],
    ['structuredClone', () => util.inspect(structuredClone(holder), { depth: Infinity }) + JSON.stringify(structuredClone(secret))],
    ['Object.entries', () => JSON.stringify(Object.entries(secret))],
    ['Object.getOwnPropertyNames', () => Object.getOwnPropertyNames(secret).join(',')],
  ])('is redacted by %s', (_how, print) => {
    const printed = String(print());
    expect(printed).not.toContain(VALUE);
  });

  it('is redacted by console.log', () => {
    // A real Console (jest replaces the global one) formats exactly as console.log does.
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    new Console(sink).log(secret, holder, `${secret}`);
    expect(chunks.join('')).toContain('REDACTED');
    expect(chunks.join('')).not.toContain(VALUE);
  });

  it('reveals the value only through reveal()', () => {
    expect(secret.reveal()).toBe(VALUE);
    expect(`${secret}`).toBe('[REDACTED]');
  });

  it('compares without revealing', () => {
    expect(secret.equals(VALUE)).toBe(true);
    expect(secret.equals(new Secret(VALUE))).toBe(true);
    expect(secret.equals('other')).toBe(false);
  });

  it('is recognised across copies of the package', () => {
    let Copy: typeof Secret | undefined;
    jest.isolateModules(() => {
      Copy = (require('../src/secret') as { Secret: typeof Secret }).Secret;
    });
    const foreign = new (Copy as typeof Secret)('x');
    expect(foreign instanceof Secret).toBe(false);
    expect(Secret.isSecret(foreign)).toBe(true);
    expect(Secret.isSecret({ reveal: () => 'x' })).toBe(false);
  });
});
