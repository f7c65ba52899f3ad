/**
 * The package's build: type declarations from the TypeScript compiler, code
 * from the bundler (see bundle.ts). dist/ is emptied first, so no file of an
 * earlier build outlives the module it came from.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { x } from 'tinyexec';
import { bundle, packageDir, thirdPartyNotices } from './bundle.js';

const dist = join(packageDir, 'dist');
rmSync(dist, { recursive: true, force: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = await x(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { throwOnError: false });
if (declarations.exitCode !== 0) {
  process.stderr.write(declarations.stdout + declarations.stderr);
  process.exit(declarations.exitCode ?? 1);
}

const { externalImports, packages } = await bundle({ outdir: dist });
if (externalImports.length > 0) {
  process.stderr.write(`The bundle imports modules it should contain: ${externalImports.join(', ')}\n`);
  process.exit(1);
}
writeFileSync(join(dist, 'THIRD-PARTY-NOTICES.md'), thirdPartyNotices(packages));
