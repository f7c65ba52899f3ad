import { check, formatPath, type JsonSchema } from './json-schema.js';

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
  /** Document schemas: the structure each document must have. */
  readonly documents?: readonly DocumentSchema[];
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

const field: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, description: 'The bold label, without the colon.' },
    under: { type: 'string', minLength: 1, description: 'Only look for the field under this heading.' },
    values: {
      description: 'Allowed values: a list, or the cells of a column of a table in another document.',
      oneOf: [
        { type: 'array', items: { type: 'string' }, minItems: 1 },
        {
          type: 'object',
          additionalProperties: false,
          required: ['from'],
          properties: {
            from: {
              type: 'object',
              additionalProperties: false,
              required: ['document', 'under', 'column'],
              properties: { document: { type: 'string' }, under: { type: 'string' }, column: { type: 'string' } },
            },
          },
        },
      ],
    },
    multiple: { type: 'boolean', description: 'The value may list several values separated by commas.' },
    required: { type: 'boolean', description: 'Whether the field must be present (default true).' },
  },
};

/** JSON Schema of the options; `additionalProperties: false` throughout, so a misspelt option is reported. */
export const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    contract: { type: 'string', minLength: 1 },
    allow: { type: 'array', items: { type: 'string', minLength: 1 } },
    today: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    automationPhrases: { type: 'array', items: { type: 'string', minLength: 1 } },
    traceability: {
      type: 'object',
      additionalProperties: false,
      required: ['layers'],
      properties: {
        layers: {
          type: 'object',
          propertyNames: { pattern: '^\\d+$' },
          additionalProperties: { type: 'object', additionalProperties: { type: 'string', pattern: '^[^#]+#.+$' } },
        },
      },
    },
    documents: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1 },
          headings: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['depth'],
              oneOf: [{ required: ['text'] }, { required: ['pattern'] }],
              properties: { depth: { type: 'integer', minimum: 1, maximum: 6 }, text: { type: 'string' }, pattern: { type: 'string' } },
            },
          },
          tables: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['under', 'columns'],
              properties: {
                under: { type: 'string', minLength: 1 },
                columns: { type: 'array', items: { type: 'string' }, minItems: 1 },
                rows: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['column', 'values'],
                  properties: { column: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } },
                },
              },
            },
          },
          fields: { type: 'array', items: field },
          entries: {
            type: 'object',
            additionalProperties: false,
            required: ['depth', 'pattern'],
            properties: {
              depth: { type: 'integer', minimum: 1, maximum: 6 },
              pattern: { type: 'string' },
              order: { enum: ['newest-first'] },
              noFutureDates: { type: 'boolean' },
              minimum: { type: 'integer', minimum: 0 },
              fields: { type: 'array', items: field },
            },
          },
          idList: {
            type: 'object',
            additionalProperties: false,
            required: ['under', 'ids'],
            properties: { under: { type: 'string', minLength: 1 }, ids: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
    },
  },
};

const validated = new WeakSet<object>();

/** Validates preset options; a mistake is a configuration error naming the option. */
export function validateOptions(raw: unknown): Options {
  // unified-engine builds a processor per file with the same options object: check it once.
  if (typeof raw === 'object' && raw !== null && validated.has(raw)) return raw as Options;
  const value = raw ?? {};
  const problem = check(optionsSchema, value);
  if (problem) {
    const path = formatPath(problem.path);
    throw new OperationsConfigurationError(path === '' ? `Invalid options: ${problem.message}` : `Invalid option \`${path}\`: ${problem.message}`);
  }
  const options = value as Options;
  const patterns: [string, string][] = [
    ...(options.automationPhrases ?? []).map((pattern, index): [string, string] => [`automationPhrases[${index}]`, pattern]),
    ...(options.documents ?? []).flatMap((document, index) => [
      ...(document.headings ?? []).flatMap((heading, h): [string, string][] =>
        heading.pattern === undefined ? [] : [[`documents[${index}].headings[${h}].pattern`, heading.pattern]],
      ),
      ...(document.entries ? [[`documents[${index}].entries.pattern`, document.entries.pattern] as [string, string]] : []),
    ]),
  ];
  for (const [path, pattern] of patterns) {
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      throw new OperationsConfigurationError(`Invalid option \`${path}\`: ${(error as Error).message}`);
    }
  }
  validated.add(options);
  return options;
}
