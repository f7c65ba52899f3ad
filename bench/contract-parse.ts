/**
 * Parse time of the contract model against a bare remark-parse + remark-gfm
 * parse of the same file, measured side by side in one run.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { parseContract } from '../packages/contract/src/index.js';

const path = fileURLToPath(new URL('../docs/operations/OPERATIONAL_LAYERS.md', import.meta.url));
const source = readFileSync(path, 'utf8');
const bare = unified().use(remarkParse).use(remarkGfm);

function measure(run: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let index = 0; index < iterations; index++) run();
  return Number(process.hrtime.bigint() - start) / iterations / 1e6;
}

const iterations = 300;
// Warm both paths so the JIT treats them alike.
measure(() => bare.parse(source), 50);
measure(() => parseContract(source), 50);

const rounds = 5;
const bareTimes: number[] = [];
const contractTimes: number[] = [];
for (let round = 0; round < rounds; round++) {
  // Alternate the order so neither side always runs on a warmer machine.
  if (round % 2 === 0) {
    bareTimes.push(measure(() => bare.parse(source), iterations));
    contractTimes.push(measure(() => parseContract(source), iterations));
  } else {
    contractTimes.push(measure(() => parseContract(source), iterations));
    bareTimes.push(measure(() => bare.parse(source), iterations));
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const bareMs = median(bareTimes);
const contractMs = median(contractTimes);
console.log(`contract parse (${source.length} bytes, median of ${rounds} rounds of ${iterations})`);
console.log(`  remark-parse + remark-gfm only : ${bareMs.toFixed(3)} ms`);
console.log(`  parseContract (parse + model)  : ${contractMs.toFixed(3)} ms`);
console.log(`  ratio parseContract / bare parse: ${(contractMs / bareMs).toFixed(3)}x`);
