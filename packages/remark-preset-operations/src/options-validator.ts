import { Ajv } from 'ajv';
import { optionsSchema } from './options-schema.js';

/**
 * The options' JSON Schema, compiled. The built package has ajv's standalone
 * code for the same schema in this module's place (see scripts/bundle.ts):
 * compiling the schema costs some 50 ms, on every run.
 */
export const validate = new Ajv().compile(optionsSchema);
