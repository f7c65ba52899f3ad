import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { builders, generateCode, parseModule } from 'magicast';
import { documentFiles, eslintConfig, proofConfig, remarkConfig } from './files.js';
import { addDevCommand, type Project } from './project.js';

/** One thing the initializer does to the project, or leaves alone and why. */
export interface Change {
  readonly path: string;
  /** `create` a file, `update` one (adding only), leave it as it is (`keep`), or leave a step to the person (`manual`). */
  readonly action: 'create' | 'update' | 'keep' | 'manual';
  /** What is done, or why nothing is. */
  readonly detail: string;
  /** The file's new text, for `create` and `update`. */
  readonly text?: string;
}

export interface Plan {
  readonly project: Project;
  readonly changes: readonly Change[];
  /** The command that installs the tools, or null when every one is already a dependency. */
  readonly install: readonly string[] | null;
}

const ESLINT_CONFIGS = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const REMARK_CONFIGS = ['.remarkrc', '.remarkrc.json', '.remarkrc.js', '.remarkrc.cjs', '.remarkrc.mjs', '.remarkrc.yml', '.remarkrc.yaml'];
const PLUGIN = '@bookiji/eslint-plugin';
const PRESET = '@bookiji/remark-preset-operations';

/** What `init` would do in the project: a pure plan, so `--dry-run` prints exactly what a run does. */
export function planInit(project: Project, now: Date = new Date()): Plan {
  const changes: Change[] = [];
  const exists = (path: string) => existsSync(join(project.root, path));
  const createUnlessPresent = (path: string, text: string, detail: string) => {
    changes.push(exists(path) ? { path, action: 'keep', detail: 'already there; left as it is' } : { path, action: 'create', detail, text });
  };

  for (const [path, text] of documentFiles(project, now)) {
    createUnlessPresent(path, text, path.endsWith('OPERATIONAL_LAYERS.md') ? `the contract, for ${project.name}` : 'a skeleton the docs linter passes');
  }
  changes.push(eslintChange(project));
  const remark = REMARK_CONFIGS.find(exists);
  if (remark !== undefined || project.manifest.remarkConfig !== undefined) {
    const text = remark === undefined ? JSON.stringify(project.manifest.remarkConfig) : readFileSync(join(project.root, remark), 'utf8');
    changes.push(
      text.includes(PRESET)
        ? { path: remark ?? 'package.json', action: 'keep', detail: `already uses ${PRESET}` }
        : { path: remark ?? 'package.json', action: 'manual', detail: `a remark configuration exists: add '${PRESET}' to its plugins for remark-cli and editors (docs-lint needs none)` },
    );
  } else {
    createUnlessPresent('.remarkrc.mjs', remarkConfig(), 'the docs linter preset, for remark-cli and editors');
  }
  createUnlessPresent('proof.config.ts', proofConfig(project), 'the release proof: docs-lint, ESLint and the dormant-layer check');
  changes.push(manifestChange(project));
  changes.push(gitignoreChange(project));

  const dependencies = { ...project.manifest.dependencies, ...project.manifest.devDependencies };
  const tools = ['@bookiji/eslint-plugin', '@bookiji/remark-preset-operations', '@bookiji/proof', 'eslint', ...(project.typescript ? ['typescript-eslint'] : [])];
  const missing = tools.filter((name) => !(name in dependencies));
  return { project, changes, install: missing.length === 0 ? null : addDevCommand(project.packageManager, missing) };
}

function eslintChange(project: Project): Change {
  const path = ESLINT_CONFIGS.find((name) => existsSync(join(project.root, name)));
  if (path === undefined) return { path: 'eslint.config.mjs', action: 'create', detail: 'the contract rules (an ES module in any project)', text: eslintConfig(project) };
  const source = readFileSync(join(project.root, path), 'utf8');
  if (source.includes(PLUGIN)) return { path, action: 'keep', detail: `already uses ${PLUGIN}` };
  const manual: Change = {
    path,
    action: 'manual',
    detail: `could not add the rules to this config: import bookiji from '${PLUGIN}' and add bookiji.configs.recommended to the exported configs`,
  };
  try {
    const module = parseModule(source);
    const exported = module.exports.default as { $type?: string; push?: (value: unknown) => void; $args?: unknown[] } | undefined;
    const added = builders.raw('bookiji.configs.recommended');
    if (exported?.$type === 'array') exported.push?.(added);
    else if (exported?.$type === 'function-call' && Array.isArray(exported.$args)) exported.$args.push(added);
    else return manual;
    module.imports.$append({ from: PLUGIN, imported: 'default', local: 'bookiji' });
    return { path, action: 'update', detail: `added import of ${PLUGIN} and bookiji.configs.recommended at the end of the exported configs`, text: generateCode(module).code };
  } catch {
    return manual;
  }
}

function manifestChange(project: Project): Change {
  const scripts = project.manifest.scripts ?? {};
  const wanted: Record<string, string> = { 'docs-lint': 'docs-lint', proof: 'bookiji-proof' };
  const added = Object.keys(wanted).filter((name) => !(name in scripts));
  if (added.length === 0) return { path: 'package.json', action: 'keep', detail: 'already has the docs-lint and proof scripts' };
  const text = readFileSync(join(project.root, 'package.json'), 'utf8');
  const manifest = JSON.parse(text) as Record<string, unknown>;
  manifest.scripts = { ...scripts, ...Object.fromEntries(added.map((name) => [name, wanted[name]])) };
  const indent = /^\{\r?\n([ \t]+)/u.exec(text)?.[1] ?? '  ';
  return { path: 'package.json', action: 'update', detail: `added the scripts ${added.map((name) => `\`${name}\``).join(' and ')}`, text: `${JSON.stringify(manifest, null, indent)}\n` };
}

function gitignoreChange(project: Project): Change {
  const path = join(project.root, '.gitignore');
  if (!existsSync(path)) return { path: '.gitignore', action: 'create', detail: 'ignores node_modules/ and the proof reports/', text: 'node_modules/\nreports/\n' };
  const text = readFileSync(path, 'utf8');
  if (/^\/?reports\/?$/mu.test(text)) return { path: '.gitignore', action: 'keep', detail: 'already ignores reports/' };
  return { path: '.gitignore', action: 'update', detail: 'added reports/, where the proof writes its reports', text: `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}reports/\n` };
}

/** Carries out a plan's file changes. A file created since the plan was made is never overwritten. */
export function applyPlan(plan: Plan): void {
  for (const change of plan.changes) {
    if (change.text === undefined) continue;
    const path = join(plan.project.root, change.path);
    if (change.action === 'create') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, change.text, { flag: 'wx' });
    }
    else if (change.action === 'update') writeFileSync(path, change.text);
  }
}
