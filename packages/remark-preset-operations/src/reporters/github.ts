import { relative, resolve } from 'node:path';
import type { VFile } from 'vfile';

// Workflow commands treat `%`, CR and LF specially in data, plus `:` and `,` in properties.
const escapeData = (text: string) => text.replace(/%/gu, '%25').replace(/\r/gu, '%0D').replace(/\n/gu, '%0A');
const escapeProperty = (text: string) => escapeData(text).replace(/:/gu, '%3A').replace(/,/gu, '%2C');

/** GitHub Actions workflow commands, one per message, so findings show on the pull request's diff. */
export function githubAnnotations(files: readonly VFile[], cwd: string): string {
  return files
    .flatMap((file) =>
      file.messages.map((message) => {
        const level = message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'notice';
        const path = file.path ? relative(cwd, resolve(file.cwd, file.path)).split('\\').join('/') : 'stdin';
        const title = message.ruleId ?? 'docs-lint';
        const properties = [`file=${escapeProperty(path)}`, `line=${message.line ?? 1}`, `col=${message.column ?? 1}`, `title=${escapeProperty(title)}`];
        return `::${level} ${properties.join(',')}::${escapeData(message.reason)}`;
      }),
    )
    .join('\n');
}
