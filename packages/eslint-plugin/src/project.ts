import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FsView } from './fs-view.js';
import { globMembership } from './membership.js';
import { projectFiles, sourceFile } from './project-files.js';
import { resolveImport } from './resolve.js';
import type { CompiledGlob, CompiledSettings } from './settings.js';
import { importSpecifiers } from './scan-imports.js';

/** How many imports each resolution problem affects, and how many files each glob conflict claims, across a project. */
export interface ProjectTally {
  readonly imports: ReadonlyMap<string, number>;
  readonly conflicts: ReadonlyMap<string, number>;
}

/** The key of a conflict between equally specific globs, whichever file shows it. */
export function conflictKey(conflict: readonly CompiledGlob[]): string {
  return conflict.map((glob) => `${glob.layer ?? 'unlayered'}:${glob.glob}`).join('\0');
}

/**
 * Counts, over every source file of the project under the settings' base,
 * the imports each resolution problem affects and the files each glob
 * conflict claims. Imports are read from the files' text and resolved as the
 * rules resolve them, in the same view, so what the rules resolved is not
 * resolved again. Done once per lint run, and only when there is a problem
 * to count for.
 */
export function tallyProject(settings: CompiledSettings, view: FsView): ProjectTally {
  return view.once(`tally\0${settings.key}`, () => {
    const imports = new Map<string, number>();
    const conflicts = new Map<string, number>();
    for (const file of projectFiles(settings.base, view)) {
      if (!sourceFile.test(file)) continue;
      const conflict = globMembership(file, settings)?.conflict ?? [];
      if (conflict.length > 0) conflicts.set(conflictKey(conflict), (conflicts.get(conflictKey(conflict)) ?? 0) + 1);
      const path = join(settings.base, file);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      for (const specifier of importSpecifiers(text, path)) {
        const { problem } = resolveImport(specifier, path, view);
        if (problem !== null) imports.set(problem.key, (imports.get(problem.key) ?? 0) + 1);
      }
    }
    return { imports, conflicts };
  });
}
