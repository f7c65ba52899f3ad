import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { VFile } from 'vfile';
import { defineFileRule } from '../rule.js';
import { MAX_DOCUMENT_BYTES } from '../size.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/**
 * unified-engine reads files as UTF-8 text, turning bad bytes into U+FFFD.
 * When the text has one, the bytes on disk tell whether the file has it too.
 */
function bytesBehindReplacement(file: VFile): Uint8Array | null {
  if (typeof file.value !== 'string' || !file.value.includes('\uFFFD') || !file.path) return null;
  try {
    return readFileSync(resolve(file.cwd, file.path));
  } catch {
    return null;
  }
}

/** A document is UTF-8 text, without NUL bytes, small enough to parse. */
export const textDocument = defineFileRule('text-document', (_tree, file, report) => {
  const oversize = file.data.operationsOversize;
  if (oversize !== undefined) {
    report(`Unexpected document of ${oversize} bytes, expected at most ${MAX_DOCUMENT_BYTES} bytes: it was not checked`);
    return;
  }
  const bytes = file.value instanceof Uint8Array ? file.value : bytesBehindReplacement(file);
  const text = bytes ? lenientUtf8.decode(bytes) : String(file.value ?? '');
  // A NUL byte first: it says "binary file" better than the invalid UTF-8 around it.
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    report('Unexpected NUL byte, expected a text document (is it a binary file?)', pointAt(text, nul));
    return;
  }
  if (!bytes) return;
  try {
    strictUtf8.decode(bytes);
  } catch {
    const at = pointAt(text, text.indexOf('\uFFFD'));
    report(`Unexpected byte that is not UTF-8 at ${at.line}:${at.column}, expected a document saved as UTF-8`, at);
  }
});
