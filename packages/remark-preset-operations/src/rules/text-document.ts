import { defineFileRule } from '../rule.js';
import { MAX_DOCUMENT_BYTES } from '../size.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function pointAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** A document is UTF-8 text, without NUL bytes, small enough to parse. */
export const textDocument = defineFileRule('text-document', (_tree, file, report) => {
  const oversize = file.data.operationsOversize;
  if (oversize !== undefined) {
    report(`Unexpected document of ${oversize} bytes, expected at most ${MAX_DOCUMENT_BYTES} bytes: it was not checked`);
    return;
  }
  let text: string;
  if (file.value instanceof Uint8Array) {
    try {
      text = strictUtf8.decode(file.value);
    } catch {
      text = lenientUtf8.decode(file.value);
      const at = pointAt(text, text.indexOf('\uFFFD'));
      report(`Unexpected byte that is not UTF-8 at ${at.line}:${at.column}, expected a document saved as UTF-8`, at);
      return;
    }
  } else {
    text = String(file.value ?? '');
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    report('Unexpected NUL byte, expected a text document (is it a binary file?)', pointAt(text, nul));
  }
});
