/**
 * Adopting the packages as a new user would, against a real registry: the
 * workspace is published to a local Verdaccio with the release workflow's own
 * command, then fresh npm, pnpm and yarn projects install `@bookiji/*` by name
 * and run every README's adoption steps, as the READMEs write them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry, type Registry } from '../src/registry.js';
import { adoptionSnippets, commandsFor, type Manager } from '../src/snippets.js';
import { publishedPackages, repositoryRoot } from '../src/workspace.js';

/** The READMEs, in the order a new user meets them: the initializer first, then each tool. */
const READMES = [
  'packages/create-operations/README.md',
  'packages/contract/README.md',
  'packages/eslint-plugin/README.md',
  'packages/remark-preset-operations/README.md',
  'tools/proof/README.md',
  'packages/guards/README.md',
];

const work = mkdtempSync(join(tmpdir(), 'adoption-'));
const bin = join(work, 'bin');
let registry: Registry;

/** Everything a child process inherits, without what this test's own package manager set for it. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/^(?:npm_|pnpm_|PNPM_|YARN_|VITEST|TURBO_|INIT_CWD|NODE_OPTIONS|CI$)/iu.test(name)) continue;
    env[name] = value;
  }
  return {
    ...env,
    // Only Node and the three package managers: a command the project did not install must not be found elsewhere.
    PATH: [bin, dirname(process.execPath)].join(delimiter),
    HOME: join(work, 'home'),
    npm_config_cache: join(work, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_yes: 'true',
    YARN_CACHE_FOLDER: join(work, 'yarn-cache'),
    NO_COLOR: '1',
    ...extra,
  };
}

function run(command: string, cwd: string, env: NodeJS.ProcessEnv): { status: number | null; output: string } {
  const result = spawnSync('/bin/sh', ['-c', command], { cwd, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  mkdirSync(bin, { recursive: true });
  mkdirSync(join(work, 'home'), { recursive: true });
  // The package managers by their own entry points: pnpm is the workspace's, yarn classic this package's.
  const commands: Record<string, string> = {
    npm: `exec ${JSON.stringify(join(dirname(process.execPath), 'npm'))} "$@"`,
    npx: `exec ${JSON.stringify(join(dirname(process.execPath), 'npx'))} "$@"`,
    pnpm: `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(realpathSync(join(repositoryRoot, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs')))} "$@"`,
    yarn: `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(createRequire(import.meta.url).resolve('yarn/bin/yarn.js'))} "$@"`,
  };
  for (const [name, body] of Object.entries(commands)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }

  const build = spawnSync(join(repositoryRoot, 'node_modules', '.bin', 'turbo'), ['run', 'build', '--output-logs=errors-only', ...publishedPackages().map((pkg) => `--filter=${pkg.name}`)], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);

  registry = await startRegistry(join(work, 'registry'));
  const userconfig = join(work, 'publish.npmrc');
  writeFileSync(userconfig, `//${new URL(registry.url).host}/:_authToken=${registry.token}\n`);
  // The release workflow's command (`pnpm release`, which is `changeset publish`); no git tags from a test.
  const publish = spawnSync(join(repositoryRoot, 'node_modules', '.bin', 'pnpm'), ['release', '--no-git-tag'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(repositoryRoot, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, npm_config_registry: registry.url, npm_config_userconfig: userconfig },
  });
  if (publish.status !== 0) throw new Error(`changeset publish failed:\n${publish.stdout}${publish.stderr}`);
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the published packages', () => {
  it('are all in the registry, at the workspace versions', async () => {
    for (const pkg of publishedPackages()) {
      const response = await fetch(`${registry.url}${pkg.name.replace('/', '%2f')}`);
      expect(response.status, pkg.name).toBe(200);
      const body = (await response.json()) as { versions: Record<string, { dependencies?: Record<string, string> }> };
      const published = body.versions[pkg.version];
      expect(published, `${pkg.name}@${pkg.version}`).toBeDefined();
      // `workspace:^` was rewritten to a range a registry understands.
      for (const range of Object.values(published?.dependencies ?? {})) expect(range).not.toMatch(/^workspace:/u);
    }
  });
});

const init: Record<Manager, string> = { npm: 'npm init -y', pnpm: 'pnpm init', yarn: 'yarn init -y' };

describe.each(['npm', 'pnpm', 'yarn'] as const)('a fresh %s project next door', (manager) => {
  it('adopts every package by name from its README', () => {
    const dir = join(work, `${manager}-project`);
    mkdirSync(join(dir, 'src'), { recursive: true });
    const env = cleanEnvironment({ YARN_GLOBAL_FOLDER: join(work, `${manager}-yarn-global`), PREFIX: join(work, `${manager}-prefix`) });
    const started = Date.now();
    const log: string[] = [];
    const step = (command: string) => {
      const result = run(command, dir, env);
      log.push(`$ ${command}\n${result.output}`);
      expect(result.status, `\`${command}\` in the ${manager} project:\n${result.output}`).toBe(0);
    };
    step(init[manager]);
    // Only the `@bookiji` scope comes from the local registry; everything else from the usual one. In the
    // project's .npmrc, as a team commits it; yarn's `create` installs outside the project and reads the user's.
    writeFileSync(join(dir, '.npmrc'), `@bookiji:registry=${registry.url}\n`);
    writeFileSync(join(work, 'home', '.npmrc'), `@bookiji:registry=${registry.url}\n`);
    writeFileSync(join(dir, 'src', 'index.js'), "export function book(slot) {\n  return { slot, status: 'held' };\n}\n");
    step('git init -q && git config user.name "Ada Adopter" && git config user.email ada@example.com');

    for (const readme of READMES) {
      for (const snippet of adoptionSnippets(join(repositoryRoot, readme))) {
        if (snippet.kind === 'file') {
          mkdirSync(dirname(join(dir, snippet.path)), { recursive: true });
          writeFileSync(join(dir, snippet.path), snippet.text);
          log.push(`# wrote ${snippet.path} from ${readme}:${snippet.line}`);
        } else {
          for (const command of commandsFor(snippet.commands, manager)) step(command);
        }
      }
      if (readme === READMES[0]) log.push(`# set up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    expect(existsSync(join(dir, 'node_modules', '@bookiji', 'eslint-plugin', 'package.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
    expect(Object.keys(manifest.devDependencies ?? {})).toEqual(expect.arrayContaining(['@bookiji/eslint-plugin', '@bookiji/remark-preset-operations', '@bookiji/proof']));
    console.log(`${manager}: every README adoption step passed in ${((Date.now() - started) / 1000).toFixed(1)} s\n${log.filter((line) => line.startsWith('# set up')).join('\n')}`);
  }, 900_000);
});
