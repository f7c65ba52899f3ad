import type { ErrorObject } from 'ajv';
import { validate } from './options-validator.js';

export interface HeadingSchema {
  readonly depth: number;
  readonly text?: string;
  readonly pattern?: string;
}

export interface ValuesFrom {
  readonly from: { readonly document: string; readonly under: string; readonly column: string };
}

export interface FieldSchema {
  readonly name: string;
  readonly under?: string;
  readonly values?: readonly string[] | ValuesFrom;
  readonly multiple?: boolean;
  readonly required?: boolean;
}

export interface TableSchema {
  readonly under: string;
  readonly columns: readonly string[];
  readonly rows?: { readonly column: string; readonly values: readonly string[] };
}

export interface EntriesSchema {
  readonly depth: number;
  readonly pattern: string;
  readonly order?: 'newest-first';
  readonly noFutureDates?: boolean;
  readonly minimum?: number;
  readonly fields?: readonly FieldSchema[];
}

export interface IdListSchema {
  readonly under: string;
  readonly ids: readonly string[];
}

export interface DocumentSchema {
  readonly path: string;
  readonly headings?: readonly HeadingSchema[];
  readonly tables?: readonly TableSchema[];
  readonly fields?: readonly FieldSchema[];
  readonly entries?: EntriesSchema;
  readonly idList?: IdListSchema;
}

