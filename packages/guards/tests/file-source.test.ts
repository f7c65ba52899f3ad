import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { KillSwitchRegistry, ViolationRecord } from '@bookiji/guards';
import { KillSwitchEngaged, createKillSwitches, onViolation } from '@bookiji/guards';
import { fileSource, parseSwitchFile } from '@bookiji/guards/file';

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/switches/${name}`, import.meta.url));

const capture = { id: 'payments-capture', description: 'Stops card captures', failMode: 'closed' } as const;
const refunds = { id: 'refunds', description: 'Stops refunds', failMode: 'closed' } as const;
const search = { id: 'search-indexing', description: 'Stops re-indexing search', failMode: 'open' } as const;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function registryFor(path: string, watch = false): KillSwitchRegistry {
  const switches = createKillSwitches({ source: fileSource(path, { watch, intervalMs: 20 }) });
  for (const definition of [capture, refunds, search]) switches.define(definition);
  cleanups.push(() => switches.close());
  return switches;
}

describe('the file source', () => {
  it('reads each flip with who, when and why', () => {
    const switches = registryFor(fixture('valid.json'));
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('refunds')).toBe(false);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.get('payments-capture')).toMatchObject({
      basis: 'flipped',
      flip: { who: 'dana@bookiji.example', when: '2025-12-27T09:14:00Z', why: 'Card processor double-charges, INC-2041' },
      origin: `${fixture('valid.json')}:3:25`,
    });
    expect(switches.get('search-indexing')?.basis).toBe('not-set');
    expect(switches.list().problems).toEqual([]);
    expect(() => switches.assertNotEngaged('payments-capture')).toThrow(KillSwitchEngaged);
  });

  it('engages fail-closed switches on a corrupt file, leaves fail-open ones released, and reports the parse error with file, line and column', () => {
    const seen: ViolationRecord[] = [];
    cleanups.push(onViolation((record) => seen.push(record)));
    const path = fixture('corrupt.json');
    const switches = registryFor(path);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('refunds')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    const expected = {
      source: `file ${path}`,
      file: path,
      line: 6,
      column: 7,
      message: `Unexpected \`"\`, expected \`,\` or \`}\` in kill switch file (${path}:6:7)`,
    };
    expect(switches.get('refunds')?.problem).toEqual(expected);
    expect(switches.list().problems).toEqual([expected]);
    expect(seen).toEqual([expect.objectContaining({ code: 'kill-switch-source', layer: 0, message: expected.message, details: expected })]);
  });

  it('fails only the malformed entry, each problem at its own line and column', () => {
    const path = fixture('missing-why.json');
    const switches = registryFor(path);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.get('payments-capture')?.problem?.message).toBe(
      `Unexpected missing value for \`why\` of switch \`payments-capture\`, expected why it was flipped (${path}:3:25)`,
    );
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.get('search-indexing')?.problem).toMatchObject({
      line: 11,
      column: 15,
      message: `Unexpected string "yesterday" for \`when\` of switch \`search-indexing\`, expected an ISO 8601 date-time with an offset, such as \`2025-12-27T09:14:00Z\` (${path}:11:15)`,
    });
    expect(switches.isEngaged('refunds')).toBe(false);
    expect(switches.get('refunds')?.basis).toBe('flipped');
    expect(switches.list().problems.map((problem) => problem.message)).toEqual([
      `Unexpected key \`ticket\` in switch \`refunds\`, expected only \`engaged\`, \`who\`, \`when\` and \`why\` (${path}:19:17)`,
      switches.get('payments-capture')?.problem?.message,
      switches.get('search-indexing')?.problem?.message,
      'Unexpected kill switch `paymnets-capture` in ' + `${path}:21:25` + ', expected one of `payments-capture`, `refunds`, `search-indexing`; it has no effect',
    ]);
  });

  it.each([
    ['not-object.json', 'Unexpected array at the top of the kill switch file, expected an object with `switches`', 1, 1],
    ['no-switches.json', 'Unexpected kill switch file without `switches`, expected {"switches": {...}}', 1, 1],
  ])('fails every switch in its direction for %s', (name, message, line, column) => {
    const path = fixture(name);
    const switches = registryFor(path);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
    expect(switches.get('payments-capture')?.problem).toMatchObject({ line, column, message: `${message} (${path}:${line}:${column})` });
  });

  it('fails every switch in its direction when the file is missing or not UTF-8', () => {
    const missing = registryFor(join(tmpdir(), 'no-such-kill-switch-file.json'));
    expect(missing.isEngaged('refunds')).toBe(true);
    expect(missing.isEngaged('search-indexing')).toBe(false);
    expect(missing.get('refunds')?.problem?.message).toMatch(/^Unexpected missing kill switch file `.+no-such-kill-switch-file\.json`, expected a file; create it holding \{"switches": \{\}\}$/);
    const latin1 = registryFor(fixture('latin1.json'));
    expect(latin1.isEngaged('search-indexing')).toBe(false);
    expect(latin1.get('refunds')?.problem?.message).toContain('Unexpected bytes that are not UTF-8');
  });

  it('accepts a byte order mark and counts columns after it, as editors do', () => {
    const switches = registryFor(fixture('bom.json'));
    expect(switches.isEngaged('refunds')).toBe(true);
    expect(switches.get('refunds')?.origin).toBe(`${fixture('bom.json')}:1:28`);
    const reading = parseSwitchFile('\uFEFF{"switches": {"refunds": 1}}', 'inline.json');
    expect(reading.entries.get('refunds')).toMatchObject({ problem: { line: 1, column: 26 } });
  });

  it('fails a switch written twice, or with a field written twice, in its direction, at the second occurrence', () => {
    const text = [
      '{"switches": {',
      '  "refunds": {"engaged": true, "who": "dana", "when": "2025-12-27T09:14:00Z", "why": "INC-1"},',
      '  "refunds": {"engaged": false, "who": "sam", "when": "2025-12-27T09:20:00Z", "why": "all clear"},',
      '  "payments-capture": {"engaged": true, "who": "dana", "when": "2025-12-27T09:14:00Z", "why": "INC-2", "engaged": false},',
      '  "search-indexing": {"engaged": false, "who": "sam", "when": "2025-12-27T09:14:00Z", "why": "back on"}',
      '}}',
    ].join('\n');
    const reading = parseSwitchFile(text, 'switches.json');
    expect(reading.failure).toBeNull();
    expect(reading.entries.get('refunds')).toEqual({
      problem: {
        source: 'file switches.json',
        file: 'switches.json',
        switchId: 'refunds',
        line: 3,
        column: 3,
        message: 'Unexpected second entry for switch `refunds`, expected one entry per switch (switches.json:3:3)',
      },
    });
    expect(reading.entries.get('payments-capture')).toMatchObject({
      problem: { line: 4, column: 104, message: 'Unexpected second `engaged` in switch `payments-capture`, expected each field once (switches.json:4:104)' },
    });
    expect(reading.entries.get('search-indexing')).toMatchObject({ engaged: false, flip: { who: 'sam' } });

    const dir = mkdtempSync(join(tmpdir(), 'guards-switches-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'switches.json'), text);
    const switches = registryFor(join(dir, 'switches.json'));
    expect(switches.isEngaged('refunds')).toBe(true);
    expect(switches.isEngaged('payments-capture')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
  });

  it('fails every switch when `switches` itself appears twice', () => {
    const reading = parseSwitchFile('{"switches": {"refunds": {}},\n "switches": {}}', 'switches.json');
    expect(reading.failure).toMatchObject({ line: 2, column: 2, message: 'Unexpected second `switches` in the kill switch file, expected one (switches.json:2:2)' });
  });

  it('parses text without touching the disk', () => {
    const reading = parseSwitchFile('{"switches": {}}', 'inline.json');
    expect(reading).toEqual({ entries: new Map(), failure: null, problems: [] });
  });

  it('picks up an operator edit by itself when watching', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guards-switches-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'switches.json');
    writeFileSync(path, '{"switches": {}}\n');
    const switches = registryFor(path, true);
    expect(switches.isEngaged('refunds')).toBe(false);
    // The watcher compares against its first look at the file, taken asynchronously.
    await new Promise((resolve) => setTimeout(resolve, 100));
    copyFileSync(fixture('bom.json'), path);
    await expect.poll(() => switches.isEngaged('refunds'), { timeout: 3000, interval: 20 }).toBe(true);
    writeFileSync(path, '{"switches": ');
    await expect.poll(() => switches.get('refunds')?.basis, { timeout: 3000, interval: 20 }).toBe('fail-mode');
    expect(switches.isEngaged('refunds')).toBe(true);
    expect(switches.isEngaged('search-indexing')).toBe(false);
  });
});
