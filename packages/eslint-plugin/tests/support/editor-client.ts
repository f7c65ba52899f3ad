// Lints like the VS Code ESLint extension's server: one long-lived process, a
// new ESLint instance for every validation, lintText with the file's path.
// Reads requests as JSON on stdin and prints the messages as JSON. A request
// may first write (or, with null, delete) a file, as a person editing the
// contract between two validations does.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as eslint9 from 'eslint';

interface Request {
  readonly cwd: string;
  readonly configFile: string;
  readonly filePath: string;
  readonly code: string;
  readonly write?: { readonly path: string; readonly text: string | null };
}

const { ESLint } = (process.env.BOOKIJI_ESLINT === '10' ? await import('eslint-v10') : await import('eslint')) as typeof eslint9;
const requests = JSON.parse(readFileSync(0, 'utf8')) as Request[];
const responses = [];
for (const request of requests) {
  if (request.write) {
    if (request.write.text === null) rmSync(request.write.path);
    else writeFileSync(request.write.path, request.write.text);
  }
  const eslint = new ESLint({ cwd: request.cwd, overrideConfigFile: request.configFile });
  const [result] = await eslint.lintText(request.code, { filePath: request.filePath });
  responses.push({ version: ESLint.version, messages: (result?.messages ?? []).map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message })) });
}
process.stdout.write(JSON.stringify(responses));
