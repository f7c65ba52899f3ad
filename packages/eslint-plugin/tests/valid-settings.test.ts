import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin, { layerSettings } from '../src/index.js';
import rule from '../src/rules/valid-settings.js';
import { at, contractText, ESLint, eslintRule, fixtures, ruleTester, settings, tempTree } from './helpers.js';

/** A project on disk: the contract and the given files. */
function project(files: Record<string, string>, contract: string | null = contractText): string {
  return tempTree({ ...(contract === null ? {} : { 'docs/operations/OPERATIONAL_LAYERS.md': contract }), ...files });
}

/** `eslint .` in the project with the recommended config and the given settings; each message as `file rule@line:column message`. */
async function lint(dir: string, bookiji: Record<string, unknown> | undefined, patterns: string[] = ['.']): Promise<string[]> {
  const config = [
    ...tseslint.configs.recommended,
    plugin.configs.recommended,
    ...(bookiji === undefined ? [] : [{ settings: { bookiji } }]),
    { rules: { '@typescript-eslint/no-unused-vars': 'off' } },
  ];
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
  const results = await eslint.lintFiles(patterns);
  return results.flatMap((result) => result.messages.map((m) => `${relative(dir, result.filePath)} ${m.ruleId}@${m.line}:${m.column} ${m.message}`)).sort();
}

/** The message texts alone: which file ESLint lints first, and so carries a problem of the configuration, is not fixed. */
const texts = (messages: readonly string[]) => messages.map((message) => message.split(' ').slice(2).join(' '));
const files = (messages: readonly string[]) => [...new Set(messages.map((message) => message.split(' ')[0]))];

const ruleIds = (messages: readonly string[]) => messages.map((message) => message.split(' ').slice(0, 2).join(' ').replace(/@\d+:\d+$/, ''));

