import { execFile } from 'node:child_process';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('npm run demo', () => {
  it('runs every example and the CLI session against the simulators, with no credentials', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      // The environment is emptied of TOKENBRIDGE_* so the examples use the simulators.
      execFile(
        process.execPath,
        [require.resolve('tsx/cli'), '--conditions=tokenbridge-source', 'examples/demo.ts'],
        { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '' }, timeout: 120_000 },
        (error, out) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    for (const vendor of ['Kodexa', 'SoftwareOne', 'DatoCMS', 'Cloudflare']) {
      const block = stdout.slice(stdout.indexOf(`== ${vendor}`));
      for (const step of ['create:', 'get:', 'update:', 'list:', 'delete:']) expect(block).toContain(step);
    }
    for (const rotation of ['kodexa replace', 'softwareone replace', 'datocms regenerate', 'datocms replace', 'cloudflare regenerate', 'cloudflare replace']) expect(stdout).toContain(rotation);
    // The CLI session sets a vendor field from the command line (Cloudflare's policy and condition).
    expect(stdout).toMatch(/\$ tokenbridge create cloudflare --name cli zone reader [\s\S]*\$ tokenbridge delete cloudflare /);
    const delivery = stdout.slice(stdout.indexOf('== Rotation: delivered, interrupted, resumed'));
    expect(delivery).toMatch(/interrupted after the first sink/);
    expect(delivery).toMatch(/unfinished in the journal: [0-9a-z]{13} \(created, delivered to 1 of 2\)/);
    expect(delivery).toMatch(/resume: restarted as [0-9a-z]{13}, old token due for revocation at/);
    expect(delivery).toContain('dotenv and command hold the same secret: true; it authenticates: true');
    expect(delivery).toContain('live tokens named for it: 2');
    expect(delivery).toContain('a day later, resume: finished, old token revoked');
    expect(delivery).toContain('holds the secret: false');
    // Tokens as code: plan (changes pending), apply, plan again (no changes).
    const declared = stdout.slice(stdout.indexOf('== Tokens as code: plan → apply → plan'));
    expect(declared).toMatch(/\$ tokenbridge plan\n[\s\S]*Plan: 4 to create\.\n\(exit 5\)/);
    expect(declared).toMatch(/\$ tokenbridge apply --yes\n[\s\S]*Applied 4 of 4 actions[\s\S]*\(exit 0\)/);
    expect(declared).toContain('.env now holds KODEXA_TOKEN and SWO_TOKEN; secrets.json holds datocms.cdaToken and cloudflare.apiToken');
    expect(declared).toMatch(/\$ tokenbridge plan\n[\s\S]*No changes: the live tokens match the declaration\.\n\(exit 0\)/);
    expect(stdout).toContain('Demo finished');
  }, 120_000);
});
