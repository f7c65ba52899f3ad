#!/usr/bin/env node
// A committed entry point, so package managers can link the bin before the first build.
try {
  await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/cli.js')) {
    process.stderr.write('create-operations: @bookiji/create-operations is not built; run `pnpm --filter @bookiji/create-operations build` first\n');
    process.exitCode = 2;
  } else throw error;
}
