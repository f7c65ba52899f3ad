import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProofConfig, ProofStep } from './config.js';

/** Reports go here, relative to the repository root; the folder must be git-ignored. */
export const REPORTS_DIR = 'reports';
export const REPORT_FILE = 'report.json';
/** The signed envelope, beside the report it wraps. */
export const ENVELOPE_FILE = 'report.dsse.json';

function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** A new folder for one run's report and logs; never reuses one. */
export function reportFolder(root: string, started: Date, commit: string): string {
  const base = join(root, REPORTS_DIR, `proof-${timestamp(started)}-${commit.slice(0, 12)}`);
  mkdirSync(join(root, REPORTS_DIR), { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      mkdirSync(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A step's log in the report folder: `NN-<id>.log`, numbered by the step's place in the configuration. */
export function logName(config: ProofConfig, step: ProofStep): string {
  return `${String(config.steps.indexOf(step) + 1).padStart(2, '0')}-${step.id}.log`;
}
