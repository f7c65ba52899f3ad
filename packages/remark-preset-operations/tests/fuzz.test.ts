import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContract, parseContractBytes } from '@bookiji/contract';
import type { Options } from '@bookiji/remark-preset-operations';
import { contractPath, lint, repositoryRoot, tempRepo } from './helpers.js';

// The robustness of the linter as a standing test: the contract parser and every rule, on
// generated Markdown, mutated copies of this repository's operations documents, random bytes and
// deep nesting. Nothing may throw, every finding lies inside its document, and every run ends.
//
// (It found that the contract's own findings were placed by the contract on disk, not by the text
// being checked, as an editor's unsaved buffer is: they fell outside the text.)
//
// The default run is small enough for CI on a busy two-core machine. To look for the next bug,
// run it long: FUZZ_RUNS=5000 FUZZ_SEED=<n> npx vitest run --project @bookiji/remark-preset-operations tests/fuzz.test.ts

const runs = Number(process.env.FUZZ_RUNS ?? 30);
const seed = Number(process.env.FUZZ_SEED ?? 20_261_201);
/** Per document, far above what any document takes: what a hang would pass. */
const BOUND_MS = 30_000;

const operations = join(repositoryRoot, 'docs', 'operations');
const markdownFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? markdownFiles(join(dir, entry.name)) : entry.name.endsWith('.md') ? [join(dir, entry.name)] : []));
const documents = markdownFiles(operations).map((path) => ({ path: relative(repositoryRoot, path).split('\\').join('/'), text: readFileSync(path, 'utf8') }));

const readJson = (path: string) => JSON.parse(readFileSync(join(repositoryRoot, path), 'utf8')) as Record<string, unknown>;
/** The repository's own schemas and traceability map, so that every rule has something to check. */
const options = { documents: readJson('docs/lint/document-schemas.json').documents, traceability: readJson('docs/lint/traceability.json') } as unknown as Options;

const fragment = fc.constantFrom(
  '# ',
  '## Layer 4 — Policy Evolution',
  '**Status**: Active',
  '**Kind**: code',
  '| Layer | Status |\n|---|---|\n| Layer 9 | Active |',
  '- ',
  '  ',
  '1. ',
  '> ',
  '*a ',
  ' a*',
  '**',
  '_',
  '[',
  '](#nowhere)',
  '[x](50%.md)',
  '`',
  '```\n',
  '&amp;',
  '\\',
  '<!-- lint ignore no-automation-phrases -->',
  '<!-- lint foo -->',
  '<!-- lint disable -->',
  'The bot will page the on-call.',
  'automatically roll back',
  '---\ntitle: x\n---\n',
  '[a]: b',
  '\n',
  '\n\n',
  '\r\n',
  '\r',
  '\u0000',
  '\uFEFF',
  '\uFFFD',
);

const generated = fc.array(fc.oneof(fragment, fc.string({ maxLength: 30 })), { maxLength: 60 }).map((parts) => Buffer.from(parts.join('')));

/** A document of the repository with a few cuts, copies and insertions. */
const mutated = fc
  .tuple(
    fc.constantFrom(...documents),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 400 }), fc.oneof(fragment, fc.constant('')), fc.constantFrom('cut', 'copy', 'insert', 'byte')), { minLength: 1, maxLength: 6 }),
  )
  .map(([document, edits]) => {
    let text = document.text;
    for (const [at, length, insert, kind] of edits) {
      const start = at % (text.length + 1);
      const piece = text.slice(start, start + length);
      if (kind === 'cut') text = text.slice(0, start) + text.slice(start + length);
      else if (kind === 'copy') text = text.slice(0, start) + piece + piece + text.slice(start + length);
      else if (kind === 'insert') text = text.slice(0, start) + insert + text.slice(start);
      else text = text.slice(0, start) + String.fromCharCode(length % 256) + text.slice(start + 1);
    }
    return Buffer.from(text);
  });

const randomBytes = fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes));

/** One unit repeated up to thousands of times: nesting, delimiter runs and list structure at scale. */
const deep = fc.tuple(fc.array(fragment, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6000 })).map(([parts, times]) => Buffer.from(parts.join('').repeat(times)));

/** Lines as a reader of the file counts them (LF, CRLF or a lone CR), after a byte-order mark. */
function linesOf(bytes: Buffer): string[] {
  return new TextDecoder().decode(bytes).replace(/^\uFEFF/u, '').split(/\r\n|\r|\n/u);
}

const paths = ['docs/operations/ROLLBACKS.md', 'docs/operations/incidents/postmortems/2026-01-01-calendar-sync.md', 'docs/operations/layer-4/NOTES.md', 'docs/operations/CHANGELOG.md', 'docs/notes.md', contractPath];

describe('fuzzing the contract parser and every rule', () => {
  const root = tempRepo();

  async function check(bytes: Buffer, path: string): Promise<void> {
    const started = performance.now();
    if (path === contractPath) {
      for (const result of [parseContract(bytes.toString('utf8')), parseContractBytes(bytes, contractPath)]) {
        for (const diagnostic of result.diagnostics) expect(diagnostic.line).toBeGreaterThanOrEqual(1);
      }
    }
    const messages = await lint(root, path, options, bytes);
    const lines = linesOf(bytes);
    for (const message of messages) {
      const line = lines[message.line - 1];
      expect({ message, inside: line !== undefined && message.column >= 1 && message.column <= line.length + 1 }).toEqual({ message, inside: true });
    }
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  }

  it.each([
    ['generated Markdown', generated],
    ['mutated copies of the repository’s operations documents', mutated],
    ['random bytes', randomBytes],
    ['deep nesting and long runs', deep],
  ] as const)('%s: no exception, every finding inside the document, every run bounded', async (_name, documentsOf) => {
    await fc.assert(
      fc.asyncProperty(documentsOf, fc.constantFrom(...paths), async (bytes, path) => check(bytes, path)),
      { numRuns: runs, seed },
    );
  }, 600_000);
});