ruleTester.run('valid-settings', eslintRule(rule), {
  valid: [
    { code: 'export const a = 1;', filename: at('src/core/a.ts'), settings: settings({ 0: ['src/core/**'] }, { unlayered: ['src/generated/**'] }) },
    { code: "import { x } from './missing.js';\nimport fs from 'node:fs';\nimport ts from 'typescript';", filename: at('src/core/a.ts') },
    // The most specific glob decides: no conflict between a folder and a file inside it.
    { code: 'export const a = 1;', filename: at('src/core/guard.ts'), settings: settings({ 0: ['src/core/**'], 1: ['src/core/guard.ts'] }) },
  ],
  invalid: [
    {
      code: 'export const a = 1;',
      filename: at('src/a.ts'),
      settings: settings({ four: ['src/**'], 2: ['!src/x/**'] } as Record<string, string[]>, { layer: {} }),
      errors: [
        { message: 'Unexpected settings.bookiji: `settings.bookiji` must NOT have additional property `layer` (expected one of root, layers, unlayered, contract, contractDigests, autoImports), expected settings that follow the schema in the README (the layer rules use the rest of the settings meanwhile).', line: 1, column: 1 },
        { messageId: 'invalidSettings', data: { problem: '`settings.bookiji.layers.2` glob `!src/x/**` must not be negated (the most specific glob decides: write the exception as a glob of its own)' } },
        { messageId: 'invalidSettings', data: { problem: '`settings.bookiji.layers` key `four` must be a layer number such as `2`' } },
      ],
    },
    {
      // `settings: { bookiji: layerSettings(…) }`: the config's own settings apply, so only this is reported, not a contract it cannot find.
      code: 'export const a = 1;',
      filename: at('src/core/a.ts'),
      settings: { bookiji: { name: '@bookiji/settings', settings: settings({ 0: ['src/core/**'], 1: 'src/rollbacks' } as unknown as Record<string, string[]>) } },
      errors: [
        {
          message:
            "Unexpected settings.bookiji: `settings.bookiji` is a whole config (what `layerSettings()` returns) rather than settings: put `layerSettings(…)` in the config array itself, beside the plugin's config; its own `settings.bookiji` apply meanwhile, expected settings that follow the schema in the README (the layer rules use the rest of the settings meanwhile).",
        },
        { messageId: 'invalidSettings', data: { problem: '`settings.bookiji.layers.1` must be an array of non-empty glob strings' } },
      ],
    },
    {
      code: 'export const a = 1; // fine\n',
      filename: at('src/a.ts'),
      settings: settings({ 0: ['src/no-such-folder/**'] }),
      errors: [{ message: `Unexpected glob \`src/no-such-folder/**\` in settings.bookiji.layers.0 that matches no file under \`${fixtures}\`, expected each glob to match at least one file: check its spelling against \`bookiji-layers summary\`.`, line: 1, column: 1 }],
    },
    { code: 'export const a = 1;', filename: at('src/a.ts'), settings: settings({ 9: ['src/core/**'] }), errors: [{ messageId: 'unknownSettingsLayer', data: { layer: 9, glob: 'src/core/**', known: '0, 1, 2, 3, 4, 5', contract: 'docs/operations/OPERATIONAL_LAYERS.md' } }] },
    {
      code: 'export const a = 1;',
      filename: at('src/core/guard.ts'),
      // Both have two literal segments and 13 characters other than `*` and `?`.
      settings: settings({ 0: ['src/core/**'], 2: ['src/core/*d.ts'], 1: ['src/core/g*.ts'] }),
      errors: [{ message: 'Unexpected equally specific globs of different layers (`src/core/g*.ts` (Layer 1), `src/core/*d.ts` (Layer 2)) that both claim this file and 0 other file(s), expected one layer per file: glob `src/core/g*.ts` in settings.bookiji.layers decides for now; make one of the globs more specific.', line: 1 }],
    },
    {
      code: 'export const a = 1;',
      filename: at('src/a.ts'),
      settings: settings({ 0: ['src/core/**'] }, { contract: 'docs/NOPE.md' }),
      errors: [{ messageId: 'contractUnreadable', data: { path: 'docs/NOPE.md', reason: `no \`docs/NOPE.md\` in \`${at('src')}\` or any folder above it` } }],
    },
    {
      code: 'export const a = 1;',
      filename: at('src/a.ts'),
      settings: settings({}, { contract: at('docs/operations/OPERATIONAL_LAYERS.md'), contractDigests: { 'docs/operations/OPERATIONAL_LAYERS.md': null } }),
      errors: [
        {
          message: `Unexpected settings.bookiji.contract \`${at('docs/operations/OPERATIONAL_LAYERS.md')}\` whose digest the config does not carry (it carries: \`docs/operations/OPERATIONAL_LAYERS.md\`), expected the settings given through \`layerSettings()\`: \`eslint --cache\` keys its results on the digest, and would keep them after \`${at('docs/operations/OPERATIONAL_LAYERS.md')}\` changes.`,
        },
      ],
    },
  ],
});

