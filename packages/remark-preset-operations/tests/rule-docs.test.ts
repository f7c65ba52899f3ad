import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import preset, { lintCommentReason, operationsOptions, rules, type Options } from '@bookiji/remark-preset-operations';

// A rule's page is a promise to its readers: the examples it shows run here against a
// copy of this repository, and the messages it prints must be the ones the rule gives.

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repositoryRoot = join(packageDir, '..', '..');
const docsDir = join(packageDir, 'docs', 'rules');

/** Rule ids whose messages link to a page: the remark-lint rules and the two plugins the preset adds around them. */
const documented = [...Object.keys(rules), 'links', 'lint-comment-reason'];

const sections = ['What it checks', 'Why', 'Options', 'Examples', 'When not to use it'];

const readJson = (path: string) => JSON.parse(readFileSync(join(repositoryRoot, path), 'utf8')) as Record<string, unknown>;
/** The options the repository's `.remarkrc.js` gives the preset (with the runbook's ids as the schema file declares them). */
const repositoryOptions = {
  documents: readJson('docs/lint/document-schemas.json').documents,
  traceability: readJson('docs/lint/traceability.json'),
} as unknown as Options;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function repositoryCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'docs-lint-rule-docs-'));
  made.push(dir);
  cpSync(join(repositoryRoot, 'docs'), join(dir, 'docs'), { recursive: true });
  mkdirSync(join(dir, 'packages', 'guards'), { recursive: true });
  cpSync(join(repositoryRoot, 'packages', 'guards', 'README.md'), join(dir, 'packages', 'guards', 'README.md'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/** `path="…" options='…' encoding="…"` from a code block's meta. */
function attributes(meta: string | null | undefined): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of (meta ?? '').matchAll(/([\w-]+)=(?:"([^"]*)"|'([^']*)')/gu)) found[match[1]!] = match[2] ?? match[3] ?? '';
  return found;
}

interface Example {
  readonly kind: 'Failing' | 'Passing';
  readonly path: string;
  readonly text: string;
  readonly line: number;
  readonly options: Options;
  readonly encoding: BufferEncoding;
  /** The messages the page prints after a failing example, `line:column reason`. */
  readonly expected: string[] | null;
}

/** Every `markdown` block with a `path` under `### Failing` or `### Passing`. */
function examples(tree: Root): Example[] {
  const found: Example[] = [];
  let kind: Example['kind'] | null = null;
  tree.children.forEach((node, index) => {
    if (node.type === 'heading') {
      const text = toString(node);
      kind = node.depth === 3 && (text === 'Failing' || text === 'Passing') ? text : null;
      return;
    }
    if (node.type !== 'code' || node.lang !== 'markdown' || kind === null) return;
    const meta = attributes(node.meta);
    if (!meta.path) return;
    const next = tree.children.slice(index + 1).find((candidate) => candidate.type === 'code' || candidate.type === 'heading');
    found.push({
      kind,
      path: meta.path,
      text: `${node.value}\n`,
      line: node.position?.start.line ?? 0,
      options: meta.options ? (JSON.parse(meta.options) as Options) : repositoryOptions,
      encoding: (meta.encoding ?? 'utf8') as BufferEncoding,
      expected: next?.type === 'code' && next.lang === 'text' ? next.value.split('\n') : null,
    });
  });
  return found;
}

interface Shown {
  readonly url: string | undefined;
  readonly source: string | undefined;
  readonly ruleId: string | undefined;
  readonly text: string;
}

async function lintExample(path: string, text: string, options: Options, encoding: BufferEncoding = 'utf8'): Promise<Shown[]> {
  const root = repositoryCopy();
  const target = join(root, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, Buffer.from(text, encoding));
  const file = new VFile({ path, cwd: root, value: readFileSync(target) });
  const processor = unified().use(remarkParse).use(preset).use(operationsOptions, options);
  await processor.run(processor.parse(file), file);
  return file.messages.map((message) => ({
    url: message.url ?? undefined,
    source: message.source ?? undefined,
    ruleId: message.ruleId ?? undefined,
    text: `${message.line}:${message.column} ${message.reason}`,
  }));
}

const pageOf = (name: string) => join(docsDir, `${name}.md`);
/** The day the rule judges future dates against: `SOURCE_DATE_EPOCH`'s (set by the release proof) or today's, in UTC. */
const epoch = Number(process.env.SOURCE_DATE_EPOCH);
const today = (process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);

describe('rule pages', () => {
  it('exist for every rule, and only for rules; each rule has its source file and its test of the same name', () => {
    const pages = readdirSync(docsDir).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3));
    expect(pages.sort()).toEqual([...documented].sort());
    for (const name of documented) {
      expect(existsSync(join(packageDir, 'src', 'rules', `${name}.ts`)), name).toBe(true);
      expect(existsSync(join(packageDir, 'tests', 'rules', `${name}.test.ts`)), name).toBe(true);
    }
  });

  it('name each rule plugin `operations:<page name>`', () => {
    for (const [name, rule] of Object.entries(rules)) expect(rule.name).toBe(`operations:${name}`);
    expect(lintCommentReason.name).toBe('operations:lint-comment-reason');
  });

  for (const name of documented) {
    describe(name, () => {
      const page = pageOf(name);
      const url = pathToFileURL(page).href;
      const tree = existsSync(page) ? unified().use(remarkParse).parse(readFileSync(page, 'utf8')) : ({ type: 'root', children: [] } as Root);
      const cases = examples(tree);

      it('has the sections every rule page has, in order', () => {
        const headings = tree.children.filter((node): node is Heading => node.type === 'heading');
        expect(headings[0] && [headings[0].depth, toString(headings[0])]).toEqual([1, name]);
        expect(headings.filter((heading) => heading.depth === 2).map((heading) => toString(heading))).toEqual(sections);
      });

      it('shows a failing and a passing example that run', () => {
        expect(cases.filter((example) => example.kind === 'Failing').length).toBeGreaterThan(0);
        expect(cases.filter((example) => example.kind === 'Passing').length).toBeGreaterThan(0);
      });

      for (const example of cases) {
        it(`${example.kind.toLowerCase()} example at line ${example.line} (${example.path}) gives the messages the page shows`, async () => {
          const shown = await lintExample(example.path, example.text, example.options, example.encoding);
          // In position order, as reporters show them (a check across documents reports once the others are done).
          const position = (text: string) => text.split(' ', 1)[0]!.split(':').map(Number) as [number, number];
          const messages = shown
            .filter((message) => message.url === url)
            .map((message) => message.text)
            .sort((a, b) => position(a)[0] - position(b)[0] || position(a)[1] - position(b)[1]);
          if (example.kind === 'Passing') {
            expect(messages).toEqual([]);
          } else {
            expect(example.expected, 'a failing example is followed by a `text` block of its messages').not.toBeNull();
            expect(messages).toEqual(example.expected!.map((line) => line.replace(/\bTODAY\b/gu, today)));
          }
        });
      }
    });
  }
});

