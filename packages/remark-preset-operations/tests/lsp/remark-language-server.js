#!/usr/bin/env node
// remark-language-server's entry point, as its package ships it: the language server editors
// start for remark (the npm registry this repository installs from does not serve that package,
// so the test runs its few lines on unified-language-server, which it wraps).
import process from 'node:process';
import { remark } from 'remark';
import { createUnifiedLanguageServer } from 'unified-language-server';

process.title = 'remark-language-server';

createUnifiedLanguageServer({
  configurationSection: 'remark',
  defaultProcessor: remark,
  ignoreName: '.remarkignore',
  packageField: 'remarkConfig',
  pluginPrefix: 'remark',
  processorName: 'remark',
  processorSpecifier: 'remark',
  rcName: '.remarkrc',
});
