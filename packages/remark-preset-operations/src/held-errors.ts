import type { FileSet } from 'unified-engine';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

declare module 'vfile' {
  interface DataMap {
    operationsHeldErrors: VFileMessage[];
  }
}

/**
 * unified-engine waits for every file of a run before it reports, and counts a
 * file that has an error (a fatal message) as finished. A file that gets an
 * error while its own checks are still running (some of them wait on the file
 * system) can then let the run report without it, and once that file is done
 * the run waits for files already reported: the process ends with no report and
 * exit code 0. So, inside unified-engine (which passes a file set), errors are
 * held as warnings while the files are checked, and become errors once every
 * file is done, before anything is reported. Without a file set (a processor
 * run on one file, an editor) they are errors at once.
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
