import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import bookiji from '@bookiji/eslint-plugin';
const root = process.cwd() + '/bench/.work/eslint-plugin';
const files = [];
for (const pkg of ['incidents']) for (const d of readdirSync(join(root, 'packages', pkg, 'src'))) for (const f of readdirSync(join(root, 'packages', pkg, 'src', d))) files.push(join(root, 'packages', pkg, 'src', d, f));
const settings = { settings: { bookiji: { root, layers: { 0: ['packages/guards/**'], 1: ['packages/incidents/**'], 2: ['packages/changes/**'], 3: ['packages/proof/**'] } } } };
const rules = (names) => Object.fromEntries(names.map((n) => [`@bookiji/${n}`, 'error']));
const variants = {
  base: () => [...tseslint.configs.recommended],
  registered: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji } }, settings],
  getter: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji } }, bookiji.configs.recommended, settings].map((c, i) => i === tseslint.configs.recommended.length + 1 ? { ...c, rules: {} } : c),
  r1: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji }, rules: rules(['no-dormant-layer-code']) }, settings],
  r12: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji }, rules: rules(['no-dormant-layer-code', 'no-dormant-layer-import']) }, settings],
  r123: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji }, rules: rules(['no-dormant-layer-code', 'no-dormant-layer-import', 'layer-boundaries']) }, settings],
  r4: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji }, rules: rules(['no-background-execution']) }, settings],
  r5: () => [...tseslint.configs.recommended, { plugins: { '@bookiji': bookiji }, rules: rules(['no-automated-decision']) }, settings],
  all: () => [...tseslint.configs.recommended, bookiji.configs.recommended, settings],
};
const result = {};
for (const name of Object.keys(variants)) result[name] = [];
for (let i = 0; i < 40; i++) {
  const file = files[(i * 11) % files.length];
  const code = readFileSync(file, 'utf8');
  for (const [name, make] of Object.entries(variants)) {
    let best = Infinity;
    for (let k = 0; k < 5; k++) {
      const c = process.cpuUsage();
      const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: make() });
      await eslint.lintText(code, { filePath: file });
      const u = process.cpuUsage(c); best = Math.min(best, (u.user + u.system) / 1000);
    }
    result[name].push(best);
  }
}
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const base = result.base.slice(5);
for (const [name, t] of Object.entries(result)) console.log(name.padEnd(10), med(t.slice(5)).toFixed(2), 'added', med(t.slice(5).map((v, i) => v - base[i])).toFixed(3));
