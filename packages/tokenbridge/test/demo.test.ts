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
    expect(stdout).toContain('Demo finished');
  }, 120_000);
});
