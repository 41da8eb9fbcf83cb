import * as fs from 'node:fs';
import * as path from 'node:path';

/** What the repository holds for one registered vendor. */
export interface VendorFacts {
  readonly id: string;
  readonly displayName: string;
  /** The adapter package's directory, or undefined when it cannot be found. */
  readonly packageDir: string | undefined;
  /** The vendor ids that have a simulator in @tokenbridge/testing. */
  readonly simulators: readonly string[];
  /** The root README's text. */
  readonly readme: string;
}

const MATRIX = /<!-- support-matrix:start[^>]*-->\n([\s\S]*?)<!-- support-matrix:end -->/;

/**
 * What a registered vendor lacks of what every vendor must have: a simulator,
 * a contract test (its package's test/contract.test.ts running the shared
 * suite under its id), a README, and a column in the README's support matrix.
 */
export function missingFor(facts: VendorFacts): string[] {
  const missing: string[] = [];
  if (!facts.simulators.includes(facts.id)) missing.push('a simulator (an entry of SIMULATORS in @tokenbridge/testing)');
  const contract = facts.packageDir && path.join(facts.packageDir, 'test', 'contract.test.ts');
  if (!contract || !fs.existsSync(contract) || !fs.readFileSync(contract, 'utf8').includes(`describeTokenProviderContract('${facts.id}'`)) {
    missing.push(`a contract test (test/contract.test.ts calling describeTokenProviderContract('${facts.id}', …))`);
  }
  if (!facts.packageDir || !fs.existsSync(path.join(facts.packageDir, 'README.md'))) missing.push('a README');
  const header = (MATRIX.exec(facts.readme)?.[1] ?? '').split('\n')[0] ?? '';
  if (!header.split('|').map((cell) => cell.trim()).includes(facts.displayName)) missing.push('a support-matrix column (run npm run docs)');
  return missing;
}
