import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  type AnyTokenProvider,
  type SecretSink,
  callbackSink,
  commandSink,
  createTokenManager,
  dotenvSink,
  fileJournal,
  jsonFileSink,
  sinkResolver,
} from 'tokenbridge';
import { LeakSweep } from './support/sentinels';
import { VENDORS, type VendorName, type VendorUnderTest, startVendor } from './support/vendors';

/**
 * Secret hygiene of rotation: the journal, rotation results and reports,
 * and every kind of sink failure (a command that prints the secret and
 * fails, a callback that throws it, refused files), swept for every secret
 * in play. The secret may appear only in the sinks themselves.
 */

const sweep = new LeakSweep();
const vendors = {} as Record<VendorName, VendorUnderTest>;
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tb-rotation-hygiene-'));
  for (const vendor of VENDORS) vendors[vendor] = await startVendor(vendor);
});
afterAll(async () => {
  await Promise.all(VENDORS.map((vendor) => vendors[vendor].close()));
  await fs.rm(dir, { recursive: true, force: true });
});

const settle = <A>(task: Promise<A>): Promise<A | undefined> => sweep.settle(task);

describe.each(VENDORS)('%s', (vendor) => {
  const v = (): VendorUnderTest => vendors[vendor];

  it('a journaled rotation, its failures and its resume show no secret outside the sinks', async () => {
    const base = path.join(dir, vendor);
    await fs.mkdir(base);
    const journal = fileJournal({ path: path.join(base, 'journal.jsonl') });
    const manager = createTokenManager({ providers: { [vendor]: v().provider } as Record<string, AnyTokenProvider>, journal, resolveSink: sinkResolver() });
    const fresh = async (name: string): Promise<string> => {
      const created = await v().provider.create(v().createInput(name))();
      if (created._tag === 'Left') throw new Error(created.left.message);
      sweep.addSecrets([created.right.secret?.reveal()]);
      return created.right.id;
    };
    const rotate = (id: string, deliver: SecretSink[]) =>
      settle(manager.rotate({ provider: vendor, id }, { strategy: 'replace', revokeOld: { after: '1h' }, deliver }));

    // Delivered: the secret is in the two files, and nowhere else.
    const ok = await rotate(await fresh('hygiene ok'), [dotenvSink({ path: path.join(base, '.env'), key: 'TOKEN' }), jsonFileSink({ path: path.join(base, 's.json'), keyPath: 'a.b' })]);
    expect(ok?.delivered).toHaveLength(2);

    // A command that prints the secret on both streams and fails; one that hangs past its timeout.
    const printsAndFails = commandSink({ argv: [process.execPath, '-e', "process.stdin.on('data',d=>{console.log('got '+d);console.error('bad '+d);process.exitCode=1})"] });
    const hangs = commandSink({ argv: [process.execPath, '-e', 'setInterval(()=>{},1000)'], timeoutMs: 50 });
    // A callback that throws the secret; a symlinked and a world-writable dotenv file; a JSON file holding a secret-looking non-object.
    const throws = callbackSink('leaky', (secret) => {
      throw new Error(`cannot store ${secret.reveal()}`);
    });
    await fs.writeFile(path.join(base, 'real.env'), '', { mode: 0o600 });
    await fs.symlink(path.join(base, 'real.env'), path.join(base, 'link.env'));
    await fs.writeFile(path.join(base, 'open.env'), '');
    await fs.chmod(path.join(base, 'open.env'), 0o666);
    await fs.writeFile(path.join(base, 'bad.json'), JSON.stringify(v().credential), { mode: 0o600 });
    for (const sink of [
      printsAndFails,
      hangs,
      throws,
      dotenvSink({ path: path.join(base, 'link.env'), key: 'T' }),
      dotenvSink({ path: path.join(base, 'open.env'), key: 'T' }),
      jsonFileSink({ path: path.join(base, 'bad.json'), keyPath: 'a' }),
    ]) {
      expect(await rotate(await fresh('hygiene sink'), [sink])).toBeUndefined();
    }

    // The vendor fails the create, echoing the credential.
    const target = await fresh('hygiene vendor');
    v().faults.add({ method: 'POST', path: v().paths.collection, phase: 'before', kind: 'status', status: 500, body: { message: `bad key ${v().credential}`, detail: `bad key ${v().credential}` } });
    expect(await rotate(target, [dotenvSink({ path: path.join(base, 'v.env'), key: 'TOKEN' })])).toBeUndefined();
    v().faults.clear();

    sweep.record(await settle(manager.resume()), await settle(manager.rotations({ all: true })));
    sweep.addSecrets(v().secrets());
    // The journal as it is on disk, line by line.
    const text = await fs.readFile(journal.path, 'utf8');
    sweep.record(text, ...text.trim().split('\n'));
    expect(text.split('\n').filter((line) => line.includes('"failed"')).length).toBeGreaterThanOrEqual(7);
  });
});

it('nothing produced above shows a secret', () => {
  expect(sweep.size).toBeGreaterThan(30);
  expect(sweep.leaks()).toEqual([]);
});
