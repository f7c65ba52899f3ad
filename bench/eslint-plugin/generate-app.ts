// Generates a seeded tree shaped like a real scheduling application, for
// bench/eslint-plugin.ts: a pnpm workspace with a Next.js-style app (App Router
// pages, layouts and route handlers, "use server" actions, `@/` and `~/`
// path aliases, a tsconfig that extends a shared config package) and workspace
// packages linked into node_modules, with third-party packages installed as
// stubs. Same seed, same tree.
import { copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mulberry32, pick } from './generate.js';

export interface AppTree {
  readonly root: string;
  readonly files: readonly string[];
}

const nouns = ['booking', 'slot', 'provider', 'customer', 'invoice', 'refund', 'calendar', 'reminder', 'payment', 'team', 'availability', 'webhook'];
const thirdParty = ['react', 'next', 'zod', 'stripe', '@prisma/client', 'date-fns'];

function write(root: string, path: string, text: string, files: string[]): void {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  if (/\.(?:ts|tsx)$/.test(path)) files.push(full);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

const Cap = (word: string) => word[0]!.toUpperCase() + word.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function body(random: () => number, name: string, imports: readonly string[], jsx: boolean): string[] {
  const lines: string[] = [...imports, ''];
  const noun = pick(random, nouns);
  lines.push(
    `export interface ${Cap(name)}Input {`,
    '  readonly id: string;',
    '  readonly startsAt: Date;',
    '  readonly minutes: number;',
    '  readonly notes?: string;',
    '}',
    '',
    `export function normalize${Cap(name)}(input: ${Cap(name)}Input): ${Cap(name)}Input {`,
    `  const minutes = Math.max(15, Math.min(input.minutes, ${30 + Math.floor(random() * 200)}));`,
    `  return { ...input, minutes, notes: input.notes?.trim() ?? '${noun}' };`,
    '}',
    '',
    `export function overlaps${Cap(name)}(a: ${Cap(name)}Input, b: ${Cap(name)}Input): boolean {`,
    '  const endA = a.startsAt.getTime() + a.minutes * 60_000;',
    '  const endB = b.startsAt.getTime() + b.minutes * 60_000;',
    '  return a.startsAt.getTime() < endB && b.startsAt.getTime() < endA;',
    '}',
    '',
  );
  if (jsx) {
    lines.push(
      `export default function ${Cap(name)}View({ items }: { items: readonly ${Cap(name)}Input[] }) {`,
      '  return (',
      `    <section className="${noun}">`,
      `      <h2>${Cap(noun)}s</h2>`,
      '      <ul>',
      '        {items.map((item) => (',
      '          <li key={item.id}>',
      '            {item.startsAt.toISOString()} ({item.minutes} min)',
      '          </li>',
      '        ))}',
      '      </ul>',
      '    </section>',
      '  );',
      '}',
      '',
    );
  }
  return lines;
}

/** Writes the tree under `root`, replacing what was there. About 900 TypeScript files. */
export function generateAppTree(root: string, contract: string, seed = 20_261_201): AppTree {
  rmSync(root, { recursive: true, force: true });
  const random = mulberry32(seed);
  const files: string[] = [];
  write(root, 'package.json', json({ name: 'scheduling', private: true, type: 'module' }), files);
  write(root, 'pnpm-workspace.yaml', "packages:\n  - 'apps/*'\n  - 'packages/*'\n", files);
  mkdirSync(join(root, 'docs/operations'), { recursive: true });
  copyFileSync(contract, join(root, 'docs/operations/OPERATIONAL_LAYERS.md'));

  // Third-party packages, installed (as stubs): imports of them are looked up and belong to no layer.
  for (const name of thirdParty) {
    write(root, `node_modules/${name}/package.json`, json({ name, version: '1.0.0', main: 'index.js' }), files);
    write(root, `node_modules/${name}/index.js`, 'module.exports = {};\n', files);
  }
  // The shared tsconfig package every app extends.
  write(root, 'packages/tsconfig/package.json', json({ name: '@acme/tsconfig', version: '0.0.0', files: ['*.json'] }), files);
  write(root, 'packages/tsconfig/nextjs.json', json({ compilerOptions: { target: 'ES2022', lib: ['dom', 'es2022'], jsx: 'preserve', module: 'esnext', moduleResolution: 'bundler', strict: true, noEmit: true } }), files);

  // Workspace packages: a database client, UI components, shared helpers with guards of their own.
  const packages = [
    { name: 'db', folder: 'src', count: 90, jsx: false },
    { name: 'ui', folder: 'src/components', count: 140, jsx: true },
    { name: 'lib', folder: 'src', count: 110, jsx: false },
  ];
  const packageFiles = new Map<string, string[]>();
  for (const pkg of packages) {
    write(root, `packages/${pkg.name}/package.json`, json({ name: `@acme/${pkg.name}`, version: '0.0.0', type: 'module', exports: { '.': './src/index.ts', './*': './src/*.ts' } }), files);
    write(root, `packages/${pkg.name}/tsconfig.json`, json({ extends: '@acme/tsconfig/nextjs.json', include: ['src'] }), files);
    const names: string[] = [];
    for (let index = 0; index < pkg.count; index += 1) {
      const noun = pick(random, nouns);
      const sub = pkg.name === 'lib' && index % 10 === 0 ? 'guards' : pkg.name === 'db' ? pick(random, ['queries', 'models', 'migrations']) : pick(random, ['forms', 'layout', 'calendar', 'table']);
      const name = `${noun}-${index}`;
      const path = `packages/${pkg.name}/${pkg.folder}/${sub}/${name}.${pkg.jsx ? 'tsx' : 'ts'}`;
      const imports: string[] = [];
      if (names.length > 0) {
        const other = pick(random, names);
        imports.push(`import { normalize${Cap(other.split('/')[1]!)} } from '../${other}';`);
      }
      if (pkg.name === 'db') imports.push("import { PrismaClient } from '@prisma/client';");
      if (pkg.jsx) imports.push("import { useState } from 'react';");
      if (pkg.name === 'ui' && random() < 0.5) imports.push("import { normalizeX } from '@acme/lib';");
      write(root, path, body(random, name, imports, pkg.jsx).join('\n'), files);
      names.push(`${sub}/${name}`);
    }
    packageFiles.set(pkg.name, names);
    write(root, `packages/${pkg.name}/src/index.ts`, `export const ${pkg.name}Version = '0.0.0';\nexport function normalizeX(value: string): string {\n  return value.trim();\n}\n`, files);
  }
  mkdirSync(join(root, 'node_modules/@acme'), { recursive: true });
  symlinkSync(join(root, 'packages/tsconfig'), join(root, 'node_modules/@acme/tsconfig'), 'dir');
  mkdirSync(join(root, 'packages/ui/node_modules/@acme'), { recursive: true });
  symlinkSync(join(root, 'packages/lib'), join(root, 'packages/ui/node_modules/@acme/lib'), 'dir');

  // The app: App Router pages and layouts, route handlers (cron, Stripe webhook), server actions, components, server code.
  write(root, 'apps/web/package.json', json({ name: 'web', private: true, type: 'module', dependencies: Object.fromEntries(packages.map((pkg) => [`@acme/${pkg.name}`, 'workspace:*'])) }), files);
  write(root, 'apps/web/tsconfig.json', json({ extends: '@acme/tsconfig/nextjs.json', compilerOptions: { baseUrl: '.', paths: { '@/*': ['./src/*'], '~/*': ['./src/server/*'] } }, include: ['src', 'next-env.d.ts'] }), files);
  write(root, 'apps/web/vercel.json', json({ crons: [{ path: '/api/cron/reminders', schedule: '0 9 * * *' }] }), files);
  mkdirSync(join(root, 'apps/web/node_modules/@acme'), { recursive: true });
  for (const pkg of packages) symlinkSync(join(root, `packages/${pkg.name}`), join(root, `apps/web/node_modules/@acme/${pkg.name}`), 'dir');

  const appFolders = ['components', 'lib', 'server', 'guards', 'hooks'];
  const appNames = new Map<string, string[]>(appFolders.map((folder) => [folder, []]));
  const aliasImport = (): string => {
    const folder = pick(random, appFolders);
    const names = appNames.get(folder)!;
    if (names.length === 0) return "import { z } from 'zod';";
    const name = pick(random, names);
    return folder === 'server' ? `import { normalize${Cap(name)} } from '~/${name}';` : `import { normalize${Cap(name)} } from '@/${folder}/${name}';`;
  };
  const workspaceImport = (): string => {
    const pkg = pick(random, packages);
    const file = pick(random, packageFiles.get(pkg.name)!);
    return random() < 0.5 ? `import { normalizeX } from '@acme/${pkg.name}';` : `import { normalize${Cap(file.split('/')[1]!)} } from '@acme/${pkg.name}/${pkg.name === 'ui' ? 'components/' : ''}${file}';`;
  };
  for (let index = 0; index < 360; index += 1) {
    const folder = appFolders[index % appFolders.length]!;
    const name = `${pick(random, nouns)}-${folder}-${index}`;
    const jsx = folder === 'components' || folder === 'hooks';
    const sub = folder === 'server' && index % 7 === 0 ? 'rollbacks/' : '';
    const imports = [aliasImport(), random() < 0.6 ? workspaceImport() : "import { format } from 'date-fns';"];
    if (jsx) imports.push("import { useState } from 'react';");
    write(root, `apps/web/src/${folder}/${sub}${name}.${jsx ? 'tsx' : 'ts'}`, body(random, name, imports, jsx).join('\n'), files);
    if (sub === '') appNames.get(folder)!.push(name);
  }
  const segments = ['bookings', 'providers', 'calendar', 'settings', 'billing', 'teams', 'availability', 'admin/incidents'];
  for (let index = 0; index < 200; index += 1) {
    const segment = pick(random, segments);
    const route = `${segment}/${index % 3 === 0 ? '[id]/' : ''}${index % 5 === 0 ? `(group-${index % 2})/` : ''}r${index}`;
    const kind = index % 4;
    const imports = [aliasImport(), aliasImport(), workspaceImport(), "import { notFound } from 'next';"];
    if (kind === 0) write(root, `apps/web/src/app/${route}/page.tsx`, body(random, `page${index}`, imports, true).join('\n'), files);
    else if (kind === 1) write(root, `apps/web/src/app/${route}/layout.tsx`, body(random, `layout${index}`, imports, true).join('\n'), files);
    else if (kind === 2) {
      // A server action: the file starts with the directive, its exports run on the server.
      const lines = body(random, `action${index}`, imports, false);
      write(root, `apps/web/src/app/${route}/actions.ts`, ["'use server';", '', ...lines, `export async function submit${index}(form: FormData): Promise<void> {`, "  const id = String(form.get('id') ?? '');", `  if (id === '') throw new Error('missing id');`, '}', ''].join('\n'), files);
    } else {
      const lines = body(random, `handler${index}`, [...imports, "import Stripe from 'stripe';"], false);
      write(root, `apps/web/src/app/api/${route}/route.ts`, [...lines, 'export async function POST(request: Request): Promise<Response> {', '  const text = await request.text();', '  return new Response(text.length > 0 ? "ok" : "empty");', '}', ''].join('\n'), files);
    }
  }
  write(root, 'apps/web/src/app/api/cron/reminders/route.ts', ["import { normalizeX } from '@acme/lib';", '', 'export async function GET(): Promise<Response> {', "  return new Response(normalizeX(' sent '));", '}', ''].join('\n'), files);
  return { root, files };
}
