// One timed lint of the generated tree in a fresh process, as `eslint .` runs:
// prints the wall time and the problems each rule reported, as JSON.
const [variant, root] = process.argv.slice(2);
const started = performance.now();
const { ESLint } = await import('eslint');
const { configFor } = await import('./configs.mjs');
const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: configFor(variant, root) });
const results = await eslint.lintFiles(['packages']);
const ms = performance.now() - started;
// CPU time of this process, less sensitive than wall time to other work on a shared machine.
const { user, system } = process.cpuUsage();
const cpuMs = (user + system) / 1000;
const problems = {};
for (const result of results) {
  for (const message of result.messages) {
    const key = message.ruleId ?? 'fatal';
    problems[key] = (problems[key] ?? 0) + 1;
  }
}
process.stdout.write(JSON.stringify({ variant, ms, cpuMs, files: results.length, problems }));
