import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPackages } from '@manypkg/get-packages';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { x } from 'tinyexec';
import { repositoryRoot } from './root.js';

/**
 * Packs every published workspace package as pnpm would publish it, then runs
 * publint (strict) and arethetypeswrong (ESM-only profile) on the tarball.
 * Expects the packages to be built.
 */
async function main(): Promise<number> {
  const packages = (await getPackages(repositoryRoot)).packages.filter((pkg) => pkg.packageJson.private !== true);
  const packDir = mkdtempSync(join(tmpdir(), 'bookiji-pack-'));
  const attw = join(repositoryRoot, 'tools', 'repo-checks', 'node_modules', '.bin', 'attw');
  let failures = 0;
  try {
    for (const pkg of packages) {
      const { name } = pkg.packageJson;
      const { messages, pkg: manifest } = await publint({ pkgDir: pkg.dir, strict: true, pack: 'pnpm' });
      for (const message of messages) {
        process.stdout.write(`${name}: publint ${message.type}: ${formatMessage(message, manifest) ?? message.code}\n`);
      }
      if (messages.length > 0) {
        failures++;
        continue;
      }

      const packed = await x('pnpm', ['pack', '--pack-destination', packDir], { nodeOptions: { cwd: pkg.dir }, throwOnError: false });
      const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'));
      if (packed.exitCode !== 0 || tarball === undefined) {
        process.stdout.write(`${name}: pnpm pack failed\n${packed.stdout}${packed.stderr}\n`);
        failures++;
        continue;
      }
      const types = await x(attw, [join(packDir, tarball), '--profile', 'esm-only', '--format', 'ascii'], { throwOnError: false });
      rmSync(join(packDir, tarball));
      if (types.exitCode !== 0) {
        process.stdout.write(`${name}: arethetypeswrong found problems\n${types.stdout}${types.stderr}\n`);
        failures++;
      } else {
        process.stdout.write(`${name}: publint and arethetypeswrong (esm-only) clean\n`);
      }
    }
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
  process.stdout.write(`${packages.length - failures} of ${packages.length} packages clean\n`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
