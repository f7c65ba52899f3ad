import { defineRule } from '../rule.js';

/** Every diagnostic of the contract parser, at its line and column in the contract. */
export const contractWellFormed = defineRule('contract-well-formed', (_tree, context, report) => {
  if (!context.isContract) return;
  for (const diagnostic of context.contract.diagnostics) {
    report(`${diagnostic.message} (${diagnostic.ruleId})`, { line: diagnostic.line, column: diagnostic.column });
  }
});
