import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin, { rules } from '../src/index.js';
import { docsBase } from '../src/create-rule.js';
import { packageRoot } from './helpers.js';

const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string };

describe('the plugin object', () => {
  it('has meta with the package name, version and the rule namespace', () => {
    expect(plugin.meta).toEqual({ name: manifest.name, version: manifest.version, namespace: '@bookiji' });
  });

  it('carries the rules the `rules` export gives, with their typescript-eslint types', () => {
    expect(plugin.rules).toBe(rules);
  });

  for (const [name, rule] of Object.entries(rules)) {
    describe(name, () => {
      it('has a doc whose URL is the one in meta.docs.url', () => {
        const doc = join(packageRoot, 'docs/rules', `${name}.md`);
        expect(existsSync(doc)).toBe(true);
        expect(rule.meta.docs?.url).toBe(`${docsBase}${name}.md`);
        expect(rule.meta.docs?.url?.endsWith(`packages/eslint-plugin/docs/rules/${name}.md`)).toBe(true);
      });

      it('has a doc with the sections every rule doc has', () => {
        const doc = readFileSync(join(packageRoot, 'docs/rules', `${name}.md`), 'utf8');
        for (const heading of ['## Rule details', '## Why', '## Examples', '## When not to use it']) expect(doc).toContain(heading);
        // An Options section exactly when the rule has options, naming each of them.
        const options = Object.keys((rule.meta.schema as unknown as { properties?: object }[])[0]?.properties ?? {});
        expect(doc.includes('## Options')).toBe(options.length > 0);
        for (const option of options) expect(doc).toContain(`\`${option}\``);
      });

      it('has a test', () => {
        // valid-settings is about the configuration, not about code, and is tested with the settings.
        const test = name === 'valid-settings' ? 'tests/valid-settings.test.ts' : `tests/rules/${name}.test.ts`;
        expect(existsSync(join(packageRoot, test))).toBe(true);
      });

      it('has a schema and messages in the "Unexpected X, expected Y" form', () => {
        expect(Array.isArray(rule.meta.schema)).toBe(true);
        for (const [id, message] of Object.entries(rule.meta.messages)) {
          expect(message, id).toMatch(/^Unexpected .*, expected /s);
        }
      });
    });
  }
});
