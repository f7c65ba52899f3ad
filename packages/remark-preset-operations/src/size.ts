import type { Root } from 'mdast';
import type { Processor } from 'unified';

/**
 * Operations documents are a few kilobytes. Markdown parsing slows down
 * sharply on documents of megabytes, so a larger file is reported (by the
 * `text-document` rule) instead of parsed: the linter answers instead of hanging.
 */
export const MAX_DOCUMENT_BYTES = 512 * 1024;

declare module 'vfile' {
  interface DataMap {
    operationsOversize: number;
  }
}

export function byteLength(value: unknown): number {
  if (value instanceof Uint8Array) return value.byteLength;
  return Buffer.byteLength(String(value ?? ''));
}

/** Wraps the processor's parser so that an oversized document yields an empty tree. */
export function documentSize(this: Processor): undefined {
  const parse = this.parser;
  if (!parse) return undefined;
  this.parser = (document, file) => {
    const size = byteLength(file.value);
    if (size > MAX_DOCUMENT_BYTES) {
      file.data.operationsOversize = size;
      return { type: 'root', children: [] } satisfies Root;
    }
    return parse(document, file);
  };
  return undefined;
}
