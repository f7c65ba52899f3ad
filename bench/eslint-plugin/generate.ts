// Generates a seeded tree of TypeScript files across the active layers, with
// imports between them, for bench/eslint-plugin.ts. Same seed, same tree.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

import { packages } from './trees.mjs';

export interface Tree {
  readonly root: string;
  readonly files: readonly string[];
  /** Imports from a higher layer the generator put in on purpose: both plugins must report each. */
  readonly upwardImports: number;
}

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const nouns = ['booking', 'refund', 'payment', 'slot', 'customer', 'invoice', 'calendar', 'provider', 'ticket', 'limit', 'audit', 'window'];
const verbs = ['check', 'guard', 'format', 'normalize', 'compute', 'validate', 'collect', 'describe', 'merge', 'select'];

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function fileBody(random: () => number, id: string, imports: readonly { path: string; symbol: string }[]): string {
  const noun = pick(random, nouns);
  const Noun = noun[0]?.toUpperCase() + noun.slice(1);
  const lines: string[] = [`// ${id}: ${noun} helpers.`];
  for (const { path, symbol } of imports) lines.push(`import { ${symbol} } from '${path}';`);
  if (random() < 0.3) lines.push(`import type { ${Noun}Record as Imported${Noun} } from '${imports[0]?.path ?? './index'}';`);
  lines.push(
    '',
    `export interface ${Noun}Record {`,
    '  readonly id: string;',
    '  readonly amountCents: number;',
    '  readonly createdAt: Date;',
    `  readonly tags: readonly string[];`,
    '}',
    '',
    `export type ${Noun}State = 'open' | 'held' | 'closed';`,
    '',
  );
  const used = imports.map((entry) => entry.symbol);
  for (let index = 0; index < 4; index += 1) {
    const verb = pick(random, verbs);
    const name = `${verb}${Noun}${index}`;
    const call = used.length > 0 ? pick(random, used) : null;
    lines.push(
      `export function ${name}(record: ${Noun}Record, limit = ${Math.floor(random() * 1000)}): ${Noun}State {`,
      `  const total = record.tags.reduce((sum, tag) => sum + tag.length, record.amountCents);`,
      call ? `  const other = ${call}(record.id.length);` : '  const other = 0;',
      `  if (total + other > limit) {`,
      `    return 'held';`,
      '  }',
      `  switch (record.tags[0]) {`,
      `    case '${noun}':`,
      `      return 'closed';`,
      '    default:',
      `      return record.createdAt.getTime() > Date.now() ? 'open' : 'closed';`,
      '  }',
      '}',
      '',
    );
  }
  lines.push(
    `export class ${Noun}Book {`,
    `  readonly #records = new Map<string, ${Noun}Record>();`,
    '',
    `  add(record: ${Noun}Record): this {`,
    '    this.#records.set(record.id, record);',
    '    return this;',
    '  }',
    '',
    `  find(id: string): ${Noun}Record | undefined {`,
    '    return this.#records.get(id);',
    '  }',
    '',
    '  get size(): number {',
    '    return this.#records.size;',
    '  }',
    '}',
    '',
    `export const ${noun}Label = (record: ${Noun}Record): string => \`${noun} \${record.id} (\${record.amountCents / 100})\`;`,
    `export function size${id.replace(/\W/g, '')}(value: number): number {`,
    '  return value * 2;',
    '}',
    '',
  );
  return lines.join('\n');
}

/** Writes the tree under `root`, replacing what was there. */
export function generateTree(root: string, contract: string, fileCount = 2000, seed = 20_261_125): Tree {
  rmSync(root, { recursive: true, force: true });
  const random = mulberry32(seed);
  const perPackage = Math.ceil(fileCount / packages.length);
  const modulesPerPackage = 10;
  const all: { path: string; layer: number; symbol: string }[] = [];
  for (const pkg of packages) {
    for (let index = 0; index < perPackage && all.length < fileCount; index += 1) {
      const module = `${pick(random, nouns)}-${index % modulesPerPackage}`;
      const path = join(root, 'packages', pkg.name, 'src', module, `file-${index}.ts`);
      all.push({ path, layer: pkg.layer, symbol: `size${`packages/${pkg.name}/src/${module}/file-${index}`.replace(/\W/g, '')}` });
    }
  }
  let upwardImports = 0;
  for (const [position, file] of all.entries()) {
    const imports: { path: string; symbol: string }[] = [];
    const count = 2 + Math.floor(random() * 4);
    for (let n = 0; n < count; n += 1) {
      const upward = random() < 0.01 && file.layer < 3;
      const candidates = all.filter((other, at) => at !== position && (upward ? other.layer > file.layer : other.layer <= file.layer));
      if (candidates.length === 0) continue;
      const target = pick(random, candidates);
      if (imports.some((entry) => entry.symbol === target.symbol)) continue;
      if (upward) upwardImports += 1;
      let spec = relative(dirname(file.path), target.path).replace(/\.ts$/, '');
      if (!spec.startsWith('.')) spec = `./${spec}`;
      imports.push({ path: spec, symbol: target.symbol });
    }
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, fileBody(random, relative(root, file.path), imports));
  }
  mkdirSync(join(root, 'docs/operations'), { recursive: true });
  copyFileSync(contract, join(root, 'docs/operations/OPERATIONAL_LAYERS.md'));
  writeFileSync(join(root, 'tsconfig.json'), `${JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext' }, include: ['packages'] }, null, 2)}\n`);
  return { root, files: all.map((file) => file.path), upwardImports };
}
