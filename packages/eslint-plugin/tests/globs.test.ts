import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { globMembership, relativePosix } from '../src/membership.js';
import { compareSpecificity, compileSettings, specificityOf } from '../src/settings.js';

describe('the specificity of a glob', () => {
  it('counts literal path segments before the first wildcard, then characters other than `*` and `?`', () => {
    expect(specificityOf('apps/**')).toEqual({ segments: 1, characters: 5 });
    expect(specificityOf('apps/web/src/guards/**')).toEqual({ segments: 4, characters: 20 });
    expect(specificityOf('**/guards/**')).toEqual({ segments: 0, characters: 8 });
    expect(specificityOf('src/a.ts')).toEqual({ segments: 2, characters: 8 });
    expect(specificityOf('./src/**/*.ts')).toEqual({ segments: 1, characters: 8 });
    expect(compareSpecificity(specificityOf('src/**/*.ts'), specificityOf('src/**'))).toBeGreaterThan(0);
    expect(compareSpecificity(specificityOf('apps/*/src/**'), specificityOf('apps/web/**'))).toBeLessThan(0);
  });
});

describe('a path relative to the settings\' base', () => {
  it('is the path below the folder with forward slashes, dots above the folder or in a hidden folder below it kept as they are', () => {
    expect(relativePosix('/home/ana/.cache/repo', '/home/ana/.cache/repo/apps/web/page.ts')).toBe('apps/web/page.ts');
    expect(relativePosix('/home/ana/.cache/repo/', '/home/ana/.cache/repo/apps/web/page.ts')).toBe('apps/web/page.ts');
    expect(relativePosix('/repo', '/repo/.github/scripts/run.ts')).toBe('.github/scripts/run.ts');
    expect(relativePosix('/repo', '/repo/src/./jobs/../guards/limit.ts')).toBe('src/guards/limit.ts');
  });

  it('is null for the folder itself and for a file outside it', () => {
    expect(relativePosix('/repo', '/repo')).toBeNull();
    expect(relativePosix('/repo', '/repository/src/a.ts')).toBeNull();
    expect(relativePosix('/repo', '/repo/../other/a.ts')).toBeNull();
  });
});

