/**
 * @bookiji/guards on its hot paths, side by side in one run:
 * - `invariant` on the passing path against a bare `if` and tiny-invariant;
 * - `isEngaged` per call, and whether it allocates (heap growth and garbage
 *   collections over ten million calls, against a control that allocates);
 * - the double-booking check on 100,000 bookings against sorting the same
 *   intervals with Array.prototype.sort, the floor of an O(n log n) check.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import tinyInvariant from 'tiny-invariant';
import { createKillSwitches, findFirstDoubleBooking, invariant, memorySource } from '../packages/guards/src/index.js';
import type { ResourceBooking } from '../packages/guards/src/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs every candidate in turn, round after round, and returns each one's median time per operation in ns. */
function compare(candidates: Record<string, (iterations: number) => number>, iterations: number, rounds: number): Record<string, number> {
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
  let sink = 0;
  for (const run of Object.values(candidates)) sink += run(Math.ceil(iterations / 10));
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(candidates)) {
      const start = process.hrtime.bigint();
      sink += run(iterations);
      times[name]!.push(Number(process.hrtime.bigint() - start) / iterations);
    }
  }
  if (sink === 0.5) console.log('');
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

const ns = (value: number) => `${value.toFixed(2)} ns`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

// ---------------------------------------------------------------------------
// 1. invariant, passing path

// Conditions read from an array so no engine can fold the check away.
const conditions = Array.from({ length: 1024 }, (_, index) => index >= 0);
const invariantTimes = compare(
  {
    'bare if': (iterations) => {
      let sum = 0;
      for (let index = 0; index < iterations; index++) {
        if (!conditions[index & 1023]) throw new Error('Unexpected false condition');
        sum += index;
      }
      return sum;
    },
    'tiny-invariant': (iterations) => {
      let sum = 0;
      for (let index = 0; index < iterations; index++) {
        tinyInvariant(conditions[index & 1023], 'Unexpected false condition');
        sum += index;
      }
      return sum;
    },
    '@bookiji/guards invariant': (iterations) => {
      let sum = 0;
      for (let index = 0; index < iterations; index++) {
        invariant(conditions[index & 1023], 'Unexpected false condition');
        sum += index;
      }
      return sum;
    },
  },
  20_000_000,
  9,
);

console.log('invariant, passing path (median of 9 rounds of 20,000,000 calls)');
for (const [name, time] of Object.entries(invariantTimes)) console.log(`  ${name.padEnd(28)} ${ns(time)}/call`);
console.log(`  invariant vs tiny-invariant   ${ratio(invariantTimes['@bookiji/guards invariant']!, invariantTimes['tiny-invariant']!)} (goal: within 1.10x)`);
console.log(`  invariant vs bare if          ${ratio(invariantTimes['@bookiji/guards invariant']!, invariantTimes['bare if']!)}`);

// ---------------------------------------------------------------------------
// 2. isEngaged per call

const switches = createKillSwitches({ source: memorySource({ 'payments-capture': true }) });
switches.define({ id: 'payments-capture', description: 'Stops card captures', failMode: 'closed' });
switches.define({ id: 'search-indexing', description: 'Stops re-indexing search', failMode: 'open' });
const ids = ['payments-capture', 'search-indexing'];

// The same check in a registry holding 10,000 switches: constant time means no slower.
const many = createKillSwitches({ source: memorySource({ 'switch-1': true }) });
for (let index = 0; index < 10_000; index++) many.define({ id: `switch-${index}`, description: 'A switch', failMode: index % 2 === 0 ? 'closed' : 'open' });
const manyIds = ['switch-1', 'switch-9998'];

const engagedTimes = compare(
  {
    'isEngaged': (iterations) => {
      let engaged = 0;
      for (let index = 0; index < iterations; index++) if (switches.isEngaged(ids[index & 1]!)) engaged++;
      return engaged;
    },
    'isEngaged, 10,000 switches': (iterations) => {
      let engaged = 0;
      for (let index = 0; index < iterations; index++) if (many.isEngaged(manyIds[index & 1]!)) engaged++;
      return engaged;
    },
    'Map.get + field read': (() => {
      const plain = new Map(ids.map((id) => [id, { engaged: id === 'payments-capture' }]));
      return (iterations: number) => {
        let engaged = 0;
        for (let index = 0; index < iterations; index++) if (plain.get(ids[index & 1]!)!.engaged) engaged++;
        return engaged;
      };
    })(),
  },
  20_000_000,
  9,
);