describe('problems of the configuration', () => {
  it('are reported once per configuration, on the first file linted, not on every file', async () => {
    const dir = project({
      'src/a.ts': 'export const a = 1;\n',
      'src/b.ts': 'export const b = 1;\n',
      'src/c.ts': 'export const c = 1;\n',
    });
    const messages = await lint(dir, { layers: { 0: ['src/gaurds/**'], 2: 'src/**' } });
    expect(messages.map((message) => message.split(' ')[1])).toEqual(['@bookiji/valid-settings@1:1', '@bookiji/valid-settings@1:1']);
    expect(files(messages)).toHaveLength(1);
    expect(texts(messages)).toEqual([
      `Unexpected glob \`src/gaurds/**\` in settings.bookiji.layers.0 that matches no file under \`${dir}\`, expected each glob to match at least one file: check its spelling against \`bookiji-layers summary\`.`,
      'Unexpected settings.bookiji: `settings.bookiji.layers.2` must be an array of non-empty glob strings, expected settings that follow the schema in the README (the layer rules use the rest of the settings meanwhile).',
    ]);
  });

  it('include a missing contract, once, while every rule stays quiet', async () => {
    const dir = project({ 'src/a.ts': 'export const a = 1;\n', 'src/layer-4/b.ts': 'setInterval(() => {}, 1);\n' }, null);
    const messages = await lint(dir, undefined);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^src\/(?:a|layer-4\/b)\.ts @bookiji\/valid-settings@1:1 Unexpected missing or unreadable operational layers contract at `docs\/operations\/OPERATIONAL_LAYERS\.md`/);
  });

  it('count the files a conflict claims across the project', async () => {
    const dir = project({ 'apps/web/a.ts': 'export {};\n', 'apps/web/b.ts': 'export {};\n', 'apps/api/c.ts': 'export {};\n' });
    const messages = await lint(dir, { layers: { 0: ['apps/web/*.ts'], 1: ['apps/*/?.ts'] } });
    expect(messages).toEqual([]);
    const tied = await lint(dir, { layers: { 0: ['apps/web/*.ts'], 1: ['apps/web/?.ts'] } });
    expect(tied).toHaveLength(1);
    expect(texts(tied)).toEqual([
      'Unexpected equally specific globs of different layers (`apps/web/*.ts` (Layer 0), `apps/web/?.ts` (Layer 1)) that both claim this file and 1 other file(s), expected one layer per file: glob `apps/web/*.ts` in settings.bookiji.layers decides for now; make one of the globs more specific.',
    ]);
  });
});

describe('the most specific glob', () => {
  it('wins over a broader one of another layer, whatever the order written', async () => {
    const dir = project({
      'apps/web/src/guards/limit.ts': "import { plan } from '../reflection/plan';\nexport const limit = plan;\n",
      'apps/web/src/reflection/plan.ts': 'export const plan = 1;\n',
      'apps/web/src/page.ts': "import { plan } from './reflection/plan';\nexport const page = plan;\n",
    });
    const messages = await lint(dir, { unlayered: ['apps/**'], layers: { 0: ['apps/web/src/guards/**'], 5: ['apps/web/src/reflection/**'] } });
    expect(ruleIds(messages)).toEqual([
      'apps/web/src/guards/limit.ts @bookiji/no-dormant-layer-import',
      'apps/web/src/page.ts @bookiji/no-dormant-layer-import',
      'apps/web/src/reflection/plan.ts @bookiji/no-dormant-layer-code',
    ]);
  });
});

