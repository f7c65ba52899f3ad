import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { documentParser } from './gfm-tables.js';
import { Claim, type ParseAheadData } from './parse-ahead-protocol.js';

/**
 * Parses documents while the main thread parses others; each document goes to
 * whichever thread claims it first (see parse-ahead.ts). The worker takes the
 * next document from the end of the list farther from the main thread's last
 * one, so that the two rarely want the same document whatever order the run
 * goes in.
 */
const parser = documentParser();
const decoder = new TextDecoder();

function parseAll({ paths, claims: buffer, maxBytes, port }: ParseAheadData): void {
  const claims = new Int32Array(buffer);
  const mainAt = paths.length;
  let low = 0;
  let high = paths.length - 1;
  while (low <= high) {
    const main = Atomics.load(claims, mainAt);
    const index = main >= 0 && main - low < high - main ? high-- : low++;
    if (Atomics.compareExchange(claims, index, Claim.free, Claim.worker) !== Claim.free) continue;
    let outcome: number = Claim.skipped;
    try {
      const bytes = readFileSync(paths[index]!);
      if (bytes.byteLength <= maxBytes) {
        // Decoded as vfile decodes, so that the main thread can compare the texts.
        const text = decoder.decode(bytes);
        port.postMessage({ index, text, tree: parser.parse(text) });
        outcome = Claim.delivered;
      }
    } catch {
      // The main thread reads and parses it, and reports what is wrong with it.
    }
    Atomics.store(claims, index, outcome);
    Atomics.notify(claims, index);
  }
  port.close();
}

parseAll(workerData as ParseAheadData);
