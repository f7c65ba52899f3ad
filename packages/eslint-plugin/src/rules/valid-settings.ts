import { dirname } from 'node:path';
import { createRule } from '../create-rule.js';
import { fileContext, knownLayers } from '../file-context.js';
import type { FileContext } from '../file-context.js';
import { importVisitors } from '../imports.js';
import type { ImportSite } from '../imports.js';
import { describeReason, relativePosix } from '../membership.js';
import { conflictKey, tallyProject } from '../project.js';
import { deadGlobs } from '../project-files.js';
import { extendsFix, importMapFix, importMapWords, unbuiltFix, unmappedWords } from '../summary.js';
import { importMapFor, importMapProblem, tsconfigFor, tsconfigProblem } from '../resolve.js';
import type { ResolutionProblem } from '../resolve.js';

type MessageId =
  | 'invalidSettings'
  | 'contractUnreadable'
  | 'contractMalformed'
  | 'contractNotDigested'
  | 'unknownSettingsLayer'
  | 'globMatchesNothing'
  | 'conflictingGlobs'
  | 'tsconfigExtends'
  | 'tsconfigUnreadable'
  | 'aliasNowhere'
  | 'workspaceNotLinked'
  | 'aliasUnmapped'
  | 'importMapUnreadable'
  | 'entryUnbuilt'
  | 'autoImportsMissing'
  | 'autoImportsUnreadable';

/**
 * What was reported for each configuration (ESLint's merged languageOptions,
 * one object per ESLint instance and config): each problem once per lint run,
 * and once per validation in the editor, whose server makes an ESLint
 * instance per validation.
 */
const reportedBy = new WeakMap<object, Set<string>>();
/** The settings whose whole-configuration checks ran for each configuration: after its first file, a file costs one lookup here. */
const checkedBy = new WeakMap<object, WeakSet<object>>();

