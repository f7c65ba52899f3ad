import { relative } from 'node:path';
import tseslint from 'typescript-eslint';
import * as svelteParser from 'svelte-eslint-parser';
import * as vueParser from 'vue-eslint-parser';
import { describe, expect, it } from 'vitest';
import { componentScripts, componentScriptSources } from '../src/components.js';
import plugin from '../src/index.js';
import { importSpecifiers } from '../src/scan-imports.js';
import { tagOfComponent } from '../src/tag.js';
import { contractText, ESLint, tempTree } from './helpers.js';

const vue = `<template>
  <div>{{ count }}</div>
</template>

<script lang="ts">
// @layer 4
import { defineComponent } from 'vue';
export default defineComponent({});
</script>

<script setup lang="ts">
import { count } from './count';
</script>
`;

const svelte = `<script context="module" lang="ts">
  /* @layer 1 */
  import { load } from '../guards/load';
</script>

<script lang="ts">
  import Child from './Child.svelte';
</script>

<!-- <script>import '../old/gone';</script> -->
<Child />
`;

const astro = `---
// @layer 5
import Layout from '../layouts/Layout.astro';
const when = new Date();
---
<Layout>{when}</Layout>
<script>
  import { track } from '../lib/track';
  track();
</script>
<script is:inline src="/vendor.js" />
<script type="module" data-note="a > b">
  import '../lib/module-side';
</script>
`;

describe('the script blocks of a single-file component', () => {
  it('are each `<script>` body in order, after Astro\'s frontmatter, and none inside an HTML comment or self-closed', () => {
    const blocks = (text: string, path: string) => componentScripts(text, path).map((block) => block.text.trim().split('\n')[0]);
    expect(blocks(vue, 'A.vue')).toEqual(['// @layer 4', "import { count } from './count';"]);
    expect(blocks(svelte, 'A.svelte')).toEqual(['/* @layer 1 */', "import Child from './Child.svelte';"]);
    expect(blocks(astro, 'A.astro')).toEqual(['// @layer 5', "import { track } from '../lib/track';", "import '../lib/module-side';"]);
    // A `---` fence means a frontmatter in Astro alone; an unclosed script runs to the end of the file.
    expect(blocks('---\nx\n---\n<script>\nlate();', 'A.vue')).toEqual(['late();']);
    for (const [text, path] of [[vue, 'A.vue'], [svelte, 'A.svelte'], [astro, 'A.astro']] as const) {
      for (const block of componentScripts(text, path)) expect(text.slice(block.offset, block.offset + block.text.length)).toBe(block.text);
    }
  });

  it('hold the imports the command line counts, and not the markup\'s', () => {
    expect(importSpecifiers(vue, 'src/A.vue')).toEqual(['vue', './count']);
    expect(importSpecifiers(svelte, 'src/A.svelte')).toEqual(['../guards/load', './Child.svelte']);
    expect(importSpecifiers(astro, 'src/A.astro')).toEqual(['../layouts/Layout.astro', '../lib/track', '../lib/module-side']);
    // The same text as a script of its own would count the commented-out import: the path says how to read it.
    expect(importSpecifiers(svelte)).toContain('../old/gone');
  });

  it('name the modules their `<script src>` loads: in Vue as an import, in Astro a relative path not `is:inline`; never a URL', () => {
    const sources = (text: string, path: string) => componentScriptSources(text, path).map(({ specifier, offset }) => `${specifier}@${text.slice(offset, offset + specifier.length) === specifier ? 'its value' : offset}`);
    const markup = [
      '<template><p /></template>',
      '<script lang="ts" src="./logic.ts"></script>',
      "<script src='@/shared/setup'></script>",
      '<script src=legacy-widget></script>',
      '<script src="/vendor.js"></script>',
      '<script src="https://cdn.example/x.js"></script>',
      '<script src="//cdn.example/y.js"></script>',
      '<!-- <script src="./old.ts"></script> -->',
      '<script is:inline src="./inline.js"></script>',
      '<script src="../client/track.ts" />',
    ].join('\n');
    expect(sources(markup, 'A.vue')).toEqual(['./logic.ts@its value', '@/shared/setup@its value', 'legacy-widget@its value', '../client/track.ts@its value']);
    expect(sources(markup, 'A.astro')).toEqual(['./logic.ts@its value', '../client/track.ts@its value']);
    // Astro's frontmatter is code, not markup: a `<script src>` in a string there loads nothing.
    expect(sources('---\nconst html = \'<script src="./no.ts"></script>\';\n---\n<p />', 'A.astro')).toEqual([]);
    expect(importSpecifiers('<script src="./logic.ts"></script>\n<script setup>\nimport a from "./a";\n</script>\n', 'src/A.vue')).toEqual(['./a', './logic.ts']);
  });

  it('give the tag of the first block, where it is in the file', () => {
    expect(tagOfComponent(vue, 'A.vue')).toEqual({ text: '@layer 4', layer: 4, line: 6, column: 0 });
    expect(tagOfComponent(svelte, 'A.svelte')).toEqual({ text: '@layer 1', layer: 1, line: 2, column: 2 });
    expect(tagOfComponent(astro, 'A.astro')).toEqual({ text: '@layer 5', layer: 5, line: 2, column: 0 });
    // A tag on the opening tag's line; a tag in a later block decides nothing, as one below a file's first code does not.
    expect(tagOfComponent('<script>/* @layer 2 */ x();</script>', 'A.svelte')).toEqual({ text: '@layer 2', layer: 2, line: 1, column: 8 });
    expect(tagOfComponent('<script>x();</script>\n<script>// @layer 2\n</script>', 'A.vue')).toBeNull();
    expect(tagOfComponent('<p>no script</p>', 'A.svelte')).toBeNull();
  });
});

