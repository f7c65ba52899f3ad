import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

export interface TextReportOptions {
  /** Leave out files without messages. */
  readonly quiet?: boolean;
  /** Report errors only. */
  readonly silent?: boolean;
  /** Add each message's note, when it has one. */
  readonly verbose?: boolean;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * The report a person reads: each file, then one line per finding with its
 * place, severity, message and rule. The place and severity are aligned; the
 * message is not padded, so a long message on one line does not widen every
 * other line of the report (as vfile-reporter's table does).
 */
export function textReport(files: readonly VFile[], options: TextReportOptions = {}): string {
  // A clean file is one line; a file with findings is a block set apart by blank lines.
  const entries: { readonly text: string; readonly block: boolean }[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const messages = [...file.messages]
      .filter((message) => !options.silent || message.fatal === true)
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    const name = file.path || '<stdin>';
    if (messages.length === 0) {
      if (!options.quiet && !options.silent) entries.push({ text: `${name}: no issues found`, block: false });
      continue;
    }
    const place = (message: VFileMessage) => `${message.line ?? 1}:${message.column ?? 1}`;
    const width = Math.max(...messages.map((message) => place(message).length));
    const rows = messages.map((message) => {
      const error = message.fatal === true;
      if (error) errors++;
      else warnings++;
      const rule = [message.source, message.ruleId].filter(Boolean).join(':');
      const note = options.verbose && message.note ? `\n    ${message.note.replace(/\n/gu, '\n    ')}` : '';
      return `  ${place(message).padEnd(width)}  ${error ? 'error  ' : 'warning'}  ${message.reason.split('\n')[0]}${rule ? `  ${rule}` : ''}${note}`;
    });
    entries.push({ text: [name, ...rows].join('\n'), block: true });
  }
  const totals = [errors > 0 ? `✖ ${plural(errors, 'error')}` : '', warnings > 0 ? `⚠ ${plural(warnings, 'warning')}` : ''].filter(Boolean).join(', ');
  if (totals) entries.push({ text: totals, block: true });
  return entries.map((entry, index) => (index === 0 ? '' : entry.block || entries[index - 1]!.block ? '\n\n' : '\n') + entry.text).join('');
}