export default createRule<[], MessageId>({
  name: 'valid-settings',
  meta: {
    type: 'problem',
    docs: {
      description: 'Report, once per configuration, what stops the layer rules from checking: the contract, settings.bookiji, and imports that cannot be followed',
      recommended: true,
    },
    schema: [],
    messages: {
      invalidSettings: 'Unexpected settings.bookiji: {{problem}}, expected settings that follow the schema in the README (the layer rules use the rest of the settings meanwhile).',
      contractUnreadable:
        'Unexpected missing or unreadable operational layers contract at `{{path}}` ({{reason}}), expected a readable contract: every layer rule reads which layers are dormant or human-only from it, and checks nothing without it.',
      contractMalformed:
        'Unexpected {{count}} problem(s) in the operational layers contract `{{path}}` (the first at line {{line}}, column {{column}}: {{message}}), expected a well-formed contract: `bookiji-layers explain <file>` lists every problem.',
      contractNotDigested:
        'Unexpected settings.bookiji.contract `{{contract}}` whose digest the config does not carry (it carries: {{digested}}), expected the settings given through `layerSettings()`: `eslint --cache` keys its results on the digest, and would keep them after `{{contract}}` changes.',
      unknownSettingsLayer:
        'Unexpected Layer {{layer}} in settings.bookiji.layers (glob `{{glob}}`), expected one of the contract\'s layers ({{known}}) in `{{contract}}`.',
      globMatchesNothing:
        'Unexpected glob `{{glob}}` in settings.bookiji.{{key}} that matches no file under `{{base}}`, expected each glob to match at least one file: check its spelling against `bookiji-layers summary`.',
      conflictingGlobs:
        'Unexpected equally specific globs of different layers ({{claims}}) that both claim this file and {{others}} other file(s), expected one layer per file: {{decided}} decides for now; make one of the globs more specific.',
      tsconfigExtends:
        'Unexpected tsconfig `{{tsconfig}}` whose `extends` (`{{extends}}`) cannot be found ({{reason}}), expected every tsconfig to resolve: its own `paths` still apply, but {{count}} import(s) from the project\'s files resolve to no file and go unchecked by the layer rules. {{fix}}',
      tsconfigUnreadable:
        'Unexpected tsconfig `{{tsconfig}}` that does not parse ({{reason}}), expected a readable tsconfig: its `paths` aliases do not apply, and {{count}} import(s) from the project\'s files resolve to no file and go unchecked by the layer rules.',
      aliasNowhere:
        'Unexpected path alias `{{alias}}` in `{{tsconfig}}` that resolves nowhere (no folder {{targets}}), expected its targets to exist: {{count}} import(s) use it and go unchecked by the layer rules; fix `paths` (or `baseUrl`) in that tsconfig.',
      aliasUnmapped:
        'Unexpected import `{{specifier}}`, which can name no package and which {{where}} maps, expected every alias mapped where the layer rules read it: {{count}} import(s) starting with `{{prefix}}` resolve to no file and go unchecked by the layer rules; map `{{prefix}}*` in `compilerOptions.paths` of the tsconfig.json or jsconfig.json nearest to the importing files (`tsconfig.json` first where a folder has both; the rules read it with what it extends and the projects it references){{orImports}}.',
      entryUnbuilt:
        'Unexpected import `{{specifier}}`, which package `{{name}}` (`{{folder}}`) maps to `{{entry}}`, a file that is not there and that no source file maps to, expected a file the layer rules can place: {{count}} such import(s) of the package are placed by the missing path alone, by a glob or folder name that matches it, or not at all. {{fix}}',
      importMapUnreadable:
        'Unexpected import map {{map}} that cannot be read ({{reason}}), expected an import map the rules can read: {{count}} import(s) it would map resolve to no file and go unchecked by the layer rules, and the automation rules do not see the packages it names. {{fix}}',
      autoImportsMissing:
        'Unexpected project `{{folder}}` that depends on `{{dependency}}`, which imports names into its files by itself, with none of their declarations ({{looked}}), expected them generated before linting: the layer rules cannot tell which module an auto-imported name comes from, so its uses go unchecked. {{writer}}; a `dts` of your own goes in `settings.bookiji.autoImports`.',
      autoImportsUnreadable:
        'Unexpected `settings.bookiji.autoImports` file `{{file}}` that cannot be read, expected the declarations of the names the build imports by itself: uses of those names go unchecked by the layer rules until it is there (a dev or build run writes it).',
      workspaceNotLinked:
        'Unexpected workspace package `{{name}}` that is not linked into `node_modules` (imported from `{{from}}`), expected it installed: the layer rules follow its {{count}} import(s) to `{{folder}}` through the workspace\'s manifest, but Node and TypeScript will not find it; run your package manager\'s install.',
    },
  },
  create(context) {
    const file = fileContext(context);
    const seen = (file.owner !== null ? reportedBy.get(file.owner) : undefined) ?? new Set<string>();
    if (file.owner !== null) reportedBy.set(file.owner, seen);
    const { settings } = file;
    /** Where the whole configuration's problems go: line 1, as a problem of the file would. */
    const top = { start: { line: 1, column: 0 }, end: { line: 1, column: 1 } };
    const once = (key: string): boolean => {
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    };
    const shown = (path: string): string => relativePosix(settings.base, path) ?? path;
    const count = (key: string, map: 'imports' | 'conflicts'): number => tallyProject(settings, file.view)[map].get(key) ?? 0;

    const reportResolution = (problem: ResolutionProblem, site: ImportSite | null): void => {
      if (!once(problem.key)) return;
      const where = site ?? { loc: top };
      // Counted over the files git knows; the import at hand counts even where git does not know its file.
      const imports = site === null ? count(problem.key, 'imports') : Math.max(1, count(problem.key, 'imports'));
      switch (problem.kind) {
        case 'tsconfig':
          if (problem.extends === null) context.report({ ...where, messageId: 'tsconfigUnreadable', data: { tsconfig: shown(problem.tsconfig), reason: problem.reason, count: imports } });
          else context.report({ ...where, messageId: 'tsconfigExtends', data: { tsconfig: shown(problem.tsconfig), extends: problem.extends, reason: problem.reason, count: imports, fix: extendsFix(problem.extends) } });
          return;
        case 'alias':
          context.report({ ...where, messageId: 'aliasNowhere', data: { alias: problem.alias, tsconfig: shown(problem.tsconfig), targets: problem.targets.map((target) => `\`${target}\``).join(' or ') || 'at all', count: imports } });
          return;
        case 'workspace':
          context.report({ ...where, messageId: 'workspaceNotLinked', data: { name: problem.name, from: shown(problem.from), folder: shown(problem.folder), count: imports } });
          return;
        case 'unmapped': {
          const { where: mappedBy, orImports } = unmappedWords(problem, shown);
          context.report({ ...where, messageId: 'aliasUnmapped', data: { specifier: problem.specifier, where: mappedBy, orImports, count: imports, prefix: problem.prefix } });
          return;
        }
        case 'import-map':
          context.report({ ...where, messageId: 'importMapUnreadable', data: { map: importMapWords(problem, shown), reason: problem.reason, count: imports, fix: importMapFix(problem) } });
          return;
        case 'unbuilt':
          context.report({ ...where, messageId: 'entryUnbuilt', data: { specifier: problem.specifier, name: problem.name, folder: shown(problem.folder), entry: shown(problem.entry), count: imports, fix: unbuiltFix } });
      }
    };

    const Program = (): void => {
      const checked = (file.owner !== null ? checkedBy.get(file.owner) : undefined) ?? new WeakSet<object>();
      if (file.owner !== null) checkedBy.set(file.owner, checked);
      if (!checked.has(settings)) {
        checked.add(settings);
        for (const problem of settings.problems) {
          if (once(`settings\0${settings.key}\0${problem}`)) context.report({ loc: top, messageId: 'invalidSettings', data: { problem } });
        }
        for (const glob of deadGlobs(settings, file.view)) {
          context.report({ loc: top, messageId: 'globMatchesNothing', data: { glob: glob.glob, key: glob.layer === null ? 'unlayered' : `layers.${glob.layer}`, base: settings.base } });
        }
      }
      // Files in other folders may find another contract: checked once per contract state.
      if (!checked.has(file.state)) {
        checked.add(file.state);
        checkContract(file);
      }
      // A folder's tsconfig and import map are the same for each of its files: looked at once per folder.
      const dir = dirname(file.diskFile);
      if (file.real && once(`folder\0${dir}`)) {
        for (const problem of [tsconfigProblem(tsconfigFor(dir, file.view)), importMapProblem(importMapFor(dir, file.view))]) {
          if (problem !== null) reportResolution(problem, null);
        }
        const autoImports = file.autoImports();
        if (autoImports?.missing && once(`auto-imports\0${autoImports.folder}`)) {
          context.report({ loc: top, messageId: 'autoImportsMissing', data: { folder: autoImports.folder === settings.base ? '.' : shown(autoImports.folder), dependency: autoImports.missing.dependency, looked: autoImports.missing.declarations.map((path) => `\`${path}\``).join(', '), writer: autoImports.missing.writer } });
        }
        for (const unreadable of autoImports?.unreadable ?? []) {
          if (once(`auto-imports-file\0${unreadable}`)) context.report({ loc: top, messageId: 'autoImportsUnreadable', data: { file: shown(unreadable) } });
        }
      }
      const { conflict } = file.membership;
      const decider = conflict[0];
      if (decider !== undefined && once(`conflict\0${conflictKey(conflict)}`)) {
        context.report({
          loc: top,
          messageId: 'conflictingGlobs',
          data: {
            claims: conflict.map((glob) => `\`${glob.glob}\` (${glob.layer === null ? 'unlayered' : `Layer ${glob.layer}`})`).join(', '),
            others: Math.max(0, count(conflictKey(conflict), 'conflicts') - 1),
            decided: describeReason(file.membership.reason),
          },
        });
      }
    };

    /** The contract and the settings as a whole, on the first file of the configuration. */
    function checkContract({ state, index }: FileContext): void {
      if (!state.ok) {
        if (once(`contract\0${settings.contract}`)) context.report({ loc: top, messageId: 'contractUnreadable', data: { path: state.path, reason: state.reason } });
        return;
      }
      if (index === null) return;
      const first = index.diagnostics[0];
      if (first && once(`contract-malformed\0${index.path}\0${index.digest}`)) {
        context.report({ loc: top, messageId: 'contractMalformed', data: { path: index.displayPath, count: index.diagnostics.length, line: first.line, column: first.column, message: first.message } });
      }
      if (settings.digested !== null && !settings.digested.includes(settings.contract) && once(`digest\0${settings.contract}`)) {
        context.report({ loc: top, messageId: 'contractNotDigested', data: { contract: settings.contract, digested: settings.digested.map((path) => `\`${path}\``).join(', ') || 'nothing' } });
      }
      for (const glob of settings.globs) {
        if (glob.layer !== null && !index.byNumber.has(glob.layer) && once(`layer\0${glob.layer}\0${glob.glob}`)) {
          context.report({ loc: top, messageId: 'unknownSettingsLayer', data: { layer: glob.layer, glob: glob.glob, known: knownLayers(index), contract: index.displayPath } });
        }
      }
    }

    // Not the auto-imported names: each one's path is worked out from a file that is there, with nothing to report here.
    const visitors = importVisitors((site, specifier) => {
      const { problem } = file.resolutionOf(specifier);
      if (problem !== null) reportResolution(problem, site);
    }, context, null);
    return { Program, ...visitors };
  },
});
