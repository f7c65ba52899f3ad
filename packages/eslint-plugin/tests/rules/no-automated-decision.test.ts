import rule from '../../src/rules/no-automated-decision.js';
import { at, jsRuleTester, ruleTester, settings, eslintRule } from '../helpers.js';

const layer2 = at('src/rollbacks/new.ts');
const decision = { messageId: 'automatedDecision' } as const;
const flag = { messageId: 'humanStepOff' } as const;

ruleTester.run('no-automated-decision', eslintRule(rule), {
  valid: [
    // A person runs this script: the decision is theirs.
    { code: 'approveChange(id);\nrollbackDeploy(release);', filename: layer2 },
    { code: "program.command('rollback').action(() => rollbackDeploy(release));", filename: layer2 },
    // Layer 0 is neither dormant nor human-only.
    { code: 'setInterval(() => rollbackDeploy(r), 10);\nconst o = { autoApprove: true };', filename: at('src/core/new.ts'), settings: settings() },
    // Settling a promise from a timer is not a decision.
    { code: "new Promise((resolve, reject) => setTimeout(() => reject(new Error('timeout')), 10));", filename: layer2 },
    // Handlers of a person's own input are that person deciding.
    { code: "button.addEventListener('click', () => approveChange(id));\nform.on('submit', () => rejectChange(id));", filename: layer2 },
    { code: 'setTimeout(() => notify(team), 10);', filename: layer2 },
    // Flags that keep the human step.
    { code: 'const options = { autoApprove: false, requireHumanApproval: true, skipHumanApproval: undefined };', filename: layer2 },
    { code: 'config.autoRollback = false;', filename: layer2 },
    { code: 'const humanApproval = await ask();', filename: layer2 },
    // Custom patterns replace the defaults.
    { code: 'setInterval(() => approveChange(id), 10);', filename: layer2, options: [{ decisionFunctions: ['^sign'] }] },
  ],
  invalid: [
    {
      code: 'setTimeout(() => approveChange(id), 10);',
      filename: layer2,
      errors: [
        {
          message:
            'Unexpected call to `approveChange` from a `setTimeout` callback in human-only Layer 2 (Change Management & Rollbacks), expected a person to make this decision: the contract says "Human-triggered only" (docs/operations/OPERATIONAL_LAYERS.md:51, Layer 2 — Change Management & Rollbacks).',
          line: 1,
          column: 18,
        },
      ],
    },
    { code: "cron.schedule('0 * * * *', async () => { await rollbackDeploy(latest); });", filename: layer2, errors: [decision] },
    { code: "new CronJob('0 * * * *', function () { this.applyPolicyChange(p); });", filename: layer2, errors: [decision] },
    { code: "emitter.on('alert', (alert) => escalateIncident(alert));", filename: at('src/incident-response/new.ts'), errors: [decision] },
    { code: "bus.subscribe('sev1', (e) => incidents.resolveIncident(e.id));", filename: at('src/incident-response/new.ts'), errors: [decision] },
    { code: 'queue.process(async (job) => updateGuardrail(job.data));', filename: at('src/policy-evolution/new.ts'), errors: [decision] },
    { code: "new Worker('decisions', async (job) => { if (job.data.ok) rejectProposal(job.data); });", filename: at('src/policy-evolution/new.ts'), errors: [decision] },
    { code: 'agenda.define("review", async () => approve());', filename: layer2, errors: [decision] },
    { code: 'setImmediate(() => rollBack());', filename: layer2, errors: [decision] },
    // Callbacks passed by name.
    { code: 'function onTick() {\n  approveChange(id);\n}\nsetInterval(onTick, 1000);', filename: layer2, errors: [{ messageId: 'automatedDecision', line: 2 }] },
    { code: "const handler = async () => { await revertRelease(r); };\nprocess.on('SIGHUP', handler);", filename: layer2, errors: [decision] },
    // Nested deeper inside the callback.
    { code: 'setInterval(() => { for (const c of changes) { if (c.ok) { approveChange(c); } } }, 10);', filename: layer2, errors: [decision] },
    // Flags that switch the human step off.
    {
      code: 'const options = { autoApprove: true };',
      filename: layer2,
      errors: [
        {
          message:
            'Unexpected `autoApprove` switching a human step off in human-only Layer 2 (Change Management & Rollbacks), expected a person to decide: the contract says "Human-triggered only" (docs/operations/OPERATIONAL_LAYERS.md:51, Layer 2 — Change Management & Rollbacks).',
          line: 1,
          column: 19,
        },
      ],
    },
    { code: 'deploy({ skipHumanApproval: true });', filename: layer2, errors: [flag] },
    { code: "deploy({ 'auto-rollback': true });", filename: layer2, errors: [flag] },
    { code: 'deploy({ autoRollback });', filename: layer2, errors: [flag] },
    { code: 'config.autoRollback = isNight;', filename: layer2, errors: [flag] },
    { code: 'const AUTO_APPROVE = 1;', filename: layer2, errors: [flag] },
    { code: 'class Pipeline { autoMerge = true; }', filename: layer2, errors: [flag] },
    { code: 'deploy({ requireHumanApproval: false, humanApproval: false });', filename: layer2, errors: [flag, flag] },
    { code: 'const el = <Rollout autoApprove />;', filename: at('src/rollbacks/new.tsx'), errors: [flag] },
    { code: 'const el = <Rollout requireApproval={false} />;', filename: at('src/rollbacks/new.tsx'), errors: [flag] },
    { code: 'setInterval(() => signOff(id), 10);', filename: layer2, options: [{ decisionFunctions: ['^sign'] }], errors: [decision] },
    { code: 'deploy({ yolo: true });', filename: layer2, options: [{ automationFlags: ['^yolo$'] }], errors: [flag] },
  ],
});

jsRuleTester.run('no-automated-decision (JavaScript)', eslintRule(rule), {
  valid: [{ code: 'approveChange(id);', filename: at('src/rollbacks/new.js') }],
  invalid: [{ code: 'setInterval(function () { approveChange(id); }, 10);', filename: at('src/rollbacks/new.js'), errors: [decision] }],
});