describe('components linted with their own parsers', () => {
  const project = () =>
    tempTree({
      'docs/operations/OPERATIONAL_LAYERS.md': contractText,
      'src/guards/check.ts': 'export function check(): boolean {\n  return true;\n}\n',
      'src/guards/Reflect.vue': "<template><p /></template>\n<script setup lang=\"ts\">\n// @layer 5\nimport { check } from './check';\ncheck();\n</script>\n",
      'src/guards/Review.svelte': "<script lang=\"ts\">\n  // @layer 4\n  import { check } from './check';\n  check();\n</script>\n<p>x</p>\n",
      'src/guards/uses.ts': "import Reflect from './Reflect.vue';\nimport Review from './Review.svelte';\nexport { Reflect, Review };\n",
      'src/incidents/Poller.vue': "<script setup lang=\"ts\">\nimport { check } from '../guards/check';\nsetInterval(() => check(), 1000);\n</script>\n",
      'src/incidents/Poller.svelte': "<script lang=\"ts\">\n  import { check } from '../guards/check';\n  setInterval(() => check(), 1000);\n</script>\n",
      'src/guards/Panel.vue': "<script setup lang=\"ts\">\nimport Poller from '../incidents/Poller.vue';\n</script>\n<template><Poller /></template>\n",
      // Code in another file, loaded by `<script src>`: the component imports it.
      'src/policy/draft.ts': '// @layer 4\nexport default {};\n',
      'src/incidents/Legacy.vue': '<template><p /></template>\n<script src="../policy/draft.ts"></script>\n',
      'src/incidents/badge.ts': 'export default {};\n',
      'src/guards/Badge.vue': '<script lang="ts" src="../incidents/badge.ts"></script>\n<template><p /></template>\n',
    });

  it('are in the layer their script\'s tag names, and their imports and timers are checked', async () => {
    const dir = project();
    const config = [
      ...tseslint.configs.recommended,
      { files: ['**/*.vue'], languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } } },
      { files: ['**/*.svelte'], languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser } } },
      plugin.configs.recommended,
      { settings: { bookiji: { layers: { 0: ['src/guards/**'], 1: ['src/incidents/**'] } } } },
    ];
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    const results = await eslint.lintFiles(['src/**/*.{ts,vue,svelte}']);
    const messages = results.flatMap((result) => result.messages.map((m) => `${relative(dir, result.filePath)} ${m.ruleId}@${m.line}:${m.column}`)).sort();
    expect(messages).toEqual([
      'src/guards/Badge.vue @bookiji/layer-boundaries@1:24',
      'src/guards/Panel.vue @bookiji/layer-boundaries@2:20',
      'src/guards/Reflect.vue @bookiji/no-dormant-layer-code@4:1',
      'src/guards/Review.svelte @bookiji/no-dormant-layer-code@1:1',
      'src/guards/uses.ts @bookiji/no-dormant-layer-import@1:21',
      'src/guards/uses.ts @bookiji/no-dormant-layer-import@2:20',
      'src/incidents/Legacy.vue @bookiji/no-dormant-layer-import@2:14',
      'src/incidents/Poller.svelte @bookiji/no-background-execution@3:3',
      'src/incidents/Poller.vue @bookiji/no-background-execution@3:1',
      'src/policy/draft.ts @bookiji/no-dormant-layer-code@2:1',
    ]);
    const uses = results.find((result) => result.filePath.endsWith('uses.ts'))?.messages.map((m) => m.message) ?? [];
    expect(uses[0]).toContain('in dormant Layer 5 (Strategic Reflection) by tag `@layer 5` at line 3');
    expect(uses[1]).toContain('in dormant Layer 4 (Policy Evolution & Guardrail Improvement) by tag `@layer 4` at line 2');
  });
});
