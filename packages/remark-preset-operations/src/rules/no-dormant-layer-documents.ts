import { relative } from 'node:path';
import type { Layer } from '@bookiji/contract';
import { toPosix } from '../context.js';
import type { Heading } from 'mdast';
import { fieldsIn, headings, plain, startOf, type Field } from '../markdown.js';
import { defineRule } from '../rule.js';

function kebab(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/gu, ' and ')
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-|-$/gu, '');
}

const tokensOf = new WeakMap<Layer, readonly string[]>();

/** The tokens of a layer of the (cached, unchanging) contract, worked out once rather than for every file. */
function tokensFor(layer: Layer): readonly string[] {
  let tokens = tokensOf.get(layer);
  if (!tokens) {
    tokens = layerTokens(layer);
    tokensOf.set(layer, tokens);
  }
  return tokens;
}

/** The names a path segment may use for a layer: `layer-4`, `layer4`, its name in kebab case and each `&` part. */
export function layerTokens(layer: Layer): string[] {
  const parts = layer.name.split('&').map((part) => kebab(part)).filter(Boolean);
  const full = kebab(layer.name);
  return [...new Set([`layer-${layer.number}`, `layer${layer.number}`, `layer_${layer.number}`, full, full.replace(/-and-/gu, '-'), ...parts])];
}

function segmentNames(segment: string, token: string): boolean {
  const normal = segment.toLowerCase().replace(/\.[a-z]+$/u, '').replace(/_/gu, '-');
  const padded = `-${normal}-`;
  return padded.includes(`-${token.replace(/_/gu, '-')}-`);
}

const numberPatterns = new Map<number, RegExp>();

function declaresLayer(text: string, layer: Layer): boolean {
  let pattern = numberPatterns.get(layer.number);
  if (!pattern) {
    pattern = new RegExp(`\\blayer\\s*${layer.number}\\b`, 'iu');
    numberPatterns.set(layer.number, pattern);
  }
  return pattern.test(text) || text.toLowerCase().includes(layer.name.toLowerCase());
}

/** No document under the contract's folder stands for a dormant layer: dormant layers exist only in the contract. */
export const noDormantLayerDocuments = defineRule('no-dormant-layer-documents', (tree, context, report) => {
  if (!context.isOperationsDocument || context.isContract) return;
  const dormant = context.contract.contract.layers.filter((layer) => layer.status === 'dormant');
  const segments = toPosix(relative(context.operationsDir, context.filePath)).split('/');
  let title: Heading | null | undefined;
  let layerFields: Field[] | undefined;
  for (const layer of dormant) {
    const byPath = segments.find((segment) => tokensFor(layer).some((token) => segmentNames(segment, token)));
    if (byPath) {
      report(`Unexpected document \`${context.relativePath}\` for dormant Layer ${layer.number} (${layer.name}): the contract says a dormant layer exists only as its definition in the contract`);
      continue;
    }
    title ??= headings(tree).find((heading) => heading.depth === 1) ?? null;
    layerFields ??= fieldsIn(tree.children).filter((field) => /^layers?$/iu.test(field.name));
    const declaration = layerFields.find((field) => declaresLayer(field.value, layer));
    if (declaration) {
      report(`Unexpected document for dormant Layer ${layer.number} (${layer.name}): it declares itself part of a layer that exists only as its definition in the contract`, declaration.point);
    } else if (title && declaresLayer(plain(title), layer)) {
      report(`Unexpected document for dormant Layer ${layer.number} (${layer.name}): its title claims a layer that exists only as its definition in the contract`, startOf(title));
    }
  }
});
