import type { ErrorObject } from 'ajv';

/** The options' JSON Schema, compiled (see scripts/options-validator.ts). */
export declare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
export default validate;