/**
 * Heap growth and garbage collections while running `calls` calls. With no
 * collection during the run, the heap growth is exactly what the calls
 * allocated.
 */
async function allocation(run: (calls: number) => number, calls: number): Promise<{ heapGrowth: number; collections: number }> {
  run(100_000);
  let collections = 0;
  const observer = new PerformanceObserver((list) => {
    collections += list.getEntries().length;
  });
  gc();
  gc();
  observer.observe({ entryTypes: ['gc'] });
  const before = process.memoryUsage().heapUsed;
  run(calls);
  const after = process.memoryUsage().heapUsed;
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return { heapGrowth: after - before, collections };
}

const calls = 10_000_000;
const isEngagedAllocation = await allocation((count) => {
  let engaged = 0;
  for (let index = 0; index < count; index++) if (switches.isEngaged(ids[index & 1]!)) engaged++;
  return engaged;
}, calls);
// The control stores one small object per call in a ring, so the engine
// cannot optimise the allocation away; the same method must see it.
const ring: { index: number }[] = new Array(1024);
const controlAllocation = await allocation((count) => {
  let engaged = 0;
  for (let index = 0; index < count; index++) {
    ring[index & 1023] = { index };
    if (switches.isEngaged(ids[index & 1]!)) engaged++;
  }
  return engaged;
}, calls);

console.log('\nisEngaged per call (median of 9 rounds of 20,000,000 calls)');
console.log(`  isEngaged, 2 switches         ${ns(engagedTimes['isEngaged']!)}/call`);
console.log(`  isEngaged, 10,000 switches    ${ns(engagedTimes['isEngaged, 10,000 switches']!)}/call`);
console.log(`  bare Map.get + field read     ${ns(engagedTimes['Map.get + field read']!)}/call`);
console.log(`  isEngaged vs bare Map lookup  ${ratio(engagedTimes['isEngaged']!, engagedTimes['Map.get + field read']!)}`);
console.log(
  `  allocation over ${calls.toLocaleString('en')} calls: heap grew ${isEngagedAllocation.heapGrowth.toLocaleString('en')} bytes ` +
    `(${(isEngagedAllocation.heapGrowth / calls).toFixed(4)} bytes/call), ${isEngagedAllocation.collections} garbage collections`,
);
console.log(
  `  control storing one small object per call: ${controlAllocation.collections} garbage collections over the same ${calls.toLocaleString('en')} calls`,
);

// ---------------------------------------------------------------------------
// 3. Double-booking check on 100,000 bookings

// A deterministic generator, so every run checks the same bookings.
let seed = 0x2025;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
  return seed / 0x7fffffff;
};

const count = 100_000;
const resources = 1_000;
const minute = 60_000;
const bookings: ResourceBooking[] = [];
const nextFree = new Array<number>(resources).fill(Date.parse('2026-01-01T00:00:00Z'));
for (let index = 0; index < count; index++) {
  const resource = index % resources;
  const start = nextFree[resource]! + Math.floor(random() * 8) * 15 * minute;
  const end = start + (2 + Math.floor(random() * 7)) * 15 * minute;
  nextFree[resource] = end;
  bookings.push({ id: `b${index}`, resourceId: `r${resource}`, start, end });
}
// Shuffled, as bookings arrive from a database in no particular order.
for (let index = bookings.length - 1; index > 0; index--) {
  const other = Math.floor(random() * (index + 1));
  [bookings[index], bookings[other]] = [bookings[other]!, bookings[index]!];
}
if (findFirstDoubleBooking(bookings) !== null) throw new Error('the generated bookings must not overlap');

const overlapTimes = compare(
  {
    'Array.prototype.sort': () => bookings.slice().sort((a, b) => a.start - b.start).length,
    'findFirstDoubleBooking': () => (findFirstDoubleBooking(bookings) === null ? 1 : 0),
  },
  1,
  15,
);
const ms = (value: number) => `${(value / 1e6).toFixed(2)} ms`;
console.log(`\ndouble-booking check on ${count.toLocaleString('en')} bookings of ${resources.toLocaleString('en')} resources, no overlap (median of 15 rounds)`);
console.log(`  Array.prototype.sort by start ${ms(overlapTimes['Array.prototype.sort']!)}`);
console.log(`  findFirstDoubleBooking        ${ms(overlapTimes['findFirstDoubleBooking']!)}`);
console.log(`  check vs sort                 ${ratio(overlapTimes['findFirstDoubleBooking']!, overlapTimes['Array.prototype.sort']!)} (goal: within 2.00x)`);
