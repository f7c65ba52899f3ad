import { validateWorkflow } from '@action-validator/core';

interface ValidationError {
  readonly path?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly states?: readonly { readonly errors: readonly ValidationError[] }[];
}

/** Flattens action-validator's nested one-of errors into one line each. */
export function describeErrors(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => {
    const own = `${error.path ?? '/'}: ${error.detail ?? error.title ?? 'invalid'}`;
    const nested = error.states?.flatMap((state) => describeErrors(state.errors)) ?? [];
    return nested.length > 0 ? nested : [own];
  });
}

/** Validates one workflow's YAML text with action-validator; returns its problems. */
export function workflowProblems(yaml: string): string[] {
  const result = validateWorkflow(yaml) as { errors: ValidationError[] };
  return [...new Set(describeErrors(result.errors))];
}
