import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Bundles one-import apps against the core with esbuild, which the workspace
// already has through tsx, and checks what ends up in the bundle.
// Typed here by the little this test uses, since esbuild is no dependency of this package.
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}
const esbuild = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'))('esbuild') as Esbuild;
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

async function bundle(code: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: code, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    alias: { '@bookiji/guards': entry },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('the core', () => {
  it('bundles the currency table and guards when an app uses a guard (so their absence below means something)', async () => {
    const code = await bundle("import { currencyCode } from '@bookiji/guards';\nconsole.log(currencyCode('EUR'));\n");
    for (const present of ['XCG', 'GuardViolation']) expect(code).toContain(present);
  });

  it('keeps only what an app imports: invariant alone brings no kill switches, guards or currency table', async () => {
    const code = await bundle("import { invariant } from '@bookiji/guards';\ninvariant(globalThis.length !== 0, 'x');\n");
    expect(code).toContain('InvariantViolation');
    for (const absent of ['KILL_SWITCH_', 'createKillSwitches', 'GuardViolation', 'findFirstDoubleBooking', 'XCG']) expect(code).not.toContain(absent);
  });

  it('brings the kill switches and the environment source when an app uses them, and still no booking code', async () => {
    const code = await bundle("import { isEngaged } from '@bookiji/guards';\nconsole.log(isEngaged('payments-capture'));\n");
    expect(code).toContain('KILL_SWITCH_');
    for (const absent of ['findFirstDoubleBooking', 'XCG', 'GuardViolation']) expect(code).not.toContain(absent);
  });
});
