// The release proof's steps, in the order docs/operations/PROOF_RUNBOOK.md lists them.
// `pnpm proof` runs them; `pnpm proof --list` prints them.
import type { ProofConfig } from './tools/proof/src/config.js';

// Workspace CLIs run from their sources, so the proof needs no build before it starts.
const fromSource = ['node', '--conditions=@bookiji/source', '--import', 'tsx'] as const;
const proofCheck = [...fromSource, 'tools/proof/src/cli.ts', 'check'] as const;

export default {
  steps: [
    {
      id: 'clean-tree',
      title: 'The working tree is clean and HEAD is a commit',
      command: ['git', 'status', '--porcelain=v1', '--untracked-files=all'],
      timeoutSeconds: 60,
      pass: { exitCode: 0, output: 'empty' },
      // Nothing else is worth running on a tree that is not the commit to release.
      precondition: true,
    },
    {
      id: 'frozen-install',
      title: 'The install matches pnpm-lock.yaml (frozen, offline first)',
      command: ['pnpm', 'install', '--frozen-lockfile', '--prefer-offline'],
      timeoutSeconds: 600,
      pass: { exitCode: 0 },
      // Every later step runs the installed tools: an install that does not match the lockfile proves nothing.
      precondition: true,
    },
    {
      id: 'docs-lint',
      title: 'The operations docs lint clean',
      command: ['pnpm', 'docs:lint'],
      timeoutSeconds: 600,
      pass: { exitCode: 0 },
    },
    {
      id: 'lint',
      title: 'ESLint, with the contract plugin, finds no error and no warning',
      command: ['pnpm', 'lint', '--', '--max-warnings', '0'],
      timeoutSeconds: 900,
      pass: { exitCode: 0 },
    },
    {
      id: 'typecheck',
      title: 'Every package type-checks',
      command: ['pnpm', 'typecheck'],
      timeoutSeconds: 900,
      pass: { exitCode: 0 },
    },
    {
      id: 'test',
      title: "Every package's tests pass",
      command: ['pnpm', 'test'],
      timeoutSeconds: 1200,
      pass: { exitCode: 0 },
    },
    {
      id: 'dormant-layers',
      title: 'No file belongs to a dormant layer (bookiji-layers dormant)',
      command: [...fromSource, 'packages/eslint-plugin/src/cli.ts', 'dormant'],
      timeoutSeconds: 300,
      pass: { exitCode: 0 },
    },
    {
      id: 'changesets',
      title: 'Every package changed since the last release has a changeset',
      command: [...proofCheck, 'changesets'],
      timeoutSeconds: 300,
      pass: { exitCode: 0 },
    },
    {
      id: 'operations-changelog',
      title: 'The operations changelog has an entry for the release',
      command: [...proofCheck, 'operations-changelog'],
      timeoutSeconds: 120,
      pass: { exitCode: 0 },
    },
    {
      id: 'reproducible-build',
      title: 'Two clean builds give identical dist/ files',
      command: [...proofCheck, 'reproducible-build'],
      timeoutSeconds: 1800,
      pass: { exitCode: 0 },
    },
  ],
  // These only read the tree; the turbo steps before them build dist/ and run alone.
  parallel: [['test', 'dormant-layers', 'changesets', 'operations-changelog']],
  environment: {
    allow: [
      'HOME',
      'PATH',
      'USER',
      'LOGNAME',
      'SHELL',
      'TMPDIR',
      'XDG_CONFIG_HOME',
      'XDG_CACHE_HOME',
      'XDG_DATA_HOME',
      'HTTP_PROXY',
      'HTTPS_PROXY',
      'NO_PROXY',
      'http_proxy',
      'https_proxy',
      'no_proxy',
    ],
    set: {
      // A release proof runs every check; a turbo cache hit would replay an earlier run's logs instead.
      TURBO_FORCE: '1',
      TURBO_TELEMETRY_DISABLED: '1',
      TURBO_NO_UPDATE_NOTIFIER: '1',
    },
  },
} satisfies ProofConfig;
