// One timed lint of the generated tree in a fresh process, as `eslint .` runs:
// prints the wall and CPU time and the problems each rule reported, as JSON.
// With `stats`, ESLint also times every rule (what TIMING=all prints): that
// wraps each listener call in two clock reads, which costs the rules with the
// most listener calls most, so the timed runs go without it.
const [variant, root, tree = 'packages', stats = ''] = process.argv.slice(2);
const started = performance.now();
const { ESLint } = await import('eslint');
const { configFor } = await import('./configs.mjs');
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: await configFor(variant, root, tree), stats: stats === 'stats' });
const results = await eslint.lintFiles(tree === 'app' ? ['apps', 'packages'] : ['packages']);
const ms = performance.now() - started;
// CPU time of this process, less sensitive than wall time to other work on a shared machine.
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
const problems = {};
// Time ESLint spent per rule (create and listeners) and parsing, summed over files, in ms.
const ruleMs = {};
let parseMs = 0;
for (const result of results) {
  for (const pass of result.stats?.times.passes ?? []) {
    parseMs += pass.parse.total;
    for (const [rule, time] of Object.entries(pass.rules ?? {})) ruleMs[rule] = (ruleMs[rule] ?? 0) + time.total;
  }
  for (const message of result.messages) {
    const key = message.ruleId ?? 'fatal';
    problems[key] = (problems[key] ?? 0) + 1;
  }
}
process.stdout.write(JSON.stringify({ variant, ms, cpuMs, parseMs, ruleMs, files: results.length, problems }));
