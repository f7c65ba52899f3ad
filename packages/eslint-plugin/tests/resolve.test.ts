import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../src/fs-view.js';
import type { FsView, Listing } from '../src/fs-view.js';
import { resolveFile, resolveImport } from '../src/resolve.js';
import { tempDir, tempTree } from './helpers.js';

describe('resolveFile', () => {
  // Every kind of candidate: a `.js` name for `.ts` source, both present, an index, declarations only, a folder with no index, other extensions.
  const files = ['a.ts', 'b.tsx', 'c.js', 'c.ts', 'd/index.ts', 'e.d.ts', 'f.mjs', 'f.mts', 'g/readme.md', 'h.json', 'i.jsx', 'j/index.js', 'k.cjs', 'l.ts', 'l/index.ts'];
  const names = ['a', 'a.js', 'a.ts', 'b', 'b.js', 'b.jsx', 'c', 'c.js', 'd', 'd/index', 'd/index.js', 'e', 'e.js', 'f', 'f.mjs', 'g', 'h', 'h.json', 'i', 'i.js', 'j', 'k', 'k.cjs', 'l', 'missing', 'missing.js', 'missing/deeper', 'g/missing'];

  it('finds the same file whether it looks at the folder or at the likeliest file first', () => {
    const root = tempDir();
    for (const file of files) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), '');
    }
    const found = names.map((name): [string, string | null] => [name, resolveFile(join(root, name), viewFor(null), 'folder')]);
    expect(names.map((name) => [name, resolveFile(join(root, name), viewFor(null), 'file')])).toEqual(found);
    const shown = Object.fromEntries(found.map(([name, path]) => [name, path === null ? null : path.slice(root.length + 1)]));
    expect(shown).toMatchObject({ a: 'a.ts', 'a.js': 'a.ts', b: 'b.tsx', 'b.jsx': 'b.tsx', c: 'c.ts', 'c.js': 'c.ts', d: 'd/index.ts', e: 'e.d.ts', f: 'f.mts', 'f.mjs': 'f.mts', g: null, h: null, 'h.json': 'h.json', i: 'i.jsx', j: 'j/index.js', k: 'k.cjs', l: 'l.ts', missing: null, 'missing/deeper': null });
  });

  it('answers the names a folder lacks from one listing of it, and looks at the ones it holds only when asked', () => {
    const root = tempDir();
    for (const name of ['a.tsx', 'b.tsx', 'c.tsx', 'd.ts']) writeFileSync(join(root, name), '');
    const view = viewFor(null);
    const looked: string[] = [];
    const counting: FsView = { ...view, stat: (path) => (looked.push(path), view.stat(path)), listing: (dir, read) => view.listing(dir, read), bytes: (path) => view.bytes(path), once: (key, make) => view.once(key, make), table: (name) => view.table(name) };
    expect(['a', 'b', 'c', 'd'].map((name) => resolveFile(join(root, name), counting, 'file')?.slice(root.length + 1))).toEqual(['a.tsx', 'b.tsx', 'c.tsx', 'd.ts']);
    // `a.ts` is looked at and missing; then the folder, listed once; `b.ts`, `c.ts` and `d.ts` come from the listing.
    expect(looked).toEqual([join(root, 'a.ts'), root]);
    expect(view.listing(root, false)?.kinds.get('b.tsx')).toBe('file');
  });

  it('looks on disk for a name the listing holds in another case, or spells beyond ASCII, and for a link', () => {
    const root = tempDir();
    writeFileSync(join(root, 'target.ts'), '');
    symlinkSync(join(root, 'target.ts'), join(root, 'linked.ts'));
    expect(resolveFile(join(root, 'linked'), viewFor(null))).toBe(join(root, 'linked.ts'));
    // A file system that folds case, and one that normalizes Unicode: each finds a name its listing spells otherwise.
    const file = statSync(join(root, 'target.ts'));
    const listing: Listing = { kinds: new Map([['button.tsx', 'file'], ['cafe\u0301.ts', 'file']]), folded: new Set(['button.tsx', 'cafe\u0301.ts']) };
    const onDisk = new Set([join('/app', 'Button.tsx'), join('/app', 'button.tsx'), join('/app', 'caf\u00e9.ts'), join('/app', 'cafe\u0301.ts')]);
    const view = viewFor(null);
    const folding: FsView = {
      stat: (path): Stats | undefined => (path === '/app' ? statSync(root) : onDisk.has(path) ? file : undefined),
      listing: (dir) => (dir === '/app' ? listing : null),
      bytes: (path) => view.bytes(path),
      once: (key, make) => view.once(key, make),
      table: (name) => view.table(name),
    };
    expect(resolveFile(join('/app', 'Button'), folding)).toBe(join('/app', 'Button.tsx'));
    expect(resolveFile(join('/app', 'caf\u00e9'), folding)).toBe(join('/app', 'caf\u00e9.ts'));
    expect(resolveFile(join('/app', 'Missing'), folding)).toBeNull();
  });
});

