import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// eslint-disable-next-line @bookiji/no-background-execution -- the workers under test parse for one test and end with it
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { documentParser } from '../src/gfm-tables.js';
import { ParseAhead, PARSE_THREAD_VARIABLE } from '../src/parse-ahead.js';
import { MAX_DOCUMENT_BYTES } from '../src/size.js';
import { jsonFindings, manyPostmortems, runCli } from './helpers.js';

// Documents parsed on a worker thread stand in for the main thread's parse only
// when they are exactly what the main thread would have parsed.

const parser = documentParser();

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'parse-ahead-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A worker on these documents as the preset starts one (from its sources here), once it has parsed them all. */
async function parsedAhead(paths: readonly string[]): Promise<ParseAhead> {
  const ahead = ParseAhead.start(paths);
  if (!ahead) throw new Error('the parse worker did not start');
  // The worker ends by itself once it has parsed every document.
  await new Promise((ended) => ahead.thread.once('exit', ended));
  return ahead;
}

const table = '| Severity | Meaning |\n| --- | --- |\n| SEV-1 | Bookings fail for **everyone** |\n| SEV-2 | A [provider](./b.md) cannot sync |\n';

describe('a worker parsing ahead', () => {
  it('gives the tree the main thread would parse, and only for the same text', async () => {
    const dir = folder({ 'a.md': `# A\n\n${table}\nSee [b](./b.md#b).\n`, 'b.md': '# B\n\n- one\n- two\n', 'c.md': '\uFEFF# C with a byte-order mark\n' });
    const paths = ['a.md', 'b.md', 'c.md'].map((name) => join(dir, name));
    const ahead = await parsedAhead(paths);
    const [a, b, c] = paths.map((path) => readFileSync(path, 'utf8'));
    expect(ahead.take(paths[0]!, a!)).toEqual(parser.parse(a!));
    // vfile drops the byte-order mark before parsing; so does the worker.
    expect(ahead.take(paths[2]!, c!.slice(1))).toEqual(parser.parse(c!.slice(1)));
    // The file changed between the worker's read and the run's: the main thread parses it.
    expect(ahead.take(paths[1]!, `${b!}\nEdited.\n`)).toBeUndefined();
    expect(ahead.take(join(dir, 'elsewhere.md'), '# Elsewhere\n')).toBeUndefined();
    ahead.stop();
  });

  it('leaves to the main thread what it cannot read and what is too large to parse', async () => {
    const large = `# Large\n\n${'word '.repeat(MAX_DOCUMENT_BYTES / 5 + 10)}\n`;
    const dir = folder({ 'large.md': large });
    mkdirSync(join(dir, 'folder.md'));
    const paths = [join(dir, 'large.md'), join(dir, 'folder.md'), join(dir, 'missing.md')];
    const ahead = await parsedAhead(paths);
    expect(ahead.take(paths[0]!, large)).toBeUndefined();
    expect(ahead.take(paths[1]!, '')).toBeUndefined();
    expect(ahead.take(paths[2]!, '')).toBeUndefined();
    ahead.stop();
  });

  it('never holds up the run when the worker cannot start', async () => {
    const dir = folder({ 'a.md': '# A\n', 'broken.mjs': 'throw new Error("cannot start");\n' });
    const ahead = ParseAhead.start([join(dir, 'a.md')], () => new Worker(pathToFileURL(join(dir, 'broken.mjs'))));
    if (!ahead) throw new Error('no worker');
    await new Promise((ended) => ahead.thread.once('exit', ended));
    const started = Date.now();
    expect(ahead.take(join(dir, 'a.md'), '# A\n')).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    ahead.stop();
  });
});

describe('docs-lint on many documents', () => {
  it('reports the same findings with and without the worker, and uses it', async () => {
    const root = manyPostmortems();
    const debug = { DEBUG: 'remark-preset-operations:parse-ahead' };
    const threaded = await runCli(['--report', 'json'], root, debug);
    const single = await runCli(['--report', 'json'], root, { ...debug, [PARSE_THREAD_VARIABLE]: '0' });
    expect(threaded.code).toBe(1);
    expect(single.code).toBe(1);
    expect(jsonFindings(threaded.stdout)).toEqual(jsonFindings(single.stdout));
    expect(jsonFindings(single.stdout).length).toBeGreaterThanOrEqual(8);
    const used = /the worker parsed (\d+) of (\d+) documents/u.exec(threaded.stderr);
    expect(used, threaded.stderr).not.toBeNull();
    expect(Number(used![1])).toBeGreaterThan(0);
    expect(single.stderr).not.toMatch(/the worker parsed/u);
  });
});