describe('the glob that decides', () => {
  const settings = (layers: Record<string, string[]>, unlayered: string[] = []) => compileSettings({ root: '/repo', layers, unlayered }, '/');

  it('is the most specific one, whatever the order written', () => {
    const compiled = settings({ 0: ['apps/web/src/guards/**'] }, ['apps/**']);
    expect(globMembership('apps/web/src/guards/limit.ts', compiled)).toMatchObject({ glob: { glob: 'apps/web/src/guards/**', layer: 0 }, conflict: [] });
    expect(globMembership('apps/web/src/page.ts', compiled)).toMatchObject({ glob: { glob: 'apps/**', layer: null }, conflict: [] });
    expect(globMembership('packages/x.ts', compiled)).toBeNull();
  });

  it('conflicts only with equally specific globs of another layer, the lowest layer deciding and unlayered last', () => {
    const compiled = settings({ 3: ['src/*/a.ts'], 1: ['src/b*/?.ts', 'src/b*/a.ts'] }, ['src/*/?.ts']);
    const found = globMembership('src/billing/a.ts', compiled);
    expect(found?.glob.glob).toBe('src/b*/a.ts');
    expect(found?.conflict).toEqual([]);
    const tie = globMembership('src/core/a.ts', settings({ 3: ['src/*/a.ts'], 1: ['src/c*/?.ts'] }, ['src/*/*a.ts']));
    expect(tie?.conflict.map((glob) => `${glob.layer}:${glob.glob}`)).toEqual(['1:src/c*/?.ts', '3:src/*/a.ts', 'null:src/*/*a.ts']);
  });

  it('matches a path a glob spells out, brackets and all, and paths its character class stands for', () => {
    const compiled = settings({ 1: ['apps/web/src/app/[id]/page.tsx'] });
    expect(globMembership('apps/web/src/app/[id]/page.tsx', compiled)?.glob.layer).toBe(1);
    expect(globMembership('apps/web/src/app/i/page.tsx', compiled)?.glob.layer).toBe(1);
    expect(globMembership('apps/web/src/app/x/page.tsx', compiled)).toBeNull();
  });

  it('matches a folder\'s `**` glob as picomatch does, `.` and `..` segments included', () => {
    for (const glob of ['apps/**', 'apps/web-app/**', 'src_2/**']) {
      const compiled = settings({ 1: [glob] });
      for (const path of ['apps', 'apps/a.ts', 'apps/.next/a.ts', 'apps/./a.ts', 'apps/../a.ts', 'apps/web-app/..', 'apps/web-app/x/.', 'appsx/a.ts', 'apps/web-appx/a.ts', 'src_2/a/b/c.ts', 'src_2', 'src_20/a.ts']) {
        expect({ glob, path, layer: globMembership(path, compiled)?.glob.layer ?? null }).toEqual({ glob, path, layer: picomatch(glob, { dot: true })(path) ? 1 : null });
      }
    }
  });

  it('agrees with a brute-force search over every glob', () => {
    // `[id]` is a Next.js route folder, and a character class to a glob: a glob that spells a path out matches it, as picomatch's does.
    const segment = fc.constantFrom('apps', 'web', 'src', 'guards', 'lib', 'web-app', '[id]', '.next', 'a.ts', 'b.tsx', '*', '**', '*.ts', 'g*', '?.ts');
    const glob = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
    const path = fc.array(fc.constantFrom('apps', 'web', 'src', 'guards', 'lib', 'gx', '[id]', 'i', '.next', '.', '..', 'web-app'), { minLength: 0, maxLength: 3 }).chain((dirs) => fc.constantFrom('a.ts', 'b.tsx', 'g.ts').map((file) => [...dirs, file].join('/')));
    const layers = fc.dictionary(fc.constantFrom('0', '1', '2', '5'), fc.array(glob, { minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(layers, fc.array(glob, { maxLength: 2 }), fc.array(path, { minLength: 1, maxLength: 5 }), (layerGlobs, unlayered, paths) => {
        const compiled = settings(layerGlobs, unlayered);
        const all = [...Object.entries(layerGlobs).sort(([a], [b]) => Number(a) - Number(b)).flatMap(([layer, globs]) => globs.map((g) => ({ glob: g, layer: Number(layer) as number | null }))), ...unlayered.map((g) => ({ glob: g, layer: null }))];
        for (const file of paths) {
          const hits = all.filter((entry) => picomatch(entry.glob, { dot: true })(file));
          const found = globMembership(file, compiled);
          if (hits.length === 0) {
            expect(found).toBeNull();
            continue;
          }
          const best = hits.reduce((a, b) => (compareSpecificity(specificityOf(b.glob), specificityOf(a.glob)) > 0 ? b : a));
          const tied = hits.filter((hit) => compareSpecificity(specificityOf(hit.glob), specificityOf(best.glob)) === 0);
          expect(found?.glob.glob).toBe(tied[0]?.glob);
          expect(new Set(found?.conflict.map((g) => g.layer))).toEqual(new Set(new Set(tied.map((hit) => hit.layer)).size > 1 ? tied.map((hit) => hit.layer) : []));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('settings that fail their schema', () => {
  it('leave out the parts in error and keep the rest', () => {
    const compiled = compileSettings({ layers: { four: ['src/**'], 2: ['src/rollbacks/**', '!src/x/**'] }, unlayered: 'src/generated/**', extra: 1 }, '/repo');
    expect(compiled.globs.map((glob) => glob.glob)).toEqual(['src/rollbacks/**']);
    expect(compiled.problems).toEqual([
      '`settings.bookiji` must NOT have additional property `extra` (expected one of root, layers, unlayered, contract, contractDigests, autoImports)',
      '`settings.bookiji.layers.2` glob `!src/x/**` must not be negated (the most specific glob decides: write the exception as a glob of its own)',
      '`settings.bookiji.layers` key `four` must be a layer number such as `2`',
      '`settings.bookiji.unlayered` must be an array of non-empty glob strings',
    ]);
  });

  it('never throw, whatever the value', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        expect(() => compileSettings(value, '/repo')).not.toThrow();
      }),
    );
  });
});
