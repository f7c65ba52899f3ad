import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signEnvelope } from './dsse.js';
import { configValue } from './git.js';
import { ENVELOPE_FILE } from './report-folder.js';

/**
 * Signs a report's bytes with the SSH key git signs with (`gpg.format ssh`
 * and `user.signingkey`), into a DSSE envelope beside the report. Gives the
 * line the run shows for its signature: the key, or why there is none.
 */
export function signReport(root: string, folder: string, bytes: Uint8Array): string {
  const signingKey = configValue(root, 'gpg.format') === 'ssh' ? configValue(root, 'user.signingkey') : null;
  if (signingKey === null) return 'none (git has no SSH signing key; set gpg.format ssh and user.signingkey to sign)';
  const signed = signEnvelope(bytes, signingKey);
  if (!signed.ok) return `none (${signed.message})`;
  writeFileSync(join(folder, ENVELOPE_FILE), `${JSON.stringify(signed.envelope, null, 2)}\n`);
  return `${signed.envelope.signatures[0]?.keyid || signingKey}, in ${ENVELOPE_FILE} beside the report`;
}