export interface Traceability {
  readonly layers: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface Options {
  /** Path of the contract, relative to the working directory. Default: found from the file's folder upward. */
  readonly contract?: string;
  /** Globs, relative to the contract's folder, of documents the contract does not name but which may exist. */
  readonly allow?: readonly string[];
  /** Document schemas: the structure each document must have; or the path, relative to the working directory, of a JSON file `{ "documents": [ … ] }` that holds them. */
  readonly documents?: readonly DocumentSchema[] | string;
  /** The file that stands for a document the contract names, by the path the contract gives: `{ "docs/operations/ROLLBACKS.md": "docs/runbooks/rollback.md" }`. Repository-relative. */
  readonly documentPaths?: Readonly<Record<string, string>>;
  /** Which heading covers each scope item of each active layer. */
  readonly traceability?: Traceability;
  /** Regular expressions (source text) of prose that prescribes automation. */
  readonly automationPhrases?: readonly string[];
  /** The date against which future dates are judged, `YYYY-MM-DD`. Default: `SOURCE_DATE_EPOCH`'s date, else today (UTC). */
  readonly today?: string;
}

export const defaultAllow: readonly string[] = ['incidents/postmortems/*.md'];

export const defaultAutomationPhrases: readonly string[] = [
  String.raw`\bautomatic(?:ally)?\s+(?:roll(?:s|ed|ing)?[\s-]*back|rollbacks?|approv\w*|declar\w*|escalat\w*|pag(?:e|es|ed|ing)|deploy\w*|revert\w*|resolv\w*|clos(?:e|es|ed|ing)|remediat\w*|restart\w*|promot\w*|merg\w*|releas\w*|flip\w*|engag\w*)`,
  String.raw`\bauto[- ]?(?:approv\w*|rollbacks?|roll[- ]?back\w*|remediat\w*|escalat\w*|merg\w*|deploy\w*|resolv\w*|revert\w*)`,
  String.raw`\b(?:the|a|our)\s+bot\s+(?:will|would|can|should|must|pages?|approves?|rolls?|decides?|declares?|escalates?)\b`,
  String.raw`\bwithout\s+(?:a\s+|any\s+)?human\s+(?:approval|review|intervention|decision|involvement)`,
  String.raw`\bno\s+human\s+(?:is\s+)?(?:needed|required|involved)\b`,
  String.raw`\b(?:cron|scheduled)\s+job\s+(?:will|that)\s+(?:roll|approv|declar|escalat|page|deploy|revert)\w*`,
];

export class OperationsConfigurationError extends Error {
  override readonly name = 'OperationsConfigurationError';
}

/** `/documents/2/tables/0` as `documents[2].tables[0]`. */
function optionPath(pointer: string, ...more: string[]): string {
  const parts = [...pointer.split('/').slice(1).map((part) => part.replace(/~1/gu, '/').replace(/~0/gu, '~')), ...more];
  return parts.reduce((path, part) => (/^\d+$/u.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
}

/** The error to show: the deepest one, as the alternative of a `oneOf` that got furthest explains the mistake best. */
function deepest(errors: readonly ErrorObject[]): ErrorObject {
  return [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0]!;
}

function describe(errors: readonly ErrorObject[]): string {
  const error = deepest(errors);
  const { keyword, params, instancePath, message } = error!;
  const named = (path: string, text: string) => (path === '' ? `Invalid options: ${text}` : `Invalid option \`${path}\`: ${text}`);
  if (keyword === 'required') return named(optionPath(instancePath, String(params.missingProperty)), 'required');
  if (keyword === 'additionalProperties') return named(optionPath(instancePath, String(params.additionalProperty)), 'unknown option');
  if (error!.propertyName !== undefined) return named(optionPath(instancePath, error!.propertyName), `property name ${message}`);
  return named(optionPath(instancePath), message ?? keyword);
}

/** Flags the automation phrases are compiled with: case-insensitive without Unicode case folding, which makes matching them on every paragraph many times slower. */
export const AUTOMATION_PHRASE_FLAGS = 'gi';

/** Every regular expression of the options, where it is, and the flags it is used with. */
function regularExpressions(options: Options): [path: string, source: string, flags: string][] {
  return [
    ...(options.automationPhrases ?? []).map((pattern, index): [string, string, string] => [`automationPhrases[${index}]`, pattern, AUTOMATION_PHRASE_FLAGS]),
    ...(Array.isArray(options.documents) ? (options.documents as readonly DocumentSchema[]) : []).flatMap((document, index) => [
      ...(document.headings ?? []).flatMap((heading, h): [string, string, string][] => (heading.pattern === undefined ? [] : [[`documents[${index}].headings[${h}].pattern`, heading.pattern, 'u']])),
      ...(document.entries ? [[`documents[${index}].entries.pattern`, document.entries.pattern, 'u'] as [string, string, string]] : []),
    ]),
  ];
}

/**
 * Validates document schemas read from a file; null when they are valid, else
 * the mistake, with the JSON pointer (within the array) of the value it is at,
 * and for an unknown property, its name.
 */
export function validateDocumentSchemas(documents: unknown): { pointer: string; property?: string; message: string } | null {
  if (!Array.isArray(documents)) return { pointer: '', message: 'Invalid `documents`: must be array' };
  if (!validate({ documents })) {
    const error = deepest(validate.errors ?? []);
    const pointer = error.instancePath.replace(/^\/documents/u, '');
    const property = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
    return { pointer, ...(property ? { property } : {}), message: describe(validate.errors ?? []).replace(/^Invalid option /u, 'Invalid schema ') };
  }
  for (const [path, pattern, flags] of regularExpressions({ documents })) {
    try {
      new RegExp(pattern, flags);
    } catch (error) {
      const pointer = `/${path.replace(/^documents\[(\d+)\]/u, '$1').replace(/\[(\d+)\]/gu, '/$1').replace(/\./gu, '/')}`;
      return { pointer, message: `Invalid schema \`${path}\`: ${(error as Error).message}` };
    }
  }
  return null;
}

/** Validates preset options; a mistake is a configuration error naming the option. */
export function validateOptions(raw: unknown): Options {
  const value = raw ?? {};
  if (!validate(value)) throw new OperationsConfigurationError(describe(validate.errors ?? []));
  const options = value as Options;
  for (const [path, pattern, flags] of regularExpressions(options)) {
    try {
      new RegExp(pattern, flags);
    } catch (error) {
      throw new OperationsConfigurationError(`Invalid option \`${path}\`: ${(error as Error).message}`);
    }
  }
  return options;
}
