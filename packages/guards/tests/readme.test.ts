import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSwitchFile } from '@bookiji/guards/file';

// Every example in the README, compiled and run as a reader would paste it:
// each ```ts block is its own module, importing the package by its name.

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');

interface Block {
  readonly language: string;
  readonly line: number;
  readonly code: string;
}

const blocks: Block[] = [...readme.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => ({
  language: match[1]!,
  line: readme.slice(0, match.index).split('\n').length,
  code: match[2]!,
}));
const examples = blocks.filter((block) => block.language === 'ts');

// Inside the package, so the examples resolve `@bookiji/guards` and the
// validators exactly as the package's own tests do.
let dir = '';
const fileOf = (block: Block) => join(dir, `readme-line-${block.line}.ts`);

beforeAll(() => {
  dir = mkdtempSync(join(packageDir, 'tests', '.readme-'));
  for (const block of examples) writeFileSync(fileOf(block), block.code);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the README examples', () => {
  it('are there, one or more for each feature', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it('type-check under the package settings (strict, NodeNext)', { timeout: 120_000 }, () => {
    const configPath = join(packageDir, 'tsconfig.json');
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    expect(config?.errors ?? []).toEqual([]);
    const program = ts.createProgram(examples.map(fileOf), { ...config!.options, noEmit: true, noUnusedLocals: false });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      if (!diagnostic.file || diagnostic.start === undefined) return text;
      const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const block = examples.find((candidate) => fileOf(candidate) === diagnostic.file!.fileName);
      const where = block ? `README.md:${block.line + 1 + line}:${character + 1}` : relative(packageDir, diagnostic.file.fileName);
      return `${where}: ${text}`;
    });
    expect(problems).toEqual([]);
  });

  it.each(examples.map((block) => [block.line, block] as const))('run without throwing: the block at README.md:%i', async (_line, block) => {
    // A fresh copy of the package per block: each example starts with an
    // empty process-wide registry, as in a new app.
    vi.resetModules();
    const quiet = [vi.spyOn(console, 'log').mockImplementation(() => {}), vi.spyOn(console, 'warn').mockImplementation(() => {})];
    try {
      await import(pathToFileURL(fileOf(block)).href);
    } finally {
      for (const spy of quiet) spy.mockRestore();
    }
  });

  it('show a switch file that the file source reads without a problem', () => {
    const files = blocks.filter((block) => block.language === 'json');
    expect(files).toHaveLength(1);
    const reading = parseSwitchFile(files[0]!.code, 'kill-switches.json');
    expect(reading.failure).toBeNull();
    expect(reading.problems).toEqual([]);
    expect([...reading.entries.values()].every((entry) => 'engaged' in entry && entry.flip !== null)).toBe(true);
  });
});
