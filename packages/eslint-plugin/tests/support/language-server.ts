// Lints through the ESLint language server editors run (VS Code's ESLint
// extension's server, as `vscode-langservers-extracted` ships it for Neovim,
// Helix, Zed and others), over stdio, as an editor drives it: initialize,
// the settings the extension sends, then for each request an opened or changed
// document and a pull for its diagnostics. The server makes a new ESLint
// instance for every validation and lints the unsaved text with its path.
import { spawn } from 'node:child_process';
import { readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

export interface EditorRequest {
  /** The folder the server runs ESLint in (its `workingDirectory` setting). */
  readonly cwd: string;
  readonly configFile: string;
  readonly filePath: string;
  /** The document's text in the editor, saved or not. */
  readonly code: string;
  /** A file to write first (null deletes it), as a person editing between two validations. */
  readonly write?: { readonly path: string; readonly text: string | null };
}

export interface EditorResponse {
  /** The version of the ESLint the server loaded. */
  readonly version: string;
  readonly messages: readonly { ruleId: string | null; line: number; column: number; message: string }[];
}

interface Diagnostic {
  readonly range: { readonly start: { readonly line: number; readonly character: number } };
  readonly message: string;
  readonly code?: string | number | { readonly value: string | number };
}

const require = createRequire(import.meta.url);
const serverPath = join(dirname(require.resolve('vscode-langservers-extracted/package.json')), 'bin/vscode-eslint-language-server');
// The server loads the eslint.config.js files, which import the plugin's sources as a fresh clone has them.
const tsx = pathToFileURL(require.resolve('tsx')).href;

/**
 * The folder that holds the `eslint` package of the given major: the
 * server's `nodePath` setting, so it loads that ESLint whatever the project
 * would resolve (pnpm keeps each package beside its dependencies).
 */
function eslintNodePath(major: number): string {
  return dirname(realpathSync(dirname(require.resolve(major === 10 ? 'eslint-v10/package.json' : 'eslint/package.json'))));
}

/** The settings VS Code's ESLint extension sends for a workspace, with flat config and the request's working directory. */
function settingsFor(request: EditorRequest, nodePath: string): object {
  return {
    validate: 'on',
    packageManager: 'npm',
    useESLintClass: false,
    useFlatConfig: true,
    experimental: { useFlatConfig: false },
    codeAction: { disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' }, showDocumentation: { enable: true } },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: { overrideConfigFile: request.configFile },
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath,
    workingDirectory: { directory: request.cwd },
    workspaceFolder: { name: 'project', uri: pathToFileURL(request.cwd).href },
  };
}

/** Runs the requests in one server session, one after the other. */
export async function lintAsEditor(requests: readonly EditorRequest[], eslintMajor: number): Promise<EditorResponse[]> {
  const nodePath = eslintNodePath(eslintMajor);
  const server = spawn(process.execPath, ['--conditions=@bookiji/source', '--import', tsx, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const log: string[] = [];
  let current: EditorRequest | undefined;
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => (current === undefined ? null : settingsFor(current, nodePath))));
  // Capability registrations and refresh requests: accepted, as an editor does.
  connection.onRequest(() => null);
  connection.onNotification('window/logMessage', (params: { message: string }) => void log.push(params.message));
  connection.onNotification(() => undefined);
  connection.listen();
  try {
    const first = requests[0];
    const root = first === undefined ? process.cwd() : first.cwd;
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'project' }],
      capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: { dynamicRegistration: false } } },
    });
    await connection.sendNotification('initialized', {});
    const versions = new Map<string, number>();
    const responses: EditorResponse[] = [];
    for (const request of requests) {
      if (request.write) {
        if (request.write.text === null) rmSync(request.write.path);
        else writeFileSync(request.write.path, request.write.text);
      }
      // New settings (the working directory may differ): the server asks for them again.
      current = request;
      await connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const uri = pathToFileURL(request.filePath).href;
      const documentVersion = (versions.get(uri) ?? 0) + 1;
      versions.set(uri, documentVersion);
      if (documentVersion === 1) await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: documentVersion, text: request.code } });
      else await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: documentVersion }, contentChanges: [{ text: request.code }] });
      const report = await connection.sendRequest<{ items?: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri } });
      // The server says once which ESLint it loaded: `…/eslint/lib/api.js`.
      const loaded = log.map((line) => /^ESLint library loaded from: (.+)$/.exec(line)?.[1]).find((path) => path !== undefined);
      if (report.items === undefined || loaded === undefined) throw new Error(`the ESLint language server did not lint ${request.filePath}:\n${log.join('\n')}\n${stderr}`);
      responses.push({
        version: (JSON.parse(readFileSync(join(dirname(dirname(loaded)), 'package.json'), 'utf8')) as { version: string }).version,
        messages: report.items.map(({ code, range, message }) => ({
          ruleId: code === undefined ? null : String(typeof code === 'object' ? code.value : code),
          // The server's positions start at 0; ESLint's lines and columns at 1.
          line: range.start.line + 1,
          column: range.start.character + 1,
          message,
        })),
      });
    }
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    return responses;
  } finally {
    connection.dispose();
    server.kill();
  }
}
