import type { SchemaObject } from 'ajv';

/** The JSON Schema of the preset's options, compiled by options-validator.ts (ahead of time in the built package). */

const nonEmpty = { type: 'string', minLength: 1 } as const;

const field: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { ...nonEmpty, description: 'The bold label, without the colon.' },
    under: { ...nonEmpty, description: 'Only look for the field under this heading.' },
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
              properties: {
                document: { type: 'string', description: 'Repository-relative path of the document that holds the table.' },
                under: { type: 'string', description: 'The heading the table is under.' },
                column: { type: 'string', description: 'The column whose cells are the allowed values.' },
              },
            },
          },
        },
      ],
    },
    multiple: { type: 'boolean', description: 'The value may list several values separated by commas.' },
    required: { type: 'boolean', description: 'Whether the field must be present (default true).' },
  },
};

const heading: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['depth'],
  oneOf: [{ required: ['text'] }, { required: ['pattern'] }],
  properties: {
    depth: { type: 'integer', minimum: 1, maximum: 6, description: 'The heading level.' },
    text: { type: 'string', description: 'The heading text (trimmed, case-insensitive).' },
    pattern: { type: 'string', description: 'A regular expression the heading text matches.' },
  },
};

/** JSON Schema of the options; `additionalProperties: false` throughout, so a misspelt option is reported. */
export const optionsSchema: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    contract: { ...nonEmpty, description: 'Path of the contract, relative to the working directory.' },
    allow: { type: 'array', items: nonEmpty, description: 'Globs, relative to the contract’s folder, of files the contract need not name.' },
    today: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The date future entries are judged against.' },
    automationPhrases: { type: 'array', items: nonEmpty, description: 'Regular expressions of prose that prescribes automation.' },
    traceability: {
      type: 'object',
      additionalProperties: false,
      required: ['layers'],
      description: 'Which heading covers each scope item of each active layer.',
      properties: {
        layers: {
          type: 'object',
          propertyNames: { pattern: '^\\d+$' },
          additionalProperties: { type: 'object', additionalProperties: { type: 'string', pattern: '^[^#]+#.+$' } },
          description: 'By layer number, by scope item: `<path>.md#<anchor>`.',
        },
      },
    },
    documentPaths: {
      type: 'object',
      description: 'The file that stands for a document the contract names, by the path the contract gives; both repository-relative.',
      propertyNames: { minLength: 1 },
      additionalProperties: nonEmpty,
    },
    documents: {
      description: 'Document schemas: the structure each document must have; or the path of a JSON file `{ "documents": [...] }` that holds them.',
      oneOf: [nonEmpty, { $ref: '#/definitions/documents' }],
    },
  },
  definitions: {
    documents: {
      type: 'array',
      description: 'Document schemas: the structure each document must have.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: {
          path: { ...nonEmpty, description: 'Repository-relative path, or a glob.' },
          headings: { type: 'array', items: heading, description: 'Required headings, in order.' },
          tables: {
            type: 'array',
            description: 'Tables required under headings.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['under', 'columns'],
              properties: {
                under: { ...nonEmpty, description: 'The heading the table is under.' },
                columns: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'The first columns, in order.' },
                rows: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['column', 'values'],
                  description: 'A column that holds these values, in order.',
                  properties: { column: { type: 'string' }, values: { type: 'array', items: { type: 'string' } } },
                },
              },
            },
          },
          fields: { type: 'array', items: field, description: '`**Name**: value` fields.' },
          entries: {
            type: 'object',
            additionalProperties: false,
            required: ['depth', 'pattern'],
            description: 'Repeated dated entries, such as a changelog’s.',
            properties: {
              depth: { type: 'integer', minimum: 1, maximum: 6, description: 'The level of the entry headings.' },
              pattern: { type: 'string', description: 'A regular expression entry headings match; its first group is the date.' },
              order: { enum: ['newest-first'], description: 'Dates never increase going down.' },
              noFutureDates: { type: 'boolean', description: 'No date is after today.' },
              minimum: { type: 'integer', minimum: 0, description: 'The fewest entries the document may have.' },
              fields: { type: 'array', items: field, description: 'The fields of every entry.' },
            },
          },
          idList: {
            type: 'object',
            additionalProperties: false,
            required: ['under', 'ids'],
            description: 'An ordered list of inline-code ids under a heading.',
            properties: { under: { ...nonEmpty, description: 'The heading the list is under.' }, ids: { type: 'array', items: { type: 'string' }, description: 'The ids, in order.' } },
          },
        },
      },
    },
  },
};
