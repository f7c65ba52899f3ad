import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

declare module 'vfile' {
  interface DataMap {
    operationsHeldErrors: VFileMessage[];
  }
}

/**
 * Works around a race in unified-engine (11.2.2, `lib/file-pipeline/queue.js`):
 * a file that reaches the end of its pipeline flushes the run once every other
 * file is queued or has a fatal message, so a file that got an error while its
 * own asynchronous checks still run (links, lint comments) counts as done. It
 * is left out of that flush, and once it is done the run waits for files
 * already flushed: the run never ends, and the process exits 0 with no report.
 * tests/engine-run.test.ts shows it (it fails without this). No upstream issue
 * reports it that we could find.
 *
 * So, inside unified-engine (which passes a file set), errors are held as
 * warnings while the files are checked, and become errors once every file is
 * done, before anything is reported. Without a file set (a processor run on
 * one file) they are errors at once.
 */
export function holdError(message: VFileMessage, file: VFile, fileSet: FileSet | undefined): void {
  if (!fileSet) {
    message.fatal = true;
    return;
  }
  message.fatal = false;
  (file.data.operationsHeldErrors ??= []).push(message);
  fileSet.use(releaseHeldErrors);
}

function releaseHeldErrors(set: FileSet): undefined {
  for (const file of set.valueOf()) {
    for (const message of file.data.operationsHeldErrors ?? []) message.fatal = true;
    delete file.data.operationsHeldErrors;
  }
  return undefined;
}
releaseHeldErrors.pluginId = 'bookiji-operations-held-errors';
