import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import { Secret, TokenBridgeError, type SecretDelivery, type SecretSink } from '@tokenbridge/core';
import { dotenvSink, jsonFileSink, setDotenvValue, setJsonValue } from '@tokenbridge/rotation';

const SECRET = 'sEcReT-value-9f8e7d6c5b4a';
const delivery: SecretDelivery = { rotationId: 'lx2k3m9a0abcd', providerKey: 'k', provider: 'kodexa', tokenId: '1', tokenName: 'ci' };
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tb-sinks-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const deliver = (sink: SecretSink, value = SECRET) => sink.deliver(new Secret(value), delivery)();
const modeOf = async (file: string) => (await fs.stat(file)).mode & 0o777;

describe('setDotenvValue keeps every other byte', () => {
  it('CRLF endings, comments, blank lines, export prefixes and other quoting stay as they were', () => {
    const text = '# header\r\nexport A="one" # keep\r\n\r\n  TOKEN = old   # the token\r\nB=\'two\'\r\n';
    expect(setDotenvValue(text, 'TOKEN', 'new-1')).toBe('# header\r\nexport A="one" # keep\r\n\r\n  TOKEN = new-1   # the token\r\nB=\'two\'\r\n');
  });

  it('a quoted value stays quoted the same way; an export prefix stays', () => {
    expect(setDotenvValue('export TOKEN="old"\n', 'TOKEN', 'new')).toBe('export TOKEN="new"\n');
    expect(setDotenvValue("TOKEN='old' # c\n", 'TOKEN', 'a b')).toBe("TOKEN='a b' # c\n");
  });

  it('a missing final newline stays missing, whether the key is replaced or appended', () => {
    expect(setDotenvValue('A=1\nTOKEN=old', 'TOKEN', 'new')).toBe('A=1\nTOKEN=new');
    expect(setDotenvValue('A=1', 'TOKEN', 'new')).toBe('A=1\nTOKEN=new');
    expect(setDotenvValue('A=1\r\n', 'TOKEN', 'new')).toBe('A=1\r\nTOKEN=new\r\n');
    expect(setDotenvValue('', 'TOKEN', 'new')).toBe('TOKEN=new\n');
  });

  it('a multi-line quoted value is replaced whole; every assignment of the key gets the value', () => {
    expect(setDotenvValue('TOKEN="line1\nline2"\nA=1\nTOKEN=dup\n', 'TOKEN', 'n')).toBe('TOKEN="n"\nA=1\nTOKEN=n\n');
  });

  it('a value a parser would misread is quoted; one no quote can hold is refused', () => {
    expect(setDotenvValue('', 'T', 'has space#hash')).toBe("T='has space#hash'\n");
    expect(setDotenvValue('', 'T', `a'b"c\`d`)).toBeUndefined();
    expect(setDotenvValue('', 'T', 'two\nlines')).toBeUndefined();
  });

  it('keys that only look alike are left alone', () => {
    expect(setDotenvValue('TOKEN_OLD=x\n#TOKEN=y\nMY_TOKEN=z\n', 'TOKEN', 'n')).toBe('TOKEN_OLD=x\n#TOKEN=y\nMY_TOKEN=z\nTOKEN=n\n');
  });
});

