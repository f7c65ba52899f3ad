import type { StandardSchemaV1 as Spec } from '@standard-schema/spec';
import type * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { StandardSchemaV1 } from '@bookiji/guards';

// These assertions are checked by `tsc` (the package's typecheck script);
// at run time they only record that the file loads.
describe('the copied Standard Schema types', () => {
  it('match @standard-schema/spec in both directions', () => {
    expectTypeOf<StandardSchemaV1<string, number>>().toMatchTypeOf<Spec<string, number>>();
    expectTypeOf<Spec<string, number>>().toMatchTypeOf<StandardSchemaV1<string, number>>();
    expectTypeOf<StandardSchemaV1.InferOutput<Spec<string, number>>>().toEqualTypeOf<number>();
  });

  it('accept zod and valibot schemas', () => {
    expectTypeOf<z.ZodString>().toMatchTypeOf<StandardSchemaV1<string, string>>();
    expectTypeOf<v.StringSchema<undefined>>().toMatchTypeOf<StandardSchemaV1<string, string>>();
  });
});
