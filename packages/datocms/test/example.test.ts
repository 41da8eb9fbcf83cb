import { main } from '../examples/simulator';

describe('the README example', () => {
  it('runs every operation against the simulator', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      expect.stringMatching(/^created \d+; secret returned: true$/),
      'renamed to "CI deploys (prod)", preview access true',
      expect.stringMatching(/^listed \d+ CI deploys \(prod\)$/),
      'new secret differs: true',
      'built-in token: Forbidden (NON_EDITABLE_ACCESS_TOKEN)',
      'deleted; 0 left',
    ]);
  });
});
