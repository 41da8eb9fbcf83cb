import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

describe('@tokenbridge/core/spec', () => {
  it('imports nothing at run time', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'spec.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
    expect(outputText).not.toMatch(/require\(/);
    expect(outputText).not.toMatch(/\bimport\b/);
  });

  it('is exported from the package map', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { exports: Record<string, { default: string; types: string }> };
    expect(pkg.exports['./spec']).toMatchObject({ default: './dist/spec.js', types: './dist/spec.d.ts' });
  });
});
