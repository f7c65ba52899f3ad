import { contractWellFormed } from './contract-well-formed.js';
import { documentSchema } from './document-schema.js';
import { noAutomationPhrases } from './no-automation-phrases.js';
import { noDormantLayerDocuments } from './no-dormant-layer-documents.js';
import { noOrphanDocuments } from './no-orphan-documents.js';
import { requiredDocuments } from './required-documents.js';
import { traceability } from './traceability.js';

/** Every rule of the preset, by rule id. */
export const rules = {
  'contract-well-formed': contractWellFormed,
  'required-documents': requiredDocuments,
  'no-dormant-layer-documents': noDormantLayerDocuments,
  'no-orphan-documents': noOrphanDocuments,
  'document-schema': documentSchema,
  traceability,
  'no-automation-phrases': noAutomationPhrases,
} as const;
