import type { StandardSchemaV1 } from './standard-schema.js';
import type { GuardIssue } from './violation.js';
import { GuardViolation, InvariantViolation, raise } from './violation.js';

/**
 * Validates untrusted input against any Standard Schema validator and returns
 * the validator's typed output. Refused input throws a `GuardViolation` that
 * lists every issue the validator found, each with its path.
 *
 * `label` names the input in the message, for example `booking request`.
 * A validator that answers asynchronously is a programming error here: use
 * `guardAsync` for those.
 */
export function guard<Schema extends StandardSchemaV1>(
  schema: Schema,
  input: unknown,
  label = 'input',
): StandardSchemaV1.InferOutput<Schema> {
  const result = standardProps(schema, label).validate(input);
  if (result instanceof Promise) {
    raise(
      new InvariantViolation(
        `Unexpected asynchronous validation of ${label}, expected a synchronous schema; use \`guardAsync\` for this schema`,
        { label },
      ),
    );
  }
  return unwrap(result, label);
}

/** `guard` for validators that may answer asynchronously (async refinements). */
export async function guardAsync<Schema extends StandardSchemaV1>(
  schema: Schema,
  input: unknown,
  label = 'input',
): Promise<StandardSchemaV1.InferOutput<Schema>> {
  const result = await standardProps(schema, label).validate(input);
  return unwrap(result, label);
}

function standardProps(schema: StandardSchemaV1, label: string): StandardSchemaV1.Props {
  const props = (schema as Partial<StandardSchemaV1> | null | undefined)?.['~standard'];
  if (props === undefined || props === null || typeof props.validate !== 'function' || props.version !== 1) {
    raise(
      new InvariantViolation(`Unexpected schema for ${label}, expected a Standard Schema v1 validator (zod, valibot, arktype, ...)`, {
        label,
      }),
    );
  }
  return props;
}

function unwrap<Output>(result: StandardSchemaV1.Result<Output>, label: string): Output {
  if (!result.issues) return result.value;
  const issues: GuardIssue[] = result.issues.map((issue) => ({ path: normalisePath(issue.path), message: issue.message }));
  if (issues.length === 0) issues.push({ path: [], message: 'Unexpected input, the validator refused it without saying why' });
  raise(new GuardViolation(label, issues));
}

function normalisePath(path: StandardSchemaV1.Issue['path']): (string | number)[] {
  if (!path) return [];
  return path.map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    return typeof key === 'symbol' ? (key.description ?? key.toString()) : key;
  });
}
