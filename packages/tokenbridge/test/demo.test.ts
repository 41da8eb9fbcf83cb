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
    for (const vendor of ['Kodexa', 'SoftwareOne', 'DatoCMS']) {
      const block = stdout.slice(stdout.indexOf(`== ${vendor}`));
      for (const step of ['create:', 'get:', 'update:', 'list:', 'delete:']) expect(block).toContain(step);
    }
    for (const rotation of ['kodexa replace', 'softwareone replace', 'datocms regenerate', 'datocms replace']) expect(stdout).toContain(rotation);
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
    expect(declared).toMatch(/\$ tokenbridge plan\n[\s\S]*Plan: 3 to create\.\n\(exit 5\)/);
    expect(declared).toMatch(/\$ tokenbridge apply --yes\n[\s\S]*Applied 3 of 3 actions[\s\S]*\(exit 0\)/);
    expect(declared).toContain('.env now holds KODEXA_TOKEN and SWO_TOKEN; secrets.json holds datocms.cdaToken');
    expect(declared).toMatch(/\$ tokenbridge plan\n[\s\S]*No changes: the live tokens match the declaration\.\n\(exit 0\)/);
    expect(stdout).toContain('Demo finished');
  }, 120_000);
});
