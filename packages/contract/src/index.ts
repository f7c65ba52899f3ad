export { parseContract } from './parse.js';
export { readContract, parseContractBytes, findContractPath, contractDigest } from './read.js';
export { layerMap } from './layer-map.js';
export { contractRoot, layerOfName, layerOfPath, restrictionOf } from './views.js';
export { deepFreeze, fieldsOf, firstInvalidUtf8, isCalendarDate, parseMarkdown, plainText, point, pointAt, pointAtByte, pointsOf, remarkOperationsSyntax } from './conventions.js';
export { describeRefusal, MAX_CONTAINER_WORK, MAX_INLINE_WORK, MAX_NESTING, parseBounded, parseHazard, tooDeep } from './bounds.js';
export type { BoundedParse, ParseRefusal } from './bounds.js';
export type { Field } from './conventions.js';
export { DEFAULT_CONTRACT_PATH } from './model.js';
export type {
  Contract,
  ContractResult,
  ContractRuleId,
  Diagnostic,
  Dormancy,
  InteractionRule,
  Layer,
  LayerLocations,
  LayerStatus,
  Maintenance,
  OverviewRow,
  ParseOptions,
  Principle,
  SourcePoint,
} from './model.js';
