import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** The `-n` namespace of every proof signature, so a signature made for git or a file cannot pass as one. */
export const SIGNATURE_NAMESPACE = 'bookiji-proof';
/** Where a repository lists the keys whose signatures verify accepts. */
export const ALLOWED_SIGNERS = '.github/allowed_signers';

export interface DsseSignature {
  readonly keyid: string;
  readonly sig: string;
}

export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: string;
  readonly signatures: readonly DsseSignature[];
}

/** DSSE's pre-authentication encoding: what is actually signed. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), Buffer.from(payload)]);
}

export interface SigningKey {
  /** A file ssh-keygen accepts with `-f`: a private key, or a public key whose private half is in the agent. */
  readonly file: string;
  /** Removes a temporary file written for a literal key. */
  readonly dispose: () => void;
}

/**
 * The key git signs with (`user.signingkey` with `gpg.format ssh`): a path,
 * or a literal public key (`key::ssh-ed25519 ...` or `ssh-ed25519 ...`).
 */
export function signingKeyFile(signingKey: string): SigningKey {
  const literal = signingKey.startsWith('key::') ? signingKey.slice(5) : signingKey.startsWith('ssh-') ? signingKey : null;
  if (literal === null) {
    const file = signingKey.startsWith('~/') ? join(homedir(), signingKey.slice(2)) : signingKey;
    return { file, dispose: () => undefined };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bookiji-proof-key-'));
  const file = join(dir, 'key.pub');
  writeFileSync(file, `${literal}\n`, { mode: 0o600 });
  return { file, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function keyFingerprint(file: string): string | null {
  const result = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' });
  return result.status === 0 ? (result.stdout.split(' ')[1] ?? null) : null;
}

export type SignResult = { readonly ok: true; readonly envelope: DsseEnvelope } | { readonly ok: false; readonly message: string };

/** Wraps a payload in a DSSE envelope signed with `ssh-keygen -Y sign`. */
export function signEnvelope(payload: Uint8Array, signingKey: string): SignResult {
  const key = signingKeyFile(signingKey);
  try {
    const result = spawnSync('ssh-keygen', ['-Y', 'sign', '-f', key.file, '-n', SIGNATURE_NAMESPACE], {
      input: pae(PAYLOAD_TYPE, payload),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (result.error) return { ok: false, message: `ssh-keygen could not run: ${result.error.message}` };
    if (result.status !== 0) return { ok: false, message: `ssh-keygen -Y sign failed: ${result.stderr.toString('utf8').trim()}` };
    const keyid = keyFingerprint(key.file) ?? '';
    return {
      ok: true,
      envelope: {
        payloadType: PAYLOAD_TYPE,
        payload: Buffer.from(payload).toString('base64'),
        signatures: [{ keyid, sig: result.stdout.toString('base64') }],
      },
    };
  } finally {
    key.dispose();
  }
}

export type VerifyResult = { readonly ok: true; readonly principal: string } | { readonly ok: false; readonly message: string };

/** Checks one signature against an allowed-signers file with `ssh-keygen -Y find-principals` and `-Y verify`. */
export function verifySignature(envelope: DsseEnvelope, signature: DsseSignature, allowedSigners: string): VerifyResult {
  const dir = mkdtempSync(join(tmpdir(), 'bookiji-proof-sig-'));
  try {
    const sigFile = join(dir, 'report.sig');
    writeFileSync(sigFile, Buffer.from(signature.sig, 'base64'));
    const found = spawnSync('ssh-keygen', ['-Y', 'find-principals', '-s', sigFile, '-f', allowedSigners], { encoding: 'utf8' });
    const principal = found.status === 0 ? found.stdout.split('\n')[0]?.trim() : undefined;
    if (!principal) return { ok: false, message: `Unexpected signing key ${signature.keyid || '(unnamed)'}, expected a key listed in ${ALLOWED_SIGNERS}` };
    const verified = spawnSync('ssh-keygen', ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', SIGNATURE_NAMESPACE, '-s', sigFile], {
      input: pae(envelope.payloadType, Buffer.from(envelope.payload, 'base64')),
      encoding: 'utf8',
    });
    if (verified.status !== 0) return { ok: false, message: `Unexpected signature that does not verify for ${principal}, expected a good signature: ${verified.stderr.trim() || verified.stdout.trim()}` };
    return { ok: true, principal };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
