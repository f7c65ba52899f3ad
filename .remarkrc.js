// Configuration of the docs linter (docs-lint, remark-cli and editor integrations of remark).
import { readFileSync } from 'node:fs';
import remarkPresetOperations from '@bookiji/remark-preset-operations';

const data = (path) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const { documents } = data('./docs/lint/document-schemas.json');

// The runbook lists the proof's steps; the proof configuration is what runs, so the ids come from it.
let proofStepIds = [];
try {
  const { loadProofStepIds } = await import('@bookiji/proof/step-ids');
  proofStepIds = await loadProofStepIds(new URL('.', import.meta.url).pathname);
} catch (error) {
  throw new Error(`Cannot read the proof steps from proof.config.ts: ${error.message}`);
}

export default {
  plugins: [
    [
      remarkPresetOperations,
      {
        documents: documents.map((document) =>
          document.idList ? { ...document, idList: { ...document.idList, ids: proofStepIds } } : document,
        ),
        traceability: data('./docs/lint/traceability.json'),
      },
    ],
  ],
};
