#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { layerMap } from './layer-map.js';
import { DEFAULT_CONTRACT_PATH } from './model.js';
import { findContractPath, readContract } from './read.js';
import { contractRoot } from './views.js';

const usage = `Usage: bookiji-contract [contract.md] [--json]

Parses the operational layers contract, reports its problems and prints the
layer map. Without a path, looks for ${DEFAULT_CONTRACT_PATH} from the current
folder upward.

Exit codes: 0 the contract is well-formed and every document it names exists;
1 it has problems; 2 usage error (including a path that cannot be read).`;

function main(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    process.stderr.write(`bookiji-contract: ${(error as Error).message}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write('bookiji-contract: expected at most one contract path\n');
    return 2;
  }
  const path = parsed.positionals[0] !== undefined ? resolve(parsed.positionals[0]) : findContractPath(process.cwd());
  if (path === null) {
    process.stderr.write(`bookiji-contract: no ${DEFAULT_CONTRACT_PATH} in this folder or any folder above it\n`);
    return 2;
  }
  const { contract, diagnostics } = readContract(path);
  const shown = relative(process.cwd(), path) || path;
  const unreadable = diagnostics.find((diagnostic) => diagnostic.ruleId === 'contract-unreadable');
  if (unreadable) {
    // A path that names no readable file is a mistake in the command, not a problem of the contract.
    process.stderr.write(`bookiji-contract: ${unreadable.message}\n`);
    return 2;
  }
  // Documents are named relative to the repository root, which holds docs/operations/.
  const root = contractRoot(path);
  const missing = contract.layers
    .filter((layer) => layer.status === 'active')
    .flatMap((layer) => layer.documentation.map((doc, index) => ({ layer, doc, at: layer.locations.documentation[index] })))
    .filter(({ doc }) => !existsSync(join(root, doc)));

  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify({ contract, diagnostics, missingDocuments: missing.map(({ doc }) => doc) }, null, 2)}\n`);
  } else {
    for (const d of diagnostics) process.stdout.write(`${shown}:${d.line}:${d.column}  ${d.ruleId}  ${d.message}\n`);
    for (const { layer, doc, at } of missing) {
      process.stdout.write(`${shown}:${at?.line ?? 1}:${at?.column ?? 1}  document-missing  Layer ${layer.number} names \`${doc}\`, which does not exist.\n`);
    }
    process.stdout.write(`${layerMap(contract, (doc) => (existsSync(join(root, doc)) ? 'present' : 'missing'))}\n`);
    const problems = diagnostics.length + missing.length;
    process.stdout.write(problems === 0 ? `${shown}: no problems\n` : `${shown}: ${problems} problem${problems === 1 ? '' : 's'}\n`);
  }
  return diagnostics.length + missing.length === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
