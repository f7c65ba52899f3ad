import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findContractPath, readContract } from '@bookiji/contract';
import * as core from '@bookiji/guards';
import * as env from '@bookiji/guards/env';
import * as file from '@bookiji/guards/file';
import * as openfeature from '@bookiji/guards/openfeature';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  sideEffects: boolean;
  exports: Record<string, Record<string, string> | string>;
};

/** Every module specifier a source file imports, following relative imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (path: string) => {
    if (graph.has(path)) return;
    const text = readFileSync(path, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((match) => match[1]!);
    graph.set(path, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) visit(resolve(dirname(path), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(join(packageDir, 'src', entry));
  return graph;
}

describe('the package', () => {
  it('has no runtime dependencies, and the OpenFeature SDK only as an optional peer', () => {
    expect(manifest.dependencies).toBeUndefined();
    expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(['@openfeature/server-sdk']);
    expect(manifest.peerDependenciesMeta?.['@openfeature/server-sdk']?.optional).toBe(true);
    expect(manifest.sideEffects).toBe(false);
  });

  it('exposes the core, env, file and openfeature entries, each resolving to source first', () => {
    for (const entry of ['.', './env', './file', './openfeature']) {
      const conditions = manifest.exports[entry] as Record<string, string>;
      expect(Object.keys(conditions)).toEqual(['@bookiji/source', 'types', 'default']);
    }
  });

  it.each(['index.ts', 'env.ts'])('keeps %s free of Node built-ins and of any package, so it runs in browsers and edge runtimes', (entry) => {
    const imported = [...importGraph(entry).values()].flat().filter((specifier) => !specifier.startsWith('.'));
    expect(imported).toEqual([]);
  });

  it('confines node: imports to the file entry and packages to the openfeature entry', () => {
    const external = (entry: string) => [...new Set([...importGraph(entry).values()].flat().filter((specifier) => !specifier.startsWith('.')))].sort();
    expect(external('file.ts')).toEqual(['node:fs']);
    expect(external('openfeature.ts')).toEqual(['@openfeature/server-sdk']);
  });
});

describe('the contract', () => {
  const contractPath = findContractPath(packageDir);
  const { contract, diagnostics } = readContract(contractPath!);
  const layer = contract.layers.find((candidate) => `${candidate.documentationNote} ${candidate.documentation.join(' ')}`.includes('packages/guards'));

  it('names this package as the documentation of an active layer, and LAYER is that layer', () => {
    expect(diagnostics).toEqual([]);
    expect(layer).toBeDefined();
    expect(layer?.status).toBe('active');
    expect(core.LAYER).toBe(layer?.number);
  });

  it("is quoted word for word under the README's heading for the layer", () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const heading = `## Layer ${layer?.number} in the contract`;
    expect(readme).toContain(`\n${heading}\n`);
    const section = readme.slice(readme.indexOf(heading)).split(/\n## /)[0]!;
    const flat = section.replace(/\n> ?/g, ' ').replace(/\s+/g, ' ');
    expect(flat).toContain(layer?.purpose);
    for (const scope of layer?.scope ?? []) expect(flat).toContain(scope);
  });
});

describe('the README', () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).join('\n');

  it.each([
    ['@bookiji/guards', core],
    ['@bookiji/guards/env', env],
    ['@bookiji/guards/file', file],
    ['@bookiji/guards/openfeature', openfeature],
  ] as const)('shows every runtime export of %s in an example', (_entry, exports) => {
    const missing = Object.keys(exports).filter((name) => !new RegExp(`\\b${name}\\b`).test(code));
    expect(missing).toEqual([]);
  });
});
