// Configuration of the docs linter (docs-lint, remark-cli and editor integrations of remark).
import { existsSync, readFileSync } from 'node:fs';
import remarkPresetOperations, { operationsOptions } from '@bookiji/remark-preset-operations';

/** A JSON file of docs/lint/, or undefined when the repository has none. */
const data = (path) => {
  const url = new URL(path, import.meta.url);
  if (!existsSync(url)) return undefined;
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read ${path}: ${error.message}`);
  }
};
const schemas = data('./docs/lint/document-schemas.json');
const traceability = data('./docs/lint/traceability.json');

// The runbook lists the proof's steps; the proof configuration is what runs, so the ids come from it.
let proofStepIds = [];
if (schemas?.documents.some((document) => document.idList)) {
  try {
    const { loadProofStepIds } = await import('@bookiji/proof/step-ids');
    proofStepIds = await loadProofStepIds(new URL('.', import.meta.url).pathname);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/')) {
      throw new Error('Cannot read the proof steps: @bookiji/proof is not built; run `npx pnpm build` first');
    }
    throw new Error(`Cannot read the proof steps from proof.config.ts: ${error.message}`);
  }
}

export default {
  plugins: [
    remarkPresetOperations,
    [
      operationsOptions,
      {
        ...(schemas
          ? { documents: schemas.documents.map((document) => (document.idList ? { ...document, idList: { ...document.idList, ids: proofStepIds } } : document)) }
          : {}),
        ...(traceability ? { traceability } : {}),
      },
    ],
  ],
};
