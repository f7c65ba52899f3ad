import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository these checks belong to: three folders up from this file. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
