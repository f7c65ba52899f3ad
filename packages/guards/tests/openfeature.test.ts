import { OpenFeature, StandardResolutionReasons } from '@openfeature/server-sdk';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKillSwitches, memorySource } from '@bookiji/guards';
import { fileSource } from '@bookiji/guards/file';
import { KillSwitchProvider } from '@bookiji/guards/openfeature';

const capture = { id: 'payments-capture', description: 'Stops card captures', failMode: 'closed' } as const;
const refunds = { id: 'refunds', description: 'Stops refunds', failMode: 'closed' } as const;
const search = { id: 'search-indexing', description: 'Stops re-indexing search', failMode: 'open' } as const;

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/switches/${name}`, import.meta.url));

function registry(source: Parameters<typeof createKillSwitches>[0]) {
  const switches = createKillSwitches(source);
  for (const definition of [capture, refunds, search]) switches.define(definition);
  return switches;
}

// Each scenario gets its own OpenFeature domain, so they run against one SDK.
const valid = registry({ source: fileSource(fixture('valid.json'), { watch: false }) });
const corrupt = registry({ source: fileSource(fixture('corrupt.json'), { watch: false }) });
const memory = memorySource();
const live = registry({ source: memory });

beforeAll(async () => {
  await OpenFeature.setProviderAndWait('valid', new KillSwitchProvider(valid));
  await OpenFeature.setProviderAndWait('corrupt', new KillSwitchProvider(corrupt));
  await OpenFeature.setProviderAndWait('live', new KillSwitchProvider(live));
});

afterAll(async () => {
  await OpenFeature.close();
});

describe('KillSwitchProvider', () => {
  it('serves flipped switches as boolean flags, with who, when and why as metadata', async () => {
    const client = OpenFeature.getClient('valid');
    const details = await client.getBooleanDetails('payments-capture', false);
    expect(details).toMatchObject({
      value: true,
      variant: 'engaged',
      reason: StandardResolutionReasons.STATIC,
      flagMetadata: { failMode: 'closed', basis: 'flipped', who: 'dana@bookiji.example', when: '2025-12-27T09:14:00Z', why: 'Card processor double-charges, INC-2041' },
    });
    expect(details.errorCode).toBeUndefined();
    expect(await client.getBooleanValue('refunds', true)).toBe(false);
    expect(await client.getBooleanDetails('search-indexing', true)).toMatchObject({ value: false, reason: StandardResolutionReasons.DEFAULT });
  });

  it('answers a corrupt source with each switch\'s fail direction, not the caller\'s default', async () => {
    const client = OpenFeature.getClient('corrupt');
    const closed = await client.getBooleanDetails('payments-capture', false);
    expect(closed).toMatchObject({ value: true, reason: StandardResolutionReasons.ERROR, flagMetadata: { failMode: 'closed', basis: 'fail-mode' } });
    expect(closed.errorMessage).toBe(`Unexpected \`"\`, expected \`,\` or \`}\` in kill switch file (${fixture('corrupt.json')}:6:7)`);
    expect(closed.errorCode).toBeUndefined();
    const open = await client.getBooleanDetails('search-indexing', true);
    expect(open).toMatchObject({ value: false, reason: StandardResolutionReasons.ERROR, flagMetadata: { failMode: 'open' } });
  });

  it('follows flips as they happen', async () => {
    const client = OpenFeature.getClient('live');
    expect(await client.getBooleanValue('refunds', true)).toBe(false);
    memory.set('refunds', true, { who: 'sam', when: '2025-12-27T11:02:00Z', why: 'Refund loop' });
    expect(await client.getBooleanValue('refunds', false)).toBe(true);
  });

  it("falls back to the caller's default for unknown keys and non-boolean evaluations", async () => {
    const client = OpenFeature.getClient('valid');
    const unknown = await client.getBooleanDetails('payment-capture', true);
    expect(unknown).toMatchObject({ value: true, reason: StandardResolutionReasons.ERROR, errorCode: 'FLAG_NOT_FOUND' });
    const text = await client.getStringDetails('payments-capture', 'fallback');
    expect(text).toMatchObject({ value: 'fallback', errorCode: 'TYPE_MISMATCH' });
    expect(await client.getNumberValue('payments-capture', 7)).toBe(7);
    expect(await client.getObjectValue('payments-capture', { a: 1 })).toEqual({ a: 1 });
  });
});
