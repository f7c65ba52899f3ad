import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
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
      const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
      const published = new Map<string, Diagnostic[]>();
      const uris = documents.map((path) => pathToFileURL(join(root, path)).href);
      const allPublished = new Promise<void>((resolve) => {
        connection.onNotification('textDocument/publishDiagnostics', ({ uri, diagnostics }: { uri: string; diagnostics: Diagnostic[] }) => {
          published.set(uri, diagnostics);
          if (uris.every((each) => published.has(each))) resolve();
        });
      });
      // Requests from the server (capability registration, progress): answered as an editor does.
      connection.onRequest(() => null);
      connection.listen();
      const rootUri = pathToFileURL(root).href;
      await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {}, workspaceFolders: [{ uri: rootUri, name: 'acme-handbook' }] });
      await connection.sendNotification('initialized', {});
      for (const [index, path] of documents.entries()) {
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uris[index], languageId: 'markdown', version: 1, text: readFileSync(join(root, path), 'utf8') } });
      }
      await allPublished;
      connection.dispose();
      const fromServer = documents
        .flatMap((path, index) => (published.get(uris[index]!) ?? []).map((diagnostic) => `${path} ${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1} ${diagnostic.code}`))
        .sort();
      expect(fromServer).toEqual(fromCli);
    } finally {
      server.kill();
    }
  });
});