describe('message urls', () => {
  it("are the page of the message's rule, an existing file", async () => {
    const broken: [string, string, BufferEncoding][] = [
      ['docs/operations/OPERATIONAL_LAYERS.md', '# Operational Layers Contract\n\n**Status**: Active\n', 'utf8'],
      ['docs/operations/ROLLBACKS.md', '# Rollbacks\n\n<!-- lint ignore -->\nSilenced.\n\nThe bot will page you. See [x](missing.md).\n', 'utf8'],
      ['docs/operations/layer-4/NOTES.md', '# Notes\n', 'utf8'],
      ['docs/operations/CHANGELOG.md', 'Caf\u00e9\n', 'latin1'],
    ];
    const seen = new Set<string>();
    for (const [path, text, encoding] of broken) {
      for (const message of await lintExample(path, text, repositoryOptions, encoding)) {
        expect(message.url, message.text).toBeDefined();
        const page = fileURLToPath(message.url!);
        expect(existsSync(page), page).toBe(true);
        expect(dirname(page)).toBe(docsDir);
        const name = page.slice(docsDir.length + 1, -'.md'.length);
        seen.add(name);
        // The preset's own rules say `operations`; link findings keep remark-validate-links' source and rule ids.
        if (message.source?.startsWith('remark-validate-links')) expect(name).toBe('links');
        else expect([message.source, message.ruleId === 'malformed-url' ? 'links' : message.ruleId]).toEqual(['operations', name]);
      }
    }
    expect([...seen].sort()).toEqual(documented.filter((name) => name !== 'required-documents').sort());
  });
});