describe('imports that cannot be followed', () => {
  const app = (extra: Record<string, string>) =>
    project({
      'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['apps/*', 'packages/*'] }),
      'apps/web/package.json': JSON.stringify({ name: 'web', dependencies: { '@acme/reflection': 'workspace:*' } }),
      'apps/web/src/a.ts': "import { notes } from '@/lib/notes';\nimport { more } from '@/lib/more';\nimport { r } from '@acme/reflection';\nexport const a = [notes, more, r];\n",
      'apps/web/src/b.ts': "import { notes } from '@/lib/notes';\nimport { r } from '@acme/reflection/sub';\nexport const b = [notes, r];\n",
      'packages/reflection/package.json': JSON.stringify({ name: '@acme/reflection', exports: { '.': './src/index.ts', './sub': './src/sub.ts' } }),
      'packages/reflection/src/index.ts': '/* @layer 5 */\nexport const r = 1;\n',
      'packages/reflection/src/sub.ts': '/* @layer 5 */\nexport const r = 2;\n',
      ...extra,
    });

  it('report a tsconfig whose `extends` cannot be found, once, with the imports it leaves unchecked', async () => {
    const dir = app({ 'apps/web/tsconfig.json': JSON.stringify({ extends: '@acme/tsconfig/nextjs.json', compilerOptions: { baseUrl: '.', paths: { '#lib/*': ['./lib/*'] } } }) });
    const messages = await lint(dir, undefined, ['apps']);
    const own = texts(messages.filter((message) => message.includes('valid-settings')));
    expect(own).toHaveLength(2);
    expect(own[0]).toBe(
      "Unexpected tsconfig `apps/web/tsconfig.json` whose `extends` (`@acme/tsconfig/nextjs.json`) cannot be found (File '@acme/tsconfig/nextjs.json' not found.), expected every tsconfig to resolve: its own `paths` still apply, but 3 import(s) from the project's files resolve to no file and go unchecked by the layer rules. Install the package that provides it (your package manager's install), or fix the path.",
    );
    // The workspace package is not linked either: found through the workspace's manifest, and checked.
    expect(own[1]).toMatch(/^Unexpected workspace package `@acme\/reflection` that is not linked into `node_modules` \(imported from `apps\/web\/src`\), expected it installed: the layer rules follow its 2 import\(s\) to `packages\/reflection`/);
    expect(ruleIds(messages.filter((message) => !message.includes('valid-settings')))).toEqual(['apps/web/src/a.ts @bookiji/no-dormant-layer-import', 'apps/web/src/b.ts @bookiji/no-dormant-layer-import']);
  });

  it('report a tsconfig that extends a framework\'s generated one not yet written, naming what writes it', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'kit', private: true, devDependencies: { '@sveltejs/kit': '^2.0.0' } }),
      // What `sv create` writes: the `$lib` alias is in the generated config, which `svelte-kit sync` writes.
      'tsconfig.json': JSON.stringify({ extends: './.svelte-kit/tsconfig.json', compilerOptions: { strict: true } }),
      'src/routes/+page.ts': "import { policy } from '$lib/policy';\nexport const load = () => policy;\n",
      'src/lib/policy.ts': 'export const policy = 1;\n',
    });
    const own = texts((await lint(dir, undefined, ['src'])).filter((message) => message.includes('valid-settings')));
    expect(own).toEqual([
      "Unexpected tsconfig `tsconfig.json` whose `extends` (`./.svelte-kit/tsconfig.json`) cannot be found (File './.svelte-kit/tsconfig.json' not found.), expected every tsconfig to resolve: its own `paths` still apply, but 1 import(s) from the project's files resolve to no file and go unchecked by the layer rules. `.svelte-kit` is generated: run `svelte-kit sync` (also `vite dev` and `vite build`) in the project that holds it before linting.",
    ]);
  });

  it('report a path alias that resolves nowhere, once, with the imports that use it', async () => {
    const dir = app({ 'apps/web/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./source/*'] } } }) });
    mkdirSync(join(dir, 'apps/web/node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'packages/reflection'), join(dir, 'apps/web/node_modules/@acme/reflection'), 'dir');
    const messages = await lint(dir, undefined, ['apps']);
    expect(texts(messages.filter((message) => message.includes('valid-settings')))).toEqual([
      'Unexpected path alias `@/*` in `apps/web/tsconfig.json` that resolves nowhere (no folder `./source/*`), expected its targets to exist: 3 import(s) use it and go unchecked by the layer rules; fix `paths` (or `baseUrl`) in that tsconfig.',
    ]);
  });

  it('report an alias that no tsconfig the rules read maps, once per tsconfig and head, with the imports that use it', async () => {
    // A `paths` alias for `~/` only; `@/` is mapped nowhere the rules read, as when only the bundler's config maps it.
    const dir = app({
      'apps/web/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '~/*': ['./src/*'] } } }),
      'apps/web/src/lib/notes.ts': 'export const notes = 1;\n',
    });
    mkdirSync(join(dir, 'apps/web/node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'packages/reflection'), join(dir, 'apps/web/node_modules/@acme/reflection'), 'dir');
    const messages = await lint(dir, undefined, ['apps']);
    expect(texts(messages.filter((message) => message.includes('valid-settings')))).toEqual([
      expect.stringMatching(
        /^Unexpected import `@\/lib\/(notes|more)`, which can name no package and which no `paths` alias in `apps\/web\/tsconfig.json` maps, expected every alias mapped where the layer rules read it: 3 import\(s\) starting with `@\/` resolve to no file and go unchecked by the layer rules; map `@\/\*` in `compilerOptions.paths` of the tsconfig.json or jsconfig.json nearest to the importing files \(`tsconfig.json` first where a folder has both; the rules read it with what it extends and the projects it references\)\.$/,
      ),
    ]);
  });

  it("follow the aliases of a JavaScript project's jsconfig.json, so its imports are checked and nothing is reported about them", async () => {
    const dir = app({
      'apps/web/jsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'apps/web/src/lib/notes.ts': '/* @layer 4 */\nexport const notes = 1;\n',
      'apps/web/src/lib/more.ts': 'export const more = 1;\n',
    });
    mkdirSync(join(dir, 'apps/web/node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'packages/reflection'), join(dir, 'apps/web/node_modules/@acme/reflection'), 'dir');
    const messages = await lint(dir, undefined, ['apps']);
    expect(messages.filter((message) => message.includes('valid-settings'))).toEqual([]);
    // Both `@/lib/notes` imports reach the dormant file the alias maps, beside the workspace package's.
    expect(messages.filter((message) => message.includes('no-dormant-layer-import')).map((message) => message.split(' ')[0] + ' ' + message.split('`')[1])).toEqual([
      'apps/web/src/a.ts @/lib/notes',
      'apps/web/src/a.ts @acme/reflection',
      'apps/web/src/b.ts @/lib/notes',
      'apps/web/src/b.ts @acme/reflection/sub',
    ]);
  });

  it('say where no tsconfig was found for an alias, and that a `#` alias may be mapped in package.json', async () => {
    const dir = project({
      // `$app/…` is a module SvelteKit provides, as a package would: not reported.
      'src/a.ts': "import { db } from '~/server/db';\nimport { b } from '#lib/b';\nimport { goto } from '$app/navigation';\nexport const a = [db, b, goto];\n",
      'src/b.ts': "import { db } from '~/server/db';\nexport const b = db;\n",
    });
    const own = texts((await lint(dir, undefined, ['src'])).filter((message) => message.includes('valid-settings')));
    expect(own).toHaveLength(2);
    expect(own).toContainEqual(expect.stringMatching(/^Unexpected import `~\/server\/db`, which can name no package and which no tsconfig.json or jsconfig.json from `src` upward maps, .*: 2 import\(s\) starting with `~\/` resolve to no file/));
    expect(own).toContainEqual(
      expect.stringMatching(/^Unexpected import `#lib\/b`, which can name no package and which no tsconfig.json or jsconfig.json from `src` upward and no `imports` entry of the nearest package.json maps, .*; map `#lib\/\*` in `compilerOptions.paths` of the tsconfig.json or jsconfig.json nearest to the importing files \(`tsconfig.json` first where a folder has both; the rules read it with what it extends and the projects it references\) or in the `imports` of the nearest package.json\.$/),
    );
  });

  it("follow a Deno project's import map, so Supabase Edge Functions' aliases are checked and nothing is reported about them", async () => {
    const dir = project({
      'supabase/functions/deno.json': JSON.stringify({ imports: { '@/': './_shared/', 'bullmq': 'npm:bullmq@5' } }),
      'supabase/functions/_shared/plan.ts': '/* @layer 5 */\nexport const plan = 1;\n',
      'supabase/functions/digest/index.ts': "import { plan } from '@/plan.ts';\nimport { Queue } from 'bullmq';\nexport const a = [plan, Queue];\n",
    });
    expect(ruleIds(await lint(dir, undefined, ['supabase/functions/digest']))).toEqual(['supabase/functions/digest/index.ts @bookiji/no-dormant-layer-import']);
  });

  it("say that a Deno project's alias may be mapped in the import map of its deno.json", async () => {
    const dir = project({
      'supabase/functions/deno.jsonc': '{\n  // no imports yet\n}\n',
      'supabase/functions/digest/index.ts': "import { plan } from '~/plan.ts';\nexport const a = plan;\n",
    });
    const own = texts((await lint(dir, undefined, ['supabase'])).filter((message) => message.includes('valid-settings')));
    expect(own).toEqual([
      expect.stringMatching(/^Unexpected import `~\/plan.ts`, which can name no package and which no tsconfig.json or jsconfig.json from `supabase\/functions\/digest` upward and no `imports` entry of `supabase\/functions\/deno.jsonc` maps, .*\) or `~\/` in the `imports` of `supabase\/functions\/deno.jsonc`\.$/),
    ]);
  });

  it("say once that a Deno project's import map cannot be read, with the imports it leaves unchecked, even from a file that imports nothing through it", async () => {
    const dir = project({
      'supabase/functions/deno.json': '{ "imports": { "@/": "./_shared/" }, }\n}',
      'supabase/functions/_shared/plan.ts': '/* @layer 5 */\nexport const plan = 1;\n',
      'supabase/functions/digest/index.ts': "import { plan } from '@/plan.ts';\nimport { cron } from 'cron';\nexport const a = [plan, cron];\n",
      'supabase/functions/remind/index.ts': "import { plan } from '@/plan.ts';\nexport const a = plan;\n",
      'supabase/functions/ping/index.ts': 'export const ping = 1;\n',
    });
    const own = texts((await lint(dir, undefined, ['supabase'])).filter((message) => message.includes('valid-settings')));
    expect(own).toEqual([
      expect.stringMatching(/^Unexpected import map `supabase\/functions\/deno.json` that cannot be read \(end of file expected at line 2, column 1\), expected an import map the rules can read: 3 import\(s\) it would map resolve to no file and go unchecked by the layer rules, and the automation rules do not see the packages it names\. Deno reads it before anything else and will not run until it is fixed/),
    ]);
    const ping = texts((await lint(dir, undefined, ['supabase/functions/ping'])).filter((message) => message.includes('valid-settings')));
    expect(ping).toEqual([expect.stringMatching(/^Unexpected import map `supabase\/functions\/deno.json` that cannot be read/)]);
  });

  it('say that a remote import map is not read, and how to have its imports followed', async () => {
    const dir = project({
      'edge/deno.json': JSON.stringify({ importMap: 'https://example.com/import_map.json' }),
      'edge/index.ts': "import { plan } from 'plan';\nexport const a = plan;\n",
    });
    const own = texts((await lint(dir, undefined, ['edge'])).filter((message) => message.includes('valid-settings')));
    expect(own).toEqual([
      'Unexpected import map `https://example.com/import_map.json`, which `edge/deno.json` names as its `importMap`, that cannot be read (a remote map, which the rules do not fetch), expected an import map the rules can read: 1 import(s) it would map resolve to no file and go unchecked by the layer rules, and the automation rules do not see the packages it names. Keep the map in the repository and name it by its path, or write its entries in the `imports` of the Deno config, and the imports it maps are followed.',
    ]);
  });

  it('follow `#` imports through the `imports` of the package the file belongs to', async () => {
    const dir = project({
      'package.json': JSON.stringify({ name: 'app', imports: { '#reflection/*': { types: './src/reflection/*.ts', default: './dist/reflection/*.js' }, '#log': './src/log.ts' } }),
      'src/a.ts': "import { plan } from '#reflection/plan';\nimport { log } from '#log';\nexport const a = [plan, log];\n",
      'src/log.ts': 'export const log = 1;\n',
      'src/reflection/plan.ts': '/* @layer 5 */\nexport const plan = 1;\n',
    });
    expect(ruleIds(await lint(dir, undefined, ['src/a.ts']))).toEqual(['src/a.ts @bookiji/no-dormant-layer-import']);
  });

  it("follow a workspace package's exports from its build to its sources, and report an entry neither built nor mapped, once", async () => {
    const dir = app({
      'apps/web/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'apps/web/src/lib/notes.ts': 'export const notes = 1;\n',
      'apps/web/src/lib/more.ts': 'export const more = 1;\n',
      'apps/web/src/c.ts': "import { gone } from '@acme/reflection/gone';\nimport { again } from '@acme/reflection/gone';\nexport const c = [gone, again];\n",
      'packages/reflection/package.json': JSON.stringify({ name: '@acme/reflection', exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './*': { types: './dist/*.d.ts', import: './dist/*.js' } } }),
      'packages/reflection/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist' }, include: ['src'] }),
    });
    mkdirSync(join(dir, 'apps/web/node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'packages/reflection'), join(dir, 'apps/web/node_modules/@acme/reflection'), 'dir');
    const messages = await lint(dir, undefined, ['apps']);
    expect(messages.filter((message) => message.includes('valid-settings'))).toEqual([
      "apps/web/src/c.ts @bookiji/valid-settings@1:22 Unexpected import `@acme/reflection/gone`, which package `@acme/reflection` (`packages/reflection`) maps to `packages/reflection/dist/gone.d.ts`, a file that is not there and that no source file maps to, expected a file the layer rules can place: 2 such import(s) of the package are placed by the missing path alone, by a glob or folder name that matches it, or not at all. Give the package's tsconfig.json the `outDir` its build writes to and the `rootDir` (or `include`) of its sources, or point its `exports` at its sources; or build it before linting.",
    ]);
    // The two entries whose sources are there are checked as if the exports named them.
    expect(ruleIds(messages.filter((message) => !message.includes('valid-settings')))).toEqual(['apps/web/src/a.ts @bookiji/no-dormant-layer-import', 'apps/web/src/b.ts @bookiji/no-dormant-layer-import']);
  });

  it('count at least the import at hand when git ignores the file that has it', async () => {
    const dir = project({ '.gitignore': 'generated/\n', 'generated/a.ts': "import { db } from '~/server/db';\nexport const a = db;\n" });
    spawnSync('git', ['init', '-q'], { cwd: dir });
    const own = texts((await lint(dir, undefined, ['generated'])).filter((message) => message.includes('valid-settings')));
    expect(own).toEqual([expect.stringContaining(': 1 import(s) starting with `~/` resolve to no file')]);
  });

  it('say nothing when every import resolves', async () => {
    const dir = app({
      'apps/web/tsconfig.json': JSON.stringify({ compilerOptions: { paths: { '@/*': ['./src/*'] } } }),
      'apps/web/src/lib/notes.ts': 'export const notes = 1;\n',
      'apps/web/src/lib/more.ts': 'export const more = 1;\n',
    });
    mkdirSync(join(dir, 'apps/web/node_modules/@acme'), { recursive: true });
    symlinkSync(join(dir, 'packages/reflection'), join(dir, 'apps/web/node_modules/@acme/reflection'), 'dir');
    expect(ruleIds(await lint(dir, undefined, ['apps']))).toEqual(['apps/web/src/a.ts @bookiji/no-dormant-layer-import', 'apps/web/src/b.ts @bookiji/no-dormant-layer-import']);
  });
});

describe('layerSettings()', () => {
  it('still throws on settings it cannot use, where the config is written', () => {
    expect(() => layerSettings({ layers: { four: ['src/**'] } })).toThrow('Invalid settings for @bookiji/eslint-plugin: `settings.bookiji.layers` key `four` must be a layer number such as `2`.');
  });
});
