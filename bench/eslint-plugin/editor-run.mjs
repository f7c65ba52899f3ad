// The editor's path in one long-lived process: a new ESLint instance and a
// lintText with the file's path for every validation. Each file is linted
// twice without the plugin and twice with it, alternating, and the faster of
// each pair is kept, so a moment of load from other work does not count as
// the plugin's. Prints the per-file times (wall and CPU, ms) as JSON.
import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { configFor } from './configs.mjs';

const [root, ...files] = process.argv.slice(2);
async function lintOnce(variant, file, code) {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configFor(variant, root) });
  await eslint.lintText(code, { filePath: file });
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
}
const fastest = (a, b) => ({ wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });
const times = [];
for (const file of files) {
  const code = readFileSync(file, 'utf8');
  const without1 = await lintOnce('typescript-eslint', file, code);
  const with1 = await lintOnce('with-bookiji', file, code);
  const with2 = await lintOnce('with-bookiji', file, code);
  const without2 = await lintOnce('typescript-eslint', file, code);
  times.push({ without: fastest(without1, without2), with: fastest(with1, with2) });
}
process.stdout.write(JSON.stringify(times));
