import type { Pluggable, Processor } from 'unified';
import type { FileSet } from 'unified-engine';
import remarkPresetOperations from '../index.js';

const presetPlugins: readonly Pluggable[] = remarkPresetOperations.plugins ?? [];
const pluginOf = (entry: Pluggable) => (Array.isArray(entry) ? entry[0] : entry);
const own = new Set(presetPlugins.map(pluginOf));

/**
 * The preset, for a run whose configuration does not use it or any of its
 * rules: what unified-engine's `defaultConfig` does, which unified-args does
 * not expose. docs-lint gives it to unified-args as `--use`, so the preset's
 * plugins get the run's file set (links across documents), and a configuration
 * that lists the preset keeps its own settings (`[rules[id], false]`).
 */
export default function operationsPresetByDefault(this: Processor, _options?: unknown, fileSet?: FileSet): undefined {
  if (this.attachers.some(([attacher]) => own.has(attacher))) return undefined;
  for (const entry of presetPlugins) this.use(pluginOf(entry) as never, undefined, fileSet);
  return undefined;
}
