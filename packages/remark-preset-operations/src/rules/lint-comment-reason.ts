import { commentMarker } from 'mdast-comment-marker';
import { eachNode } from '../markdown.js';
import { defineFileRule } from '../rule.js';

const LINT_COMMENT = /^<!--\s*lint\s+(\w+)/u;

/** Rules whose exceptions are one instance at a time, as the contract demands of human-only layers. */
const PER_INSTANCE_RULES = new Set(['no-automation-phrases']);

/**
 * Every `<!-- lint ignore … -->` and `<!-- lint disable … -->` comment gives its
 * reason as `reason="…"`; the automation rule is silenced one instance at a time.
 */
export const lintCommentReason = defineFileRule('lint-comment-reason', (tree, _file, report) => {
  eachNode(tree, (node) => {
    if (node.type !== 'html') return;
    const verb = LINT_COMMENT.exec(node.value)?.[1];
    if (verb === undefined) return;
    const at = node.position?.start;
    const marker = commentMarker(node);
    if (!marker) {
      report(
        'Unexpected `lint` comment that remark cannot read (punctuation outside quotes?), expected `<!-- lint ignore rule-id reason="…" -->`',
        at,
      );
      return;
    }
    if (verb !== 'ignore' && verb !== 'disable') return;
    const reason = marker.parameters.reason;
    if (typeof reason !== 'string' || reason.trim() === '') {
      report(`Unexpected \`lint ${verb}\` without a reason, expected \`reason="…"\` saying why the exception is right`, at);
    }
    if (verb === 'disable') {
      const ids = marker.attributes.split(/\s+/u).slice(1).filter((id) => /^[\w-]+$/u.test(id));
      const all = ids.length === 0;
      for (const id of all ? [...PER_INSTANCE_RULES] : ids.filter((candidate) => PER_INSTANCE_RULES.has(candidate))) {
        report(`Unexpected \`lint disable\`${all ? '' : ` of \`${id}\``}, expected \`lint ignore ${id}\`, which silences one instance`, at);
      }
    }
  });
});