describe('dotenvSink', () => {
  it('creates a missing file with mode 0600 and writes through a temporary file it removes', async () => {
    const file = path.join(dir, '.env');
    expect(await deliver(dotenvSink({ path: file, key: 'TOKEN' }))).toEqual(E.right(undefined));
    expect(await fs.readFile(file, 'utf8')).toBe(`TOKEN=${SECRET}\n`);
    expect(await modeOf(file)).toBe(0o600);
    expect(await fs.readdir(dir)).toEqual(['.env']);
  });

  it('edits an existing file in place of one key, keeping its mode', async () => {
    const file = path.join(dir, '.env');
    await fs.writeFile(file, 'A=1\r\nTOKEN=old\r\n# end', { mode: 0o640 });
    await fs.chmod(file, 0o640);
    expect(E.isRight(await deliver(dotenvSink({ path: file, key: 'TOKEN' })))).toBe(true);
    expect(await fs.readFile(file, 'utf8')).toBe(`A=1\r\nTOKEN=${SECRET}\r\n# end`);
    expect(await modeOf(file)).toBe(0o640);
  });

  it('refuses a symlink and a group- or world-writable file, changing nothing', async () => {
    const real = path.join(dir, 'real.env');
    await fs.writeFile(real, 'TOKEN=old\n', { mode: 0o600 });
    const link = path.join(dir, 'link.env');
    await fs.symlink(real, link);
    const viaLink = await deliver(dotenvSink({ path: link, key: 'TOKEN' }));
    expect(viaLink).toEqual(E.left(expect.objectContaining({ _tag: 'SinkError', reason: 'unsafe-target', retryable: false })));
    const shared = path.join(dir, 'shared.env');
    await fs.writeFile(shared, 'TOKEN=old\n');
    await fs.chmod(shared, 0o664);
    expect(await deliver(dotenvSink({ path: shared, key: 'TOKEN' }))).toEqual(E.left(expect.objectContaining({ reason: 'unsafe-target' })));
    expect(await fs.readFile(real, 'utf8')).toBe('TOKEN=old\n');
    expect(await fs.readFile(shared, 'utf8')).toBe('TOKEN=old\n');
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
  });

  it('a value it cannot write and a directory it cannot write to are typed errors without the secret', async () => {
    const unwritable = await deliver(dotenvSink({ path: path.join(dir, '.env'), key: 'T' }), `${SECRET}\n'"\``);
    expect(unwritable).toEqual(E.left(expect.objectContaining({ reason: 'unencodable' })));
    const missingDir = await deliver(dotenvSink({ path: path.join(dir, 'no', 'such', '.env'), key: 'T' }));
    expect(missingDir).toEqual(E.left(expect.objectContaining({ reason: 'io', code: 'ENOENT' })));
    expect(JSON.stringify([unwritable, missingDir])).not.toContain(SECRET);
  });

  it('names its target in an absolute spec, and refuses a bad key before anything', () => {
    expect(dotenvSink({ path: 'rel/.env', key: 'K' }).spec).toBe(`dotenv:${path.resolve('rel/.env')}:K`);
    expect(() => dotenvSink({ path: '.env', key: '1bad key' })).toThrow(TokenBridgeError);
  });
});

describe('jsonFileSink', () => {
  it('sets one key path, creating objects on the way, keeping other values, indentation and final newline', () => {
    const text = '{\n    "keep": [1, 2],\n    "datocms": { "other": true }\n}\n';
    const out = setJsonValue(text, ['datocms', 'token', 'value'], 'v');
    expect(out).toEqual({ text: '{\n    "keep": [\n        1,\n        2\n    ],\n    "datocms": {\n        "other": true,\n        "token": {\n            "value": "v"\n        }\n    }\n}\n' });
  });

  it('refuses what is not an object on the way, and text that is not JSON, without quoting it', async () => {
    expect(setJsonValue('{"a": 1}', ['a', 'b'], 'v')).toEqual({ problem: 'has a non-object at a' });
    const file = path.join(dir, 'secrets.json');
    await fs.writeFile(file, `not json ${SECRET}`, { mode: 0o600 });
    const result = await deliver(jsonFileSink({ path: file, keyPath: 'a.b' }));
    expect(result).toEqual(E.left(expect.objectContaining({ reason: 'invalid-target' })));
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });

  it('writes a new file with mode 0600', async () => {
    const file = path.join(dir, 'secrets.json');
    expect(E.isRight(await deliver(jsonFileSink({ path: file, keyPath: 'datocms.apiToken' })))).toBe(true);
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ datocms: { apiToken: SECRET } });
    expect(await modeOf(file)).toBe(0o600);
  });

  it('refuses key paths that are empty or reach a prototype', () => {
    for (const keyPath of ['', 'a..b', '__proto__.x', ['a.b']]) expect(() => jsonFileSink({ path: 'x.json', keyPath })).toThrow(TokenBridgeError);
  });
});
