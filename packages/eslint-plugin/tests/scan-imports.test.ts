import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoImportedNames, importSpecifiers } from '../src/scan-imports.js';
import { commands } from '../src/schedules/shell.js';
import { routeFile } from '../src/schedules/routes.js';

describe('the import specifiers read from a file\'s text', () => {
  it('include every form the rules check, and nothing in comments', () => {
    const text = [
      "import a from './a';",
      "import type { B } from '@/b';",
      "import {\n  c,\n  d as e,\n} from \"../c\";",
      "import './side-effect.css';",
      "export * from './star';",
      "export * as ns from './ns';",
      "export { f } from './f';",
      "export type { G } from './g';",
      "const h = await import('./h');",
      'const i = await import(`./i`);',
      'const j = require("./j");',
      "import k = require('./k');",
      "type L = import('./l').L;",
      "// import x from './commented';",
      "/* export * from './also-commented'; */",
      'const template = `${base}/not-an-import`;',
      "const text = 'import nothing from here';",
      "obj.import('./method');",
    ].join('\n');
    expect(importSpecifiers(text).sort()).toEqual(['./a', './f', './g', './h', './i', './j', './k', './l', './ns', './side-effect.css', './star', '../c', '@/b'].sort());
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string(), (text) => void importSpecifiers(text)));
  });
});

describe('shell commands', () => {
  it('split on lines, `&&`, `||`, `;` and pipes, outside quotes, with continuations joined', () => {
    expect(commands('cd apps/web && pnpm run report\nnode "scripts/a b.mjs" --flag ; echo \'x && y\' | tee out\nnpx tsx \\\n  jobs/nightly.ts # a comment')).toEqual([
      ['cd', 'apps/web'],
      ['pnpm', 'run', 'report'],
      ['node', 'scripts/a b.mjs', '--flag'],
      ['echo', 'x && y'],
      ['tee', 'out'],
      ['npx', 'tsx', 'jobs/nightly.ts'],
    ]);
  });
});

describe('the route that serves a URL path', () => {
  const files = [
    'app/api/cron/reminders/route.ts',
    'app/(jobs)/api/cron/[job]/route.ts',
    'app/api/[...rest]/route.ts',
    'app/@modal/api/modal/route.ts',
    'src/app/api/other/route.js',
    'pages/api/incidents/escalate.ts',
    'pages/api/incidents/index.ts',
    'api/legacy.ts',
    'app/api/cron/reminders/page.tsx',
  ];
  it('is the App Router handler, the Pages Router API route or the Vercel function, literal segments first', () => {
    expect(routeFile('/p', files, '/api/cron/reminders')).toBe('/p/app/api/cron/reminders/route.ts');
    expect(routeFile('/p', files, '/api/cron/cleanup?x=1')).toBe('/p/app/(jobs)/api/cron/[job]/route.ts');
    expect(routeFile('/p', files, '/api/a/b/c')).toBe('/p/app/api/[...rest]/route.ts');
    expect(routeFile('/p', files, '/api/modal')).toBe('/p/app/@modal/api/modal/route.ts');
    expect(routeFile('/p', files, '/api/incidents/escalate')).toBe('/p/pages/api/incidents/escalate.ts');
    expect(routeFile('/p', files, '/api/incidents')).toBe('/p/pages/api/incidents/index.ts');
    expect(routeFile('/p', files, '/api/legacy')).toBe('/p/api/legacy.ts');
    expect(routeFile('/p', files, '/dashboard')).toBeNull();
  });
});

describe('autoImportedNames', () => {
  const autoImported = (name: string): boolean => ['useDraftPolicy', 'useBooking', '$fetch', 'formatDate'].includes(name);

  it('finds the auto-imported names a file uses, not in comments or strings, not as a property, and not where the file declares them', () => {
    const text = [
      '// useBooking() in a comment',
      "const label = 'formatDate';",
      'const policy = useDraftPolicy();',
      'const again = useDraftPolicy();',
      'const data = await $fetch(`/api`);',
      'const other = store.useBooking();',
      'function formatDate(date: Date): string {',
      '  return date.toISOString();',
      '}',
    ].join('\n');
    expect(autoImportedNames(text, 'pages/index.ts', autoImported)).toEqual(['useDraftPolicy', '$fetch']);
    expect(autoImportedNames("import { useBooking } from './booking';\nuseBooking();\n", 'a.ts', autoImported)).toEqual([]);
    expect(autoImportedNames("import useBooking from './booking';\nconst { formatDate } = tools;\nfunction run($fetch: unknown) {\n  return [useBooking(), formatDate(), $fetch];\n}\nconst policy = useDraftPolicy();\n", 'b.ts', autoImported)).toEqual(['useDraftPolicy']);
    expect(autoImportedNames('<template><p>{{ useBooking() }}</p></template>\n<script setup lang="ts">\nconst p = useDraftPolicy();\n</script>\n', 'Panel.vue', autoImported)).toEqual(['useDraftPolicy', 'useBooking']);
    // A Vue template: its components' tags in either case, its expressions; not a comment, not what the script declares, not a plain element.
    const page = '<template>\n  <!-- <FormatDate /> -->\n  <policy-draft-panel :when="$fetch(now)" />\n  <Booking v-if="ready" />\n  <div>{{ shown }}</div>\n</template>\n<script setup lang="ts">\nconst ready = true;\nconst shown = 1;\n</script>\n';
    expect(autoImportedNames(page, 'pages/plan.vue', (name) => ['PolicyDraftPanel', 'Booking', '$fetch', 'FormatDate', 'ready', 'div', 'Div'].includes(name))).toEqual(['PolicyDraftPanel', 'Booking', '$fetch']);
    // A Svelte component's markup: its expressions in text, blocks and attributes; not a comment, and not, inside a block, what the block declares.
    const svelte = [
      '<script lang="ts">',
      '  const ready = true;',
      '</script>',
      '<!-- {formatDate(now)} -->',
      '{#if ready && useBooking()}<p>{$fetch(url)}</p>{/if}',
      '<button on:click={() => useDraftPolicy()}>open</button>',
      '{#each rows as formatDate, i (formatDate)}<i>{formatDate}</i>{/each}',
      '{#await load then value}{@const total = value + 1}<b style="color: {total}">{value}</b>{/await}',
      '<p title={"useDraftPolicy()"}>{formatDate(total)}</p>',
      '',
    ].join('\n');
    const svelteNames = ['useDraftPolicy', 'useBooking', '$fetch', 'formatDate', 'ready', 'value', 'total', 'rows', 'load'];
    expect(autoImportedNames(svelte, 'src/routes/Plan.svelte', (name) => svelteNames.includes(name))).toEqual(['useBooking', '$fetch', 'useDraftPolicy', 'rows', 'load', 'formatDate', 'total']);
    // Used in a function's body, or after a declaration with no semicolon: not declared.
    expect(autoImportedNames('function run() {\n  return useBooking();\n}\nlet count\nconst policy = useDraftPolicy()\n', 'c.ts', autoImported)).toEqual(['useBooking', 'useDraftPolicy']);
  });
});
