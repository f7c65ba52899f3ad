import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execPrefix, type Project } from './project.js';

const templates = fileURLToPath(new URL('../templates/', import.meta.url));

/** Today's date in UTC, `YYYY-MM-DD`, as the contract's `Last Updated` and the changelog's headings write it. */
export function isoDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function fill(text: string, project: Project, now: Date): string {
  const values: Record<string, string> = {
    name: project.name,
    date: isoDate(now),
    author: project.author,
    exec: execPrefix(project.packageManager).join(' '),
  };
  return text.replace(/\{\{(\w+)\}\}/gu, (whole, key: string) => values[key] ?? whole);
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** The contract and the seven Layer 1-3 documents it names, filled in for the project, by repository path. */
export function documentFiles(project: Project, now: Date): Map<string, string> {
  const files = new Map<string, string>();
  for (const path of [...walk(templates)].sort()) {
    files.set(relative(templates, path).split(sep).join('/'), fill(readFileSync(path, 'utf8'), project, now));
  }
  return files;
}

/** Where a repository keeps its contract: the tools look for it there by default. */
export const CONTRACT_PATH = 'docs/operations/OPERATIONAL_LAYERS.md';

const TYPESCRIPT_FILES = "['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts']";

/**
 * A flat config with the contract's rules and nothing else: a project that
 * adopts the contract gets no other rule it did not ask for. An `.mjs` file,
 * so it is an ES module whether or not the project's `package.json` says
 * `"type": "module"`.
 */
export function eslintConfig(project: Project): string {
  const lines = ["import bookiji from '@bookiji/eslint-plugin';"];
  if (project.typescript) lines.push("import tseslint from 'typescript-eslint';");
  lines.push(
    '',
    '// The operational layers contract: no code for dormant layers, no automation where a person must act.',
    '// Map folders to layers with settings.bookiji.layers (see the README of @bookiji/eslint-plugin).',
    'export default [',
  );
  if (project.typescript) lines.push(`  { files: ${TYPESCRIPT_FILES}, languageOptions: { parser: tseslint.parser } },`);
  lines.push('  bookiji.configs.recommended,', '];', '');
  return lines.join('\n');
}

/** The docs linter's configuration for remark-cli and editors; `docs-lint` itself needs none. */
export function remarkConfig(): string {
  return ["// The docs linter's preset, for remark-cli and the remark language server (docs-lint needs no configuration).", "export default { plugins: ['@bookiji/remark-preset-operations'] };", ''].join('\n');
}

/** The default `test` script npm writes, which always fails. */
const NO_TEST = /no test specified/u;

/** The release proof: the project's own checks, run by a person before a release. */
export function proofConfig(project: Project): string {
  // The proof puts the project's node_modules/.bin first on the steps' PATH, so a tool is named as it is: `npx` or `bunx` would download
  // a tool that is not installed, unasked, in the middle of a proof. Yarn's Plug'n'Play has no node_modules/.bin, and `yarn <tool>` downloads nothing.
  const exec = project.packageManager === 'yarn' ? ['yarn'] : [];
  const run = (script: string) => [project.packageManager, 'run', script];
  const steps: { id: string; title: string; command: string[]; timeoutSeconds: number; empty?: boolean; precondition?: boolean }[] = [
    // A proof of an uncommitted tree proves nothing: a dirty tree stops the run before any other step.
    { id: 'clean-tree', title: 'The working tree is clean and HEAD is a commit', command: ['git', 'status', '--porcelain=v1', '--untracked-files=all'], timeoutSeconds: 60, empty: true, precondition: true },
    { id: 'docs-lint', title: 'The operations docs lint clean', command: [...exec, 'docs-lint'], timeoutSeconds: 600 },
    { id: 'eslint', title: 'ESLint, with the contract rules, finds no error', command: [...exec, 'eslint', '.'], timeoutSeconds: 900 },
    { id: 'dormant-layers', title: 'No file belongs to a dormant layer', command: [...exec, 'bookiji-layers', 'dormant'], timeoutSeconds: 300 },
  ];
  const test = project.manifest.scripts?.test;
  if (test !== undefined && !NO_TEST.test(test)) steps.push({ id: 'test', title: "The project's tests pass", command: run('test'), timeoutSeconds: 1800 });
  const quote = (value: string) => `'${value.replace(/\\/gu, '\\\\').replace(/'/gu, "\\'")}'`;
  const body = steps
    .map((step) =>
      [
        '    {',
        `      id: ${quote(step.id)},`,
        `      title: ${quote(step.title)},`,
        `      command: [${step.command.map(quote).join(', ')}],`,
        `      timeoutSeconds: ${step.timeoutSeconds},`,
        `      pass: { exitCode: 0${step.empty ? ", output: 'empty'" : ''} },`,
        ...(step.precondition ? ['      precondition: true,'] : []),
        '    },',
      ].join('\n'),
    )
    .join('\n');
  return [
    '// The release proof: a person runs `bookiji-proof` before a release; `bookiji-proof --list` prints the steps.',
    "import type { ProofConfig } from '@bookiji/proof';",
    '',
    'export default {',
    '  steps: [',
    body,
    '  ],',
    '  environment: {',
    "    allow: ['HOME', 'PATH', 'USER', 'LOGNAME', 'SHELL', 'TMPDIR'],",
    '  },',
    '} satisfies ProofConfig;',
    '',
  ].join('\n');
}