describe('resolveImport', () => {
  /** Files under a new folder, and a function resolving a specifier from one of them with a fresh view. */
  function tree(files: Record<string, string>): { root: string; from: (file: string, specifier: string) => ReturnType<typeof resolveImport> } {
    const root = tempTree(files);
    return { root, from: (file, specifier) => resolveImport(specifier, join(root, file), viewFor(null)) };
  }

  it('uses the paths of the project a solution-style tsconfig.json references that takes the file in', () => {
    const { root, from } = tree({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.node.json' }, { path: './tsconfig.app.json' }] }),
      'tsconfig.node.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./config/*'] } }, include: ['vite.config.ts'] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } }, include: ['src'] }),
      'src/App.tsx': '',
      'src/components/button.tsx': '',
      'config/components/button.ts': '',
      'vite.config.ts': '',
    });
    expect(from('src/App.tsx', '@/components/button')).toEqual({ path: join(root, 'src/components/button.tsx'), problem: null });
    expect(from('vite.config.ts', '@/components/button')).toEqual({ path: join(root, 'config/components/button.ts'), problem: null });
    // A file no project takes in keeps the nearest tsconfig.json, which maps nothing.
    expect(from('scripts/seed.ts', '@/components/button')).toMatchObject({ path: null, problem: { kind: 'unmapped', prefix: '@/', tsconfig: join(root, 'tsconfig.json') } });
  });

  it("uses a JavaScript project's jsconfig.json as TypeScript does: the nearest of the two, tsconfig.json first in one folder", () => {
    const { root, from } = tree({
      // Next.js's JavaScript template: the alias lives in jsconfig.json, with a comment.
      'web/jsconfig.json': '{\n  // aliases\n  "compilerOptions": { "paths": { "@/*": ["./src/*"] } }\n}\n',
      'web/src/lib/clock.js': '',
      'both/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./ts/*'] } } }),
      'both/jsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./js/*'] } } }),
      'both/ts/clock.ts': '',
      'both/js/clock.js': '',
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./shared/*'] } } }),
      'shared/clock.ts': '',
    });
    expect(from('web/src/app/page.js', '@/lib/clock')).toEqual({ path: join(root, 'web/src/lib/clock.js'), problem: null });
    expect(from('both/ts/a.ts', '@/clock')).toEqual({ path: join(root, 'both/ts/clock.ts'), problem: null });
    // The nearer jsconfig.json governs web/, so the root tsconfig.json's alias does not reach it, as in TypeScript.
    expect(from('web/src/app/page.js', '~/clock')).toMatchObject({ path: null, problem: { kind: 'unmapped', prefix: '~/', tsconfig: join(root, 'web/jsconfig.json') } });
    expect(from('other/a.ts', '~/clock')).toEqual({ path: join(root, 'shared/clock.ts'), problem: null });
  });

  it("follows a Deno project's import map: the imports of the nearest deno.json or deno.jsonc, or of the file its importMap names", () => {
    const { root, from } = tree({
      // Supabase Edge Functions: one config for the functions, a prefix key and an exact key, packages mapped to npm: and jsr:.
      'supabase/functions/deno.json': JSON.stringify({ imports: { '@shared/': './_shared/', 'cors': './_shared/cors.ts', 'bullmq': 'npm:bullmq@5', '@std/http': 'jsr:@std/http@1' } }),
      'supabase/functions/_shared/cors.ts': '',
      'supabase/functions/_shared/db/client.ts': '',
      // A nearer deno.jsonc, with comments, whose importMap names another file.
      'supabase/functions/billing/deno.jsonc': '{\n  // shared map\n  "importMap": "../../import_map.json",\n}\n',
      'supabase/import_map.json': JSON.stringify({ imports: { '~/': './lib/' } }),
      'supabase/lib/money.ts': '',
      // The tsconfig's alias yields to the import map, which Deno reads first.
      'tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@shared/*': ['./elsewhere/*'] } } }),
      'elsewhere/db/client.ts': '',
    });
    expect(from('supabase/functions/auto-approve/index.ts', '@shared/db/client.ts')).toEqual({ path: join(root, 'supabase/functions/_shared/db/client.ts'), problem: null });
    expect(from('supabase/functions/auto-approve/index.ts', 'cors')).toEqual({ path: join(root, 'supabase/functions/_shared/cors.ts'), problem: null });
    // A package the map names is a third-party package, and the resolution says which one.
    expect(from('supabase/functions/auto-approve/index.ts', 'bullmq')).toEqual({ path: null, problem: null, package: 'npm:bullmq@5' });
    expect(from('supabase/functions/auto-approve/index.ts', '@std/http')).toEqual({ path: null, problem: null, package: 'jsr:@std/http@1' });
    expect(from('supabase/functions/billing/index.ts', '~/money.ts')).toEqual({ path: join(root, 'supabase/lib/money.ts'), problem: null });
    // The nearer config governs its folder: the functions' map does not reach billing/.
    expect(from('supabase/functions/billing/index.ts', 'cors')).toEqual({ path: null, problem: null });
    // Outside every Deno config, the tsconfig's alias applies.
    expect(from('scripts/seed.ts', '@shared/db/client.ts')).toEqual({ path: join(root, 'elsewhere/db/client.ts'), problem: null });
  });

  it("follows a Deno import map's scopes for the files they take in, most specific first, before its imports", () => {
    const { root, from } = tree({
      'deno.json': JSON.stringify({
        imports: { 'lib/': './lib/', cron: 'npm:croner@9' },
        scopes: {
          './vendor/': { 'lib/': './vendor/lib/' },
          './vendor/legacy/': { 'lib/': './vendor/legacy-lib/' },
          './tools/one.ts': { cron: 'npm:node-cron@3' },
          'https://deno.land/x/': { 'lib/': './nowhere/' },
        },
      }),
      'lib/db.ts': '',
      'vendor/lib/db.ts': '',
      'vendor/legacy-lib/db.ts': '',
      // A map its importMap names holds scopes too.
      'edge/deno.jsonc': '{ "importMap": "./map.json" }',
      'edge/map.json': JSON.stringify({ scopes: { './jobs/': { queue: './jobs/queue.ts' } } }),
      'edge/jobs/queue.ts': '',
    });
    expect(from('app/main.ts', 'lib/db.ts')).toEqual({ path: join(root, 'lib/db.ts'), problem: null });
    expect(from('vendor/x/main.ts', 'lib/db.ts')).toEqual({ path: join(root, 'vendor/lib/db.ts'), problem: null });
    expect(from('vendor/legacy/main.ts', 'lib/db.ts')).toEqual({ path: join(root, 'vendor/legacy-lib/db.ts'), problem: null });
    // The scopes are per file, though resolutions are kept per folder: a file of the same folder outside the scope keeps the map's own.
    const run = viewFor(null);
    expect(resolveImport('cron', join(root, 'tools/one.ts'), run)).toEqual({ path: null, problem: null, package: 'npm:node-cron@3' });
    expect(resolveImport('cron', join(root, 'tools/two.ts'), run)).toEqual({ path: null, problem: null, package: 'npm:croner@9' });
    expect(resolveImport('cron', join(root, 'tools/one.ts'), run)).toEqual({ path: null, problem: null, package: 'npm:node-cron@3' });
    expect(from('vendor/x/main.ts', 'cron')).toEqual({ path: null, problem: null, package: 'npm:croner@9' });
    expect(from('edge/jobs/run.ts', 'queue')).toEqual({ path: join(root, 'edge/jobs/queue.ts'), problem: null });
    expect(from('edge/main.ts', 'queue')).toEqual({ path: null, problem: null });
  });

  it('says when a Deno import map cannot be read, for each bare specifier it could have mapped, and maps nothing from it', () => {
    const { root, from } = tree({
      'supabase/functions/deno.json': '{\n  "imports": { "@shared/": "./_shared/", }\n  "tasks": {}\n}\n',
      'supabase/functions/_shared/db.ts': '',
      'edge/deno.jsonc': '{ "importMap": "./missing_map.json" }',
      'node_modules/zod/package.json': JSON.stringify({ name: 'zod' }),
      'deno.json': JSON.stringify({ imports: [] }),
      'remote/deno.json': JSON.stringify({ importMap: 'https://example.com/import_map.json' }),
    });
    const unreadable = { kind: 'import-map', file: join(root, 'supabase/functions/deno.json'), config: join(root, 'supabase/functions/deno.json') };
    expect(from('supabase/functions/digest/index.ts', '@shared/db.ts')).toMatchObject({ path: null, problem: { ...unreadable, reason: 'comma expected at line 3, column 3' } });
    expect(from('supabase/functions/digest/index.ts', 'std/http')).toMatchObject({ path: null, problem: unreadable });
    // Relative paths, written packages and installed ones need no map.
    expect(from('supabase/functions/digest/index.ts', '../_shared/db.ts')).toEqual({ path: join(root, 'supabase/functions/_shared/db.ts'), problem: null });
    expect(from('supabase/functions/digest/index.ts', 'npm:bullmq@5')).toEqual({ path: null, problem: null });
    expect(from('supabase/functions/digest/index.ts', 'zod')).toEqual({ path: null, problem: null });
    // The file an importMap names is the one that cannot be read.
    expect(from('edge/index.ts', 'cors')).toMatchObject({ path: null, problem: { kind: 'import-map', file: join(root, 'edge/missing_map.json'), config: join(root, 'edge/deno.jsonc'), reason: 'no such file' } });
    expect(from('scripts/seed.ts', 'cors')).toMatchObject({ path: null, problem: { kind: 'import-map', file: join(root, 'deno.json'), reason: '`imports` is not an object' } });
    expect(from('remote/index.ts', 'cors')).toMatchObject({ path: null, problem: { kind: 'import-map', file: 'https://example.com/import_map.json', config: join(root, 'remote/deno.json'), reason: 'a remote map, which the rules do not fetch' } });
  });

  it("takes supabase/functions/import_map.json for a Supabase function with no Deno config of its own in the functions folder, as the Supabase CLI falls back to it", () => {
    const { root, from } = tree({
      'supabase/functions/import_map.json': JSON.stringify({ imports: { '@shared/': './_shared/', server: 'https://deno.land/std@0.168.0/http/server.ts' } }),
      'supabase/functions/_shared/db.ts': '',
      // A function with a deno.json of its own keeps it.
      'supabase/functions/billing/deno.json': JSON.stringify({ imports: { '@shared/': '../_shared/billing/' } }),
      'supabase/functions/_shared/billing/db.ts': '',
      // A deno.json above the functions folder does not hide the fallback.
      'deno.json': JSON.stringify({ imports: { '@shared/': './elsewhere/' } }),
      'elsewhere/db.ts': '',
    });
    expect(from('supabase/functions/remind/index.ts', '@shared/db.ts')).toEqual({ path: join(root, 'supabase/functions/_shared/db.ts'), problem: null });
    expect(from('supabase/functions/remind/index.ts', 'server')).toEqual({ path: null, problem: null, package: 'https://deno.land/std@0.168.0/http/server.ts' });
    expect(from('supabase/functions/billing/index.ts', '@shared/db.ts')).toEqual({ path: join(root, 'supabase/functions/_shared/billing/db.ts'), problem: null });
    expect(from('scripts/seed.ts', '@shared/db.ts')).toEqual({ path: join(root, 'elsewhere/db.ts'), problem: null });
  });

  it('follows `#` imports through the imports of the nearest package.json, patterns and conditions included', () => {
    const { root, from } = tree({
      'package.json': JSON.stringify({ name: 'app', imports: { '#db': './src/db/index.ts', '#lib/*': { types: './src/lib/*.ts', default: './dist/lib/*.js' } } }),
      'src/db/index.ts': '',
      'src/lib/clock.ts': '',
      'packages/inner/package.json': JSON.stringify({ name: 'inner' }),
      'packages/inner/a.ts': '',
    });
    expect(from('src/a.ts', '#db')).toEqual({ path: join(root, 'src/db/index.ts'), problem: null });
    expect(from('src/a.ts', '#lib/clock')).toEqual({ path: join(root, 'src/lib/clock.ts'), problem: null });
    // Another package's imports do not apply: the nearest package.json maps nothing.
    expect(from('packages/inner/a.ts', '#db')).toMatchObject({ path: null, problem: { kind: 'unmapped', prefix: '#db' } });
  });

  /** A workspace with an app and a package whose manifest names its build, linked into node_modules as package managers do. */
  function workspace(core: Record<string, string>): ReturnType<typeof tree> {
    const files = tree({ 'apps/web/src/a.ts': '', ...Object.fromEntries(Object.entries(core).map(([path, text]) => [`packages/core/${path}`, text])) });
    mkdirSync(join(files.root, 'node_modules/@acme'), { recursive: true });
    symlinkSync(join(files.root, 'packages/core'), join(files.root, 'node_modules/@acme/core'), 'dir');
    return files;
  }
  const built = { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './policy': { types: './dist/policy.d.ts', import: './dist/policy.js' } };

  it("follows a workspace package's build back to its sources through the outDir and rootDir of its tsconfig", () => {
    const { root, from } = workspace({
      'package.json': JSON.stringify({ name: '@acme/core', exports: built }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'out', rootDir: 'lib' } }),
      'lib/index.ts': '',
      'lib/policy.tsx': '',
      // A build that is there already is followed back all the same: globs give layers to sources.
      'out/policy.d.ts': '',
    });
    // The manifest says dist, the tsconfig says out: only what the tsconfig says maps, and `dist/` is no output of it.
    expect(from('apps/web/src/a.ts', '@acme/core')).toMatchObject({ path: join(root, 'packages/core/dist/index.d.ts'), problem: { kind: 'unbuilt', name: '@acme/core', entry: join(root, 'packages/core/dist/index.d.ts') } });
    const outBuilt = workspace({
      'package.json': JSON.stringify({ name: '@acme/core', exports: { '.': './out/index.js', './policy': { types: './out/policy.d.ts' } } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'out', rootDir: 'lib' } }),
      'lib/index.ts': '',
      'lib/policy.tsx': '',
      'out/policy.d.ts': '',
    });
    expect(outBuilt.from('apps/web/src/a.ts', '@acme/core')).toEqual({ path: join(outBuilt.root, 'packages/core/lib/index.ts'), problem: null });
    expect(outBuilt.from('apps/web/src/a.ts', '@acme/core/policy')).toEqual({ path: join(outBuilt.root, 'packages/core/lib/policy.tsx'), problem: null });
  });

  it('maps an output folder to the folders `include` names, in the projects a solution-style tsconfig references, with its `extends`', () => {
    const { root, from } = workspace({
      'package.json': JSON.stringify({ name: '@acme/core', exports: { './*': { types: './types/*.d.ts', default: './build/*.js' } } }),
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.lib.json' }] }),
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { declarationDir: 'types' } }),
      'tsconfig.lib.json': JSON.stringify({ extends: './tsconfig.base.json', include: ['source/**/*.ts'] }),
      'source/policy/index.ts': '',
    });
    expect(from('apps/web/src/a.ts', '@acme/core/policy')).toEqual({ path: join(root, 'packages/core/source/policy/index.ts'), problem: null });
  });

  it('maps dist/ to src/ by the convention bundlers follow when no tsconfig names an output folder, format folders too', () => {
    const { root, from } = workspace({
      'package.json': JSON.stringify({ name: '@acme/core', main: './dist/cjs/index.cjs', exports: { './policy': './dist/esm/policy.mjs' } }),
      'src/index.ts': '',
      'src/policy.ts': '',
    });
    expect(from('apps/web/src/a.ts', '@acme/core/policy')).toEqual({ path: join(root, 'packages/core/src/policy.ts'), problem: null });
    const plain = workspace({ 'package.json': JSON.stringify({ name: '@acme/core', main: './dist/cjs/index.cjs', types: './dist/index.d.ts' }), 'src/index.ts': '' });
    expect(plain.from('apps/web/src/a.ts', '@acme/core')).toEqual({ path: join(plain.root, 'packages/core/src/index.ts'), problem: null });
  });

  it('reports an entry that is not there and that no source maps to, naming the package; an installed package is no one\'s concern', () => {
    const { root, from } = workspace({ 'package.json': JSON.stringify({ name: '@acme/core', exports: built }), 'src/other.ts': '' });
    expect(from('apps/web/src/a.ts', '@acme/core/policy')).toEqual({
      path: join(root, 'packages/core/dist/policy.d.ts'),
      problem: { kind: 'unbuilt', key: `unbuilt\0${join(root, 'packages/core')}`, specifier: '@acme/core/policy', name: '@acme/core', folder: join(root, 'packages/core'), entry: join(root, 'packages/core/dist/policy.d.ts') },
    });
    // A source file that is missing is a missing file, as a relative import's would be: no build to make.
    const missingSource = workspace({ 'package.json': JSON.stringify({ name: '@acme/core', exports: { './*': './src/*.ts' } }) });
    expect(missingSource.from('apps/web/src/a.ts', '@acme/core/gone')).toEqual({ path: join(missingSource.root, 'packages/core/src/gone.ts'), problem: null });
    const installed = tree({ 'src/a.ts': '', 'node_modules/lib/package.json': JSON.stringify({ name: 'lib', exports: built }) });
    expect(installed.from('src/a.ts', 'lib/policy')).toEqual({ path: null, problem: null });
  });

  it("finds a workspace package through the workspace's manifest, and calls it not linked unless Yarn's Plug'n'Play installs the workspace", () => {
    const files = {
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
      'packages/core/package.json': JSON.stringify({ name: '@acme/core', exports: { '.': './src/index.ts' } }),
      'packages/core/src/index.ts': '',
      'apps/web/src/a.ts': '',
    };
    const linked = tree(files);
    expect(linked.from('apps/web/src/a.ts', '@acme/core')).toMatchObject({ path: join(linked.root, 'packages/core/src/index.ts'), problem: { kind: 'workspace', name: '@acme/core' } });
    const pnp = tree({ ...files, '.pnp.cjs': '' });
    expect(pnp.from('apps/web/src/a.ts', '@acme/core')).toEqual({ path: join(pnp.root, 'packages/core/src/index.ts'), problem: null });
  });

  it('follows `#` imports that name the build back to the sources', () => {
    const { root, from } = tree({
      'package.json': JSON.stringify({ name: 'app', imports: { '#lib/*': './dist/lib/*.js', '#gone': './dist/gone.js' } }),
      'src/lib/clock.ts': '',
      'src/a.ts': '',
    });
    expect(from('src/a.ts', '#lib/clock')).toEqual({ path: join(root, 'src/lib/clock.ts'), problem: null });
    expect(from('src/a.ts', '#gone')).toMatchObject({ path: join(root, 'dist/gone.js'), problem: { kind: 'unbuilt', name: 'app', specifier: '#gone' } });
  });
});
