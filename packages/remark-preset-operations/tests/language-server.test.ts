import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageDir, repositoryRoot, runCli } from './helpers.js';

// The same findings, at the same places, from docs-lint and from the remark language server over
// stdio, as an editor runs it: initialize, didOpen for a few documents, publishDiagnostics back.

const tsxLoader = pathToFileURL(createRequire(join(repositoryRoot, 'package.json')).resolve('tsx')).href;
const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

interface Diagnostic {
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
  readonly code?: string;
  readonly severity?: number;
}

/** A minimal LSP client: Content-Length framed JSON-RPC over the server's stdio. */
class Client {
  private buffer = Buffer.alloc(0);
  private id = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();
  readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly server: ChildProcessWithoutNullStreams) {
    server.stdout.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const length = Number(/Content-Length: (\d+)/iu.exec(this.buffer.subarray(0, end).toString())?.[1]);
        if (this.buffer.length < end + 4 + length) return;
        const message = JSON.parse(this.buffer.subarray(end + 4, end + 4 + length).toString()) as { id?: number; method?: string; params?: unknown; result?: unknown };
        this.buffer = this.buffer.subarray(end + 4 + length);
        this.receive(message);
      }
    });
  }

  private receive(message: { id?: number; method?: string; params?: unknown; result?: unknown }): void {
    if (message.method === 'textDocument/publishDiagnostics') {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      this.diagnostics.set(uri, diagnostics);
      for (const wake of this.waiting.splice(0)) wake();
    } else if (message.method !== undefined && message.id !== undefined) {
      // A request from the server (capability registration, progress): answered as an editor does.
      this.send({ jsonrpc: '2.0', id: message.id, result: null });
    } else if (message.id !== undefined) {
      this.pending.get(message.id)?.(message.result);
    }
  }

  private send(message: object): void {
    const body = JSON.stringify(message);
    this.server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  request(method: string, params: object): Promise<unknown> {
    const id = ++this.id;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: object): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits until every URI has diagnostics. */
  async diagnosticsOf(uris: readonly string[]): Promise<Map<string, Diagnostic[]>> {
    while (!uris.every((uri) => this.diagnostics.has(uri))) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.diagnostics;
  }
}

/** A copy of the Acme handbook with the preset installed, and documents with findings of every kind. */
function handbook(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acme-lsp-'));
  made.push(dir);
  cpSync(join(packageDir, 'fixtures', 'acme-handbook'), dir, { recursive: true });
  mkdirSync(join(dir, 'node_modules', '@bookiji'), { recursive: true });
  symlinkSync(packageDir, join(dir, 'node_modules', '@bookiji', 'remark-preset-operations'), 'dir');
  const edit = (path: string, search: string, replacement: string) => {
    const text = readFileSync(join(dir, path), 'utf8');
    if (!text.includes(search)) throw new Error(`${path} has no ${search}`);
    writeFileSync(join(dir, path), text.replace(search, replacement));
  };
  edit('docs/change-management/release-checklist.md', '## Shipping', '## Deploying');
  edit('docs/change-management/rollback-guide.md', 'Post the rollback\nin `#deploys` as usual.', 'The pipeline will automatically roll back.\n\n<!-- lint foo -->\nSee [gone](gone.md) and [here](#nowhere).');
  writeFileSync(join(dir, 'docs/change-management/nested.md'), `# Nested\r\n\r\nText.\r\n\r\n${'> '.repeat(300)}x\r\n`);
  return dir;
}

const documents = ['docs/change-management/release-checklist.md', 'docs/change-management/rollback-guide.md', 'docs/change-management/nested.md', 'docs/operations-contract.md'];

describe('the remark language server', { timeout: 120_000 }, () => {
  it("publishes docs-lint's findings, rule by rule, at the same positions (LSP counts from 0)", async () => {
    const root = handbook();
    const expected = await runCli([...documents, '--report', 'json'], root);
    const fromCli = (JSON.parse(expected.stdout) as { path: string; messages: { ruleId: string; line: number; column: number }[] }[])
      .flatMap((file) => file.messages.map((message) => `${file.path} ${message.line}:${message.column} ${message.ruleId}`))
      .sort();
    expect(fromCli.length).toBeGreaterThan(4);

    const server = spawn(process.execPath, ['--conditions=@bookiji/source', '--import', tsxLoader, join(packageDir, 'tests', 'lsp', 'remark-language-server.js'), '--stdio'], { cwd: root });
    try {
      const client = new Client(server);
      const rootUri = pathToFileURL(root).href;
      await client.request('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'acme-handbook' }] });
      client.notify('initialized', {});
      const uris = documents.map((path) => pathToFileURL(join(root, path)).href);
      documents.forEach((path, index) => {
        client.notify('textDocument/didOpen', { textDocument: { uri: uris[index], languageId: 'markdown', version: 1, text: readFileSync(join(root, path), 'utf8') } });
      });
      const published = await client.diagnosticsOf(uris);
      const fromServer = documents
        .flatMap((path, index) => (published.get(uris[index]!) ?? []).map((diagnostic) => `${path} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.code}`))
        .sort();
      expect(fromServer).toEqual(fromCli);
    } finally {
      server.kill();
    }
  });
});
