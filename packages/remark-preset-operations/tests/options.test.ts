import { describe, expect, it } from 'vitest';
import { OperationsConfigurationError, validateOptions } from '@bookiji/remark-preset-operations';
import { lint, tempRepo } from './helpers.js';

const bad = (options: unknown) => {
  try {
    validateOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(OperationsConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('options are validated when the preset loads', () => {
  it('accepts no options and complete options', () => {
    expect(validateOptions(undefined)).toEqual({});
    const options = {
      contract: 'docs/operations/OPERATIONAL_LAYERS.md',
      allow: ['incidents/postmortems/*.md'],
      automationPhrases: ['\\bbot\\b'],
      traceability: { layers: { '1': { 'Severity model': 'docs/operations/incidents/SEVERITY_MODEL.md#severity-levels' } } },
      documents: [{ path: 'docs/operations/CHANGELOG.md', entries: { depth: 2, pattern: '^(\\d{4}-\\d{2}-\\d{2})', order: 'newest-first' } }],
    };
    expect(validateOptions(options)).toBe(options);
  });

  it.each([
    [{ documents: [{ path: 'a.md' }, { path: 'b.md' }, { path: 'c.md', tables: [{ under: 'X', columns: 'Level' }] }] }, '`documents[2].tables[0].columns`'],
    [{ documents: [{ path: 'a.md', headings: [{ depth: 1, text: 'A', colour: 'red' }] }] }, '`documents[0].headings[0].colour`: unknown option'],
    [{ documents: [{ headings: [] }] }, '`documents[0].path`: required'],
    [{ documents: [{ path: 'a.md', entries: { depth: 2, pattern: '(' } }] }, '`documents[0].entries.pattern`'],
    [{ automationPhrases: ['[a-'] }, '`automationPhrases[0]`'],
    [{ traceability: { layers: { one: {} } } }, '`traceability.layers.one`: property name must match pattern'],
    [{ alow: [] }, '`alow`: unknown option'],
    [{ today: 'Tuesday' }, '`today`'],
  ])('names the bad option: %j', (options, path) => {
    expect(bad(options)).toContain(path);
  });

  it('fails the run with the configuration error rather than reporting findings', async () => {
    await expect(lint(tempRepo(), 'docs/operations/ROLLBACKS.md', { allow: 'x' } as never)).rejects.toThrow(/Invalid option `allow`/u);
  });

  it('a contract option that names no file is a configuration error', async () => {
    const root = tempRepo();
    const file = await import('vfile').then(({ VFile }) => new VFile({ path: 'docs/operations/ROLLBACKS.md', cwd: root, value: '# R\n' }));
    const { unified } = await import('unified');
    const { default: remarkParse } = await import('remark-parse');
    const { default: preset, operationsOptions } = await import('@bookiji/remark-preset-operations');
    const processor = unified().use(remarkParse).use(preset).use(operationsOptions, { contract: 'nowhere/CONTRACT.md' });
    await processor.run(processor.parse(file), file).catch(() => undefined);
    expect(file.messages.map((message) => [message.fatal, message.reason])).toContainEqual([true, 'Invalid option `contract`: no file at `nowhere/CONTRACT.md`']);
  });
});

