#!/usr/bin/env node
import { dirname } from 'node:path';
import { findContractPath } from '@bookiji/contract';
import { parseAheadOf } from './parse-ahead.js';

// A worker parses the documents while this thread loads the rest of the linter. The targets are only
// guessed here (arguments that are not flags, else the contract's folder); the engine finds the files.
const argv = process.argv.slice(2);
if (!argv.some((argument) => ['--help', '-h', '--version', '-v'].includes(argument))) {
  const given = argv.filter((argument) => !argument.startsWith('-'));
  const contract = given.length === 0 ? findContractPath(process.cwd()) : null;
  parseAheadOf(given.length > 0 ? given : contract ? [dirname(contract)] : []);
}
await import('./command.js');
