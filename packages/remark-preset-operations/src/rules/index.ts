import { contractWellFormed } from './contract-well-formed.js';
import { documentSchema } from './document-schema.js';
import { noAutomationPhrases } from './no-automation-phrases.js';
import { noDormantLayerDocuments } from './no-dormant-layer-documents.js';
import { noOrphanDocuments } from './no-orphan-documents.js';
import { requiredDocuments } from './required-documents.js';
import { textDocument } from './text-document.js';
import { traceability } from './traceability.js';

/** Every remark-lint rule of the preset, by rule id (`lint-comment-reason` runs after message control and is exported apart). */
export const rules = {
  'text-document': textDocument,
  'contract-well-formed': contractWellFormed,
  'required-documents': requiredDocuments,
  'no-dormant-layer-documents': noDormantLayerDocuments,
  'no-orphan-documents': noOrphanDocuments,
  'document-schema': documentSchema,
  traceability,
  'no-automation-phrases': noAutomationPhrases,
} as const;
