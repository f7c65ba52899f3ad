import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// eslint-disable-next-line @bookiji/no-background-execution -- the worker parses for the run a person started, and ends with that run
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import createDebug from 'debug';
import type { Root } from 'mdast';
import markdownExtensions from 'markdown-extensions';
import { Claim, type ParseAheadData, type ParsedAhead } from './parse-ahead-protocol.js';
import { MAX_DOCUMENT_BYTES } from './size.js';

/**
 * Parsing is most of a run's time (GitHub's tables most of all), and a run
 * checks its documents one after another on one thread. On a machine with more
 * than one core, a worker thread therefore parses documents while the main
 * thread parses others and runs the rules. The CLI starts it before it loads
 * the linter, on the documents it expects to check; a run of unified-engine
 * without one starts it on its own documents when they are many. A tree from
 * the worker is used only when it was parsed from exactly the text the run
 * read, so the findings are the same either way.
 */

const debug = createDebug('remark-preset-operations:parse-ahead');

/** Set to `0` to parse every document on the main thread. */
export const PARSE_THREAD_VARIABLE = 'BOOKIJI_OPERATIONS_PARSE_THREAD';

/**
 * Below this many documents a worker costs more than it saves: on two cores,
 * the two threads starting at once slow each other down by about as much as
 * the worker would parse in that time.
 */
export const MIN_DOCUMENTS_FOR_WORKER = 24;

/** How long the main thread waits for a document the worker is parsing before it parses the document itself. */
const WAIT_MS = 10_000;

function enabled(): boolean {
  return process.env[PARSE_THREAD_VARIABLE] !== '0' && availableParallelism() > 1;
}

/** Starts a worker on its documents; it ends by itself once it has parsed them. */
export type LaunchWorker = (data: ParseAheadData, transferList: readonly MessagePort[]) => Worker;

/** The worker of this package, from dist/ (or, from the TypeScript sources as the repository's tests run them, through tsx). */
export const launchParseWorker: LaunchWorker = (data, transferList) => {
  const options = { workerData: data, transferList: [...transferList] };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', import.meta.url), options);
  // A worker does not inherit the loader of its parent: it registers tsx itself (and takes none of the parent's flags).
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const api = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(join(dirname(manifest), api)).href;
  const entry = new URL('./parse-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { ...options, eval: true, execArgv: [] });
};

const MARKDOWN = new Set(markdownExtensions.map((extension) => `.${extension}`));

/** The CLI's parse started before the run, waiting for the run to take it. */
let early: ParseAhead | undefined;

/**
 * The CLI looks at no more folder entries than this before it starts a worker: the
 * guess must cost next to nothing next to the run (the engine finds the files anyway).
 */
const MAX_ENTRIES_SCANNED = 20_000;

/** Markdown files under the paths (files and folders), in no particular order, without hidden folders or node_modules. */
function documentsUnder(paths: readonly string[]): string[] {
  const found = new Set<string>();
  let budget = MAX_ENTRIES_SCANNED;
  const visit = (path: string): void => {
    let entries;
    try {
      if (!statSync(path).isDirectory()) {
        if (MARKDOWN.has(extname(path))) found.add(resolve(path));
        return;
      }
      entries = readdirSync(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (--budget < 0) return;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      if (entry.isDirectory()) visit(join(path, entry.name));
      else if (MARKDOWN.has(extname(entry.name))) found.add(resolve(path, entry.name));
    }
  };
  for (const path of paths) visit(path);
  return [...found];
}

/**
 * Starts parsing the documents under `targets` (files and folders) on a worker
 * before the run starts, while this thread loads the linter, when they are
 * many; the run takes the trees that match what it reads (the engine still
 * decides which files it checks).
 */
export function parseAheadOf(targets: readonly string[]): void {
  if (early || !enabled()) return;
  const paths = documentsUnder(targets);
  if (paths.length >= MIN_DOCUMENTS_FOR_WORKER) early = ParseAhead.start(paths) ?? undefined;
}

export class ParseAhead {
  private readonly claims: Int32Array;
  private readonly mainAt: number;
  private readonly indexes = new Map<string, number>();
  private readonly delivered = new Map<number, ParsedAhead>();
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private taken = 0;
  private stopped = false;

  /**
   * The worker for a run whose documents are at `paths`: the one the CLI
   * started, or a new one when the run has many documents; null for none.
   */
  static forRun(paths: readonly string[]): ParseAhead | null {
    const started = early;
    early = undefined;
    if (started) return started;
    if (paths.length < MIN_DOCUMENTS_FOR_WORKER || !enabled()) return null;
    return ParseAhead.start(paths);
  }

  /** Ends the worker the CLI started, for a run whose trees cannot come from it (see `sharesTrees`). */
  static discardEarly(): void {
    early?.stop();
    early = undefined;
  }

  /** A worker parsing the documents at `paths`; null when none could be started. */
  static start(paths: readonly string[], launch: LaunchWorker = launchParseWorker): ParseAhead | null {
    try {
      return new ParseAhead(paths, launch);
    } catch {
      return null;
    }
  }

  private constructor(paths: readonly string[], launch: LaunchWorker) {
    paths.forEach((path, index) => this.indexes.set(path, index));
    const buffer = new SharedArrayBuffer((paths.length + 1) * Int32Array.BYTES_PER_ELEMENT);
    this.claims = new Int32Array(buffer);
    this.mainAt = paths.length;
    this.claims[this.mainAt] = -1;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: ParseAheadData = { paths: [...paths], claims: buffer, maxBytes: MAX_DOCUMENT_BYTES, port: port2 };
    this.worker = launch(data, [port2]);
    this.worker.unref();
    this.port.unref();
    // A worker that fails leaves its documents to the main thread; it never fails the run.
    this.worker.on('error', () => this.abandon());
  }

  /** The worker, for waiting until it has ended. */
  get thread(): Worker {
    return this.worker;
  }

  /** The worker's tree of the document at `path`, when it parsed exactly `text`; otherwise the caller parses. */
  take(path: string, text: string): Root | undefined {
    const index = this.indexes.get(path);
    if (index === undefined) return undefined;
    Atomics.store(this.claims, this.mainAt, index);
    let claim = Atomics.compareExchange(this.claims, index, Claim.free, Claim.main);
    if (claim === Claim.free) return undefined;
    if (claim === Claim.worker) {
      Atomics.wait(this.claims, index, Claim.worker, WAIT_MS);
      claim = Atomics.load(this.claims, index);
    }
    if (claim !== Claim.delivered) return undefined;
    this.receive();
    const parsed = this.delivered.get(index);
    this.delivered.delete(index);
    if (!parsed || parsed.text !== text) return undefined;
    this.taken++;
    return parsed.tree as Root;
  }

  /** Ends the worker once the run is done. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    debug('the worker parsed %d of %d documents', this.taken, this.mainAt);
    this.abandon();
    void this.worker.terminate();
    this.port.close();
    this.delivered.clear();
  }

  private receive(): void {
    for (let received = receiveMessageOnPort(this.port); received; received = receiveMessageOnPort(this.port)) {
      const parsed = received.message as ParsedAhead;
      this.delivered.set(parsed.index, parsed);
    }
  }

  /** Claims every document the worker has not, so that the main thread parses them. */
  private abandon(): void {
    for (let index = 0; index < this.mainAt; index++) {
      Atomics.compareExchange(this.claims, index, Claim.free, Claim.main);
      // A document the worker was parsing when it failed will never be delivered.
      if (Atomics.compareExchange(this.claims, index, Claim.worker, Claim.skipped) === Claim.worker) Atomics.notify(this.claims, index);
    }
  }
}
