import { relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import type { VFileMessage } from 'vfile-message';

interface SarifOptions {
  readonly cwd: string;
  readonly toolName: string;
  readonly toolVersion: string;
  readonly informationUri?: string;
  /** Only errors, as `--silent` asks. */
  readonly silent?: boolean;
}

/** `source:rule-id`; remark-validate-links already puts its rule id in its source (`remark-validate-links:missing-file`). */
function ruleKey(message: VFileMessage): string {
  if (!message.ruleId) return 'unknown';
  if (!message.source || message.source.endsWith(`:${message.ruleId}`)) return message.source ?? message.ruleId;
  return `${message.source}:${message.ruleId}`;
}

/**
 * A SARIF 2.1.0 log of every message, so code scanning can track findings
 * across runs. Locations are relative to the working directory.
 */
export function sarifReport(files: readonly VFile[], options: SarifOptions): string {
  const rules = new Map<string, { id: string; helpUri?: string }>();
  const results = files.flatMap((file) =>
    file.messages.filter((message) => !options.silent || message.fatal === true).map((message) => {
      const id = ruleKey(message);
      if (!rules.has(id)) rules.set(id, { id, ...(message.url ? { helpUri: message.url } : {}) });
      const uri = file.path ? relative(options.cwd, resolve(file.cwd, file.path)).split('\\').join('/') : 'stdin';
      return {
        ruleId: id,
        level: message.fatal === true ? 'error' : message.fatal === false ? 'warning' : 'note',
        message: { text: message.reason },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
              region: {
                startLine: message.line ?? 1,
                startColumn: message.column ?? 1,
                ...(message.place && 'end' in message.place && message.place.end
                  ? { endLine: message.place.end.line, endColumn: message.place.end.column }
                  : {}),
              },
            },
          },
        ],
      };
    }),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: options.toolName,
            version: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${options.cwd.split('\\').join('/').replace(/\/?$/u, '/')}` } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
