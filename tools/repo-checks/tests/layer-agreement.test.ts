/**
 * One interpreter of the contract: for any contract and any folder name, the
 * ESLint plugin, `bookiji-layers` and the docs linter put the name in the same
 * layer, because each asks @bookiji/contract. This test holds them to it
 * through their public surfaces, so a tool that grows its own reading of
 * names fails here.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import { explainFile } from '@bookiji/eslint-plugin';
import remarkPresetOperations from '@bookiji/remark-preset-operations';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
const layersCli = join(repositoryRoot, 'packages/eslint-plugin/src/cli.ts');
// Resolved here: `--import tsx` resolves from the working directory, and the repositories made here have no node_modules.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

const words = ['policy', 'evolution', 'guardrail', 'improvement', 'strategic', 'reflection', 'incident', 'response', 'learning', 'change', 'management', 'rollbacks', 'release', 'safety', 'notes', 'old', 'and', 'machine'];
const word = fc.constantFrom(...words);
/** Layer names as people write them: words, sometimes joined by `&`. */
const layerName = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.map((part) => part[0]!.toUpperCase() + part.slice(1)).join(' ')),
  fc.tuple(fc.array(word, { minLength: 1, maxLength: 2 }), fc.array(word, { minLength: 1, maxLength: 2 })).map(([a, b]) => `${a.join(' ')} & ${b.join(' ')}`),
);
const contract = fc.array(fc.tuple(layerName, fc.boolean()), { minLength: 2, maxLength: 6 });
const separator = fc.constantFrom('-', '_', '', '.');
/** Folder names as people write them: numbers, names, name parts, other words, in any case and separator. */
const folderName = fc
  .tuple(fc.array(fc.oneof(word, fc.integer({ min: 0, max: 7 }).map((n) => `layer${n}`), fc.integer({ min: 0, max: 7 }).map((n) => `layer-${n}`)), { minLength: 1, maxLength: 4 }), separator, fc.boolean())
  .map(([parts, join, upper]) => {
    const name = parts.join(join === '.' ? '-' : join);
    return upper ? name.toUpperCase() : name;
  });

function contractText(layers: readonly (readonly [string, boolean])[]): string {
  const status = (dormant: boolean) => (dormant ? 'Defined (Dormant)' : 'Active');
  const rows = layers.map(([name, dormant], number) => `| Layer ${number} | ${status(dormant)} | ${name} |`).join('\n');
  const sections = layers
    .map(([name, dormant], number) => `## Layer ${number} — ${name}\n\n**Status**: ${dormant ? 'Defined but Dormant' : 'Active'}\n\n**Purpose**: Something.\n`)
    .join('\n');
  return `# Contract\n\n## Layer Overview\n\n| Layer | Status | Purpose |\n|---|---|---|\n${rows}\n\n${sections}\n**Last Updated**: 2026-01-01\n`;
}

/** The dormant layer the docs linter reports a document under `docs/operations/<folder>/` for, or null. */
async function docsLintLayer(root: string, folder: string): Promise<number | null> {
  const path = join(root, 'docs/operations', folder, 'page.md');
  const file = new VFile({ path, cwd: root, value: '# Page\n\nA page.\n' });
  await unified().use(remarkParse).use(remarkPresetOperations).run(unified().use(remarkParse).parse(file), file);
  const reports = file.messages.filter((message) => message.ruleId === 'no-dormant-layer-documents');
  const numbers = reports.map((message) => Number(/Layer (\d+)/u.exec(message.reason)?.[1]));
  return numbers[0] ?? null;
}

describe('which layer a folder name points at', () => {
  it('is the same for the ESLint plugin, bookiji-layers and the docs linter', async () => {
    await fc.assert(
      fc.asyncProperty(contract, fc.uniqueArray(folderName, { minLength: 1, maxLength: 8, selector: (name) => name.toLowerCase() }), async (layers, folders) => {
        const root = mkdtempSync(join(tmpdir(), 'layer-agreement-'));
        made.push(root);
        mkdirSync(join(root, 'docs/operations'), { recursive: true });
        writeFileSync(join(root, 'docs/operations/OPERATIONAL_LAYERS.md'), contractText(layers));
        writeFileSync(join(root, 'package.json'), '{}\n');
        // bookiji-layers reads `settings.bookiji` from the project's ESLint config; this one sets none.
        writeFileSync(join(root, 'eslint.config.mjs'), 'export default [{ files: ["**/*.ts"] }];\n');
        const files = folders.map((folder) => `src/${folder}/job.ts`);
        for (const file of files) {
          mkdirSync(join(root, file, '..'), { recursive: true });
          writeFileSync(join(root, file), 'export {};\n');
        }

        const fromPlugin = files.map((file) => explainFile(file, root, undefined).layer?.number ?? null);
        const cli = spawnSync(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, layersCli, 'explain', '--json', ...files], { cwd: root, encoding: 'utf8' });
        expect(cli.stderr).toBe('');
        const fromCli = (JSON.parse(cli.stdout) as { layer: { number: number } | null }[]).map((explanation) => explanation.layer?.number ?? null);
        expect(fromCli).toEqual(fromPlugin);

        for (const [index, folder] of folders.entries()) {
          const layer = fromPlugin[index] ?? null;
          const dormant = layer !== null && layers[layer]?.[1] === true ? layer : null;
          expect(await docsLintLayer(root, folder), `folder \`${folder}\` (ESLint: ${layer})`).toBe(dormant);
        }
      }),
      { numRuns: 10, seed: 20261201 },
    );
    // Each run starts bookiji-layers once: generous, so a busy machine slows the test without failing it.
  }, 600_000);
});
