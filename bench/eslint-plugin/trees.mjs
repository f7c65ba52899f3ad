// What the generated trees hold and how they map to layers, apart from the configs, so generating a tree loads no plugin.

/** The packages of the generated tree and their layers; both plugins get the same globs. */
export const packages = [
  { name: 'guards', layer: 0 },
  { name: 'incidents', layer: 1 },
  { name: 'changes', layer: 2 },
  { name: 'proof', layer: 3 },
];

/** The application tree's layer settings, as its team would write them: guards in Layer 0, incident pages in Layer 1, rollbacks in Layer 2, the rest in none. */
export const appSettings = {
  layers: { 0: ['apps/web/src/guards/**', 'packages/lib/src/guards/**'], 1: ['apps/web/src/app/admin/incidents/**'], 2: ['apps/web/src/server/rollbacks/**'] },
  unlayered: ['apps/**', 'packages/**'],
};
