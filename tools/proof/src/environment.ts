import { delimiter, join } from 'node:path';
import type { ProofEnvironment } from './config.js';
import { FIXED_ENVIRONMENT } from './config.js';

/**
 * The environment every step runs with: only the allowed variables of the
 * operator's environment, the configuration's fixed values, and the runner's
 * own (`TZ=UTC`, `LC_ALL=C`, no colour, `SOURCE_DATE_EPOCH`). The repository's
 * `node_modules/.bin` comes first on `PATH`, so the workspace's own tools run
 * whatever the operator has installed globally.
 */
export function stepEnvironment(
  parent: Readonly<Record<string, string | undefined>>,
  environment: ProofEnvironment,
  root: string,
  sourceDateEpoch: number,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of environment.allow) {
    const value = parent[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, environment.set ?? {}, FIXED_ENVIRONMENT);
  env.SOURCE_DATE_EPOCH = String(sourceDateEpoch);
  const bin = join(root, 'node_modules', '.bin');
  env.PATH = env.PATH ? `${bin}${delimiter}${env.PATH}` : bin;
  return env;
}
