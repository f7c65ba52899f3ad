import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import type { ESLint, Linter } from 'eslint';
import { DEFAULT_CONTRACT_PATH } from '@bookiji/contract';
import { digestFrom } from './contract-state.js';
import { SETTINGS_KEY, SettingsError, settingsProblems } from './settings.js';
import type { LayerSettings } from './settings.js';
import layerBoundaries from './rules/layer-boundaries.js';
import noAutomatedDecision from './rules/no-automated-decision.js';
import noBackgroundExecution from './rules/no-background-execution.js';
import noDormantLayerCode from './rules/no-dormant-layer-code.js';
import noDormantLayerImport from './rules/no-dormant-layer-import.js';
import requireLayerDeclaration from './rules/require-layer-declaration.js';
import validSettings from './rules/valid-settings.js';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** The prefix of the plugin's rules in a config: `@bookiji/no-dormant-layer-code`. */
export const namespace = '@bookiji';

export const rules = {
  'no-dormant-layer-code': noDormantLayerCode,
  'no-dormant-layer-import': noDormantLayerImport,
  'layer-boundaries': layerBoundaries,
  'no-background-execution': noBackgroundExecution,
  'no-automated-decision': noAutomatedDecision,
  'require-layer-declaration': requireLayerDeclaration,
  'valid-settings': validSettings,
} satisfies Record<string, TSESLint.RuleModule<string, readonly unknown[]>>;

export type RuleName = keyof typeof rules;

/**
 * The plugin as a config file sees it, in the types of the ESLint the
 * project has installed (9 or 10): `defineConfig`, `Linter.Config[]` and
 * typescript-eslint's `config()` take the plugin and its configs as they
 * are. The rules' own types are typescript-eslint's: the `rules` export.
 */
export interface BookijiPlugin extends ESLint.Plugin {
  readonly meta: { readonly name: string; readonly version: string; readonly namespace: string };
  readonly rules: NonNullable<ESLint.Plugin['rules']>;
  readonly configs: { readonly recommended: Linter.Config; readonly strict: Linter.Config };
}

function buildRuleEntries(strict: boolean): Linter.RulesRecord {
  const entries: Linter.RulesRecord = {};
  for (const [name, rule] of Object.entries(rules)) {
    if (strict || rule.meta.docs?.recommended === true) entries[`${namespace}/${name}`] = 'error';
  }
  return entries;
}

const recommendedRules = buildRuleEntries(false);
const strictRules = buildRuleEntries(true);

/** A copy for each config read, so a change to one config's rules leaves the others alone. */
function ruleEntries(strict: boolean): Linter.RulesRecord {
  return { ...(strict ? strictRules : recommendedRules) };
}

const configs = {} as { recommended: Linter.Config; strict: Linter.Config };

const plugin: BookijiPlugin = {
  meta: { name: manifest.name, version: manifest.version, namespace },
  // The same objects: typescript-eslint's rule types and ESLint's describe their context and listeners each in their own words.
  rules: rules as unknown as NonNullable<ESLint.Plugin['rules']>,
  configs,
};

/**
 * The configs are built when read, so each carries the digest of the contract
 * at the default path as it is now, found from the working directory upward
 * as ESLint finds its config: `eslint --cache` keys results on the config, and
 * a contract change must invalidate them. Settings that name another contract
 * carry its digest through `layerSettings()`.
 */
function defineConfigGetter(name: 'recommended' | 'strict'): void {
  Object.defineProperty(configs, name, {
    enumerable: true,
    get: (): Linter.Config => ({
      name: `${namespace}/${name}`,
      plugins: { [namespace]: plugin },
      rules: ruleEntries(name === 'strict'),
      settings: { [SETTINGS_KEY]: { contractDigests: { [DEFAULT_CONTRACT_PATH]: digestFrom(process.cwd(), DEFAULT_CONTRACT_PATH) } } },
    }),
  });
}
defineConfigGetter('recommended');
defineConfigGetter('strict');

/**
 * A config that holds `settings.bookiji` with the digest of the contract they
 * name (`contract`, looked for from `root` upward, or the working directory),
 * so `eslint --cache` results change when that contract does. Invalid settings
 * throw, as they would when ESLint applies them.
 */
export function layerSettings(settings: Omit<LayerSettings, 'contractDigests'> = {}): Linter.Config {
  const problems = settingsProblems(settings);
  if (problems.length > 0) throw new SettingsError(`Invalid settings for @bookiji/eslint-plugin: ${problems.join('; ')}.`);
  const contract = settings.contract ?? DEFAULT_CONTRACT_PATH;
  const from = resolve(process.cwd(), settings.root ?? '.');
  return {
    name: `${namespace}/settings`,
    settings: { [SETTINGS_KEY]: { ...settings, contractDigests: { [contract]: digestFrom(from, contract) } } },
  };
}

export default plugin;
/** Also named, so tools that load the module namespace rather than its default export find the plugin's parts. */
export const { meta } = plugin;
export { configs };
export type { LayerSettings } from './settings.js';
export { explainFile } from './explain.js';
export type { Explanation } from './explain.js';
