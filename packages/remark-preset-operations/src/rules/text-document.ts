import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { firstInvalidUtf8, pointAt, pointAtByte } from '@bookiji/contract';
import type { VFile } from 'vfile';
import { defineFileRule } from '../rule.js';

/**
 * The document's bytes: unified-engine reads files as UTF-8 text, turning a
 * byte that is not UTF-8 into U+FFFD, so for a text with one the bytes on disk
 * tell whether the file has the character or a bad byte.
 */
function bytesOf(file: VFile): Uint8Array | null {
  if (file.value instanceof Uint8Array) return file.value;
  if (typeof file.value !== 'string' || !file.value.includes('\uFFFD') || !file.path) return null;
  try {
    return readFileSync(resolve(file.cwd, file.path));
  } catch {
    return null;
  }
}

/** A document is UTF-8 text, without NUL bytes, small and simple enough to parse in bounded time. */
export const textDocument = defineFileRule('text-document', (_tree, file, report) => {
  const notParsed = file.data.operationsNotParsed;
  if (notParsed) {
    report(`Unexpected ${notParsed.found}: the document was not checked`, notParsed.at);
    return;
  }
  const bytes = bytesOf(file);
  // Positions as remark gives them: after a byte-order mark, on the line endings the file has.
  const text = (bytes ? new TextDecoder().decode(bytes) : String(file.value ?? '')).replace(/^\uFEFF/u, '');
  // A NUL byte first: it says "binary file" better than the bytes that are not UTF-8 around it.
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    report('Unexpected NUL byte, expected a text document (is it a binary file?)', pointAt(text, nul));
    return;
  }
  const invalid = bytes ? firstInvalidUtf8(bytes) : -1;
  if (invalid !== -1) {
    const at = pointAtByte(bytes!, invalid);
    report(`Unexpected byte that is not UTF-8 at ${at.line}:${at.column}, expected a document saved as UTF-8`, at);
  }
});
