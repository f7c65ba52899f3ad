import { readdirSync, readFileSync } from 'node:fs';
const [variant, root, tree] = process.argv.slice(2);
const { ESLint } = await import('eslint');
const { configFor } = await import('./configs.mjs');
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await configFor(variant, root, tree) });
await eslint.lintFiles(tree === 'app' ? ['apps', 'packages'] : ['packages']);
const tick = 10; // ms per clock tick (USER_HZ 100)
let main = 0, other = 0; const names = {};
for (const tid of readdirSync('/proc/self/task')) {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const t = (Number(f[11]) + Number(f[12])) * tick;
  if (String(tid) === String(process.pid)) main += t; else { other += t; names[comm] = (names[comm] ?? 0) + t; }
}
const mem = process.memoryUsage();
console.log(variant.padEnd(18), 'main', main, 'other', other, JSON.stringify(names), 'rss', (mem.rss/1e6).toFixed(0), 'heap', (mem.heapUsed/1e6).toFixed(0));
