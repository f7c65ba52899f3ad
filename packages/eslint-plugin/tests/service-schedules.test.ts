import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewFor } from '../src/fs-view.js';
import { findSchedules } from '../src/schedules/index.js';
import { tempTree } from './helpers.js';

function schedulesOf(files: Record<string, string>) {
  const root = tempTree(files);
  return { root, schedules: findSchedules(root, Object.keys(files), viewFor(null)) };
}

describe('Serverless Framework', () => {
  it("ties each function's schedule events to its handler, in the service's folder", () => {
    const { root, schedules } = schedulesOf({
      'services/api/serverless.yml': [
        'service: api',
        'provider:',
        '  name: aws',
        '  runtime: nodejs20.x',
        'functions:',
        '  sweep:',
        '    handler: src/jobs/sweep.handler',
        '    events:',
        '      - schedule: rate(10 minutes)',
        '      - schedule:',
        '          rate:',
        '            - cron(0 12 * * ? *)',
        '            - cron(0 18 * * ? *)',
        '          enabled: false',
        '  report:',
        '    handler: reports/handler.main',
        '    runtime: python3.12',
        '    events:',
        '      - eventBridge:',
        '          schedule: rate(1 day)',
        '  web:',
        '    handler: src/web.handler',
        '    events:',
        "      - httpApi: 'GET /'",
        '  gone:',
        '    handler: src/gone.handler',
        '    events:',
        '      - schedule: rate(1 hour)',
        '  custom:',
        '    handler: ${self:custom.handler}',
        '    events:',
        '      - schedule: rate(1 hour)',
        '',
      ].join('\n'),
      'services/api/src/jobs/sweep.ts': 'export const handler = async () => {};\n',
      'services/api/src/web.ts': 'export const handler = async () => {};\n',
      'services/api/reports/handler.py': 'def main(event, context):\n    pass\n',
    });
    expect(schedules).toEqual([
      { kind: 'serverless', source: 'services/api/serverless.yml', line: 9, when: 'rate(10 minutes)', what: 'function sweep', runs: [join(root, 'services/api/src/jobs/sweep.ts')], unresolved: null },
      { kind: 'serverless', source: 'services/api/serverless.yml', line: 11, when: 'cron(0 12 * * ? *), cron(0 18 * * ? *) (enabled: false)', what: 'function sweep', runs: [join(root, 'services/api/src/jobs/sweep.ts')], unresolved: null },
      { kind: 'serverless', source: 'services/api/serverless.yml', line: 20, when: 'rate(1 day)', what: 'function report', runs: [join(root, 'services/api/reports/handler.py')], unresolved: null },
      { kind: 'serverless', source: 'services/api/serverless.yml', line: 28, when: 'rate(1 hour)', what: 'function gone', runs: [], unresolved: 'no file `services/api/src/gone` (.ts, .js, …)' },
      { kind: 'serverless', source: 'services/api/serverless.yml', line: 32, when: 'rate(1 hour)', what: 'function custom', runs: [], unresolved: 'the handler `${self:custom.handler}` is a variable of the Serverless Framework, which is not read' },
    ]);
  });

  it('reads functions kept in another file with ${file(…)}, and says when functions come from a variable it cannot read', () => {
    const { root, schedules } = schedulesOf({
      'serverless.yml': 'service: jobs\nfunctions: ${file(./config/functions.yml)}\n',
      'config/functions.yml': 'nightly:\n  handler: handlers/nightly.run\n  events:\n    - schedule: cron(0 3 * * ? *)\n',
      'handlers/nightly.js': 'exports.run = async () => {};\n',
      'other/serverless.yaml': 'service: other\nfunctions:\n  - ${file(./cron.yml):jobs}\n  - ${self:custom.more}\n',
      'other/cron.yml': 'jobs:\n  purge:\n    handler: purge.handler\n    events:\n      - schedule: rate(1 day)\n',
      'other/purge.ts': 'export const handler = async () => {};\n',
    });
    expect(schedules).toEqual([
      { kind: 'serverless', source: 'config/functions.yml', line: 4, when: 'cron(0 3 * * ? *)', what: 'function nightly', runs: [join(root, 'handlers/nightly.js')], unresolved: null },
      { kind: 'serverless', source: 'other/cron.yml', line: 5, when: 'rate(1 day)', what: 'function purge', runs: [join(root, 'other/purge.ts')], unresolved: null },
      { kind: 'serverless', source: 'other/serverless.yaml', line: 4, when: '?', what: 'functions ${self:custom.more}', runs: [], unresolved: "`${self:custom.more}` is a variable of the Serverless Framework, which is not read: its functions' schedules cannot be checked" },
    ]);
  });

  it('lists a file that does not parse as a schedule whose code cannot be found', () => {
    const { schedules } = schedulesOf({ 'serverless.yml': 'functions:\n  sweep: [\n' });
    expect(schedules).toMatchObject([{ kind: 'serverless', source: 'serverless.yml', what: 'the whole file', runs: [] }]);
    expect(schedules[0]?.unresolved).toMatch(/^`serverless.yml` does not parse/);
  });
});

describe('Serverless Framework in code (serverless.ts)', () => {
  it("follows the template's imported functions to their files, and ties each schedule to the handler beside it", () => {
    // As `serverless create --template aws-nodejs-typescript` lays a service out: each function in a folder of its own, imported by alias.
    const { root, schedules } = schedulesOf({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@functions/*': ['src/functions/*'], '@libs/*': ['src/libs/*'] } } }),
      'serverless.ts': [
        "import type { AWS } from '@serverless/typescript';",
        "import hello from '@functions/hello';",
        "import { sweep as nightlySweep } from './src/functions/sweep/config';",
        '',
        'const serverlessConfiguration: AWS = {',
        "  service: 'bookings',",
        "  provider: { name: 'aws', runtime: 'nodejs20.x' },",
        '  // The functions, each in its own file.',
        '  functions: {',
        '    hello,',
        '    sweep: nightlySweep,',
        '    report: {',
        "      handler: 'src/reports/weekly.handler',",
        "      events: [{ http: { method: 'get', path: 'report' } }, { schedule: 'cron(0 8 ? * MON *)' }],",
        '    },',
        '  },',
        '};',
        '',
        'module.exports = serverlessConfiguration;',
        '',
      ].join('\n'),
      'src/functions/hello/index.ts': [
        "import { handlerPath } from '@libs/handler-resolver';",
        'export default {',
        '  handler: `${handlerPath(__dirname)}/handler.main`,',
        "  events: [{ http: { method: 'post', path: 'hello' } }],",
        '};',
        '',
      ].join('\n'),
      'src/functions/hello/handler.ts': 'export const main = async () => ({ statusCode: 200 });\n',
      'src/functions/sweep/config.ts': [
        "import { handlerPath } from '@libs/handler-resolver';",
        'export const sweep = {',
        '  handler: `${handlerPath(__dirname)}/handler.main`,',
        '  events: [',
        "    { schedule: 'rate(1 hour)' },",
        "    { schedule: { rate: ['cron(0 3 * * ? *)', 'cron(0 15 * * ? *)'], enabled: false } },",
        '  ],',
        '};',
        '',
      ].join('\n'),
      'src/functions/sweep/handler.ts': 'export const main = async () => {};\n',
      'src/libs/handler-resolver.ts': "export const handlerPath = (context: string) => `${context.split(process.cwd())[1]!.substring(1).replace(/\\\\/g, '/')}`;\n",
      'src/reports/weekly.ts': 'export const handler = async () => {};\n',
    });
    expect(schedules).toEqual([
      { kind: 'serverless', source: 'src/functions/sweep/config.ts', line: 5, when: 'rate(1 hour)', what: 'function sweep', runs: [join(root, 'src/functions/sweep/handler.ts')], unresolved: null },
      { kind: 'serverless', source: 'src/functions/sweep/config.ts', line: 6, when: 'cron(0 3 * * ? *), cron(0 15 * * ? *) (enabled: false)', what: 'function sweep', runs: [join(root, 'src/functions/sweep/handler.ts')], unresolved: null },
      { kind: 'serverless', source: 'serverless.ts', line: 14, when: 'cron(0 8 ? * MON *)', what: 'function report', runs: [join(root, 'src/reports/weekly.ts')], unresolved: null },
    ]);
  });

  it('follows a barrel of re-exports to the file that defines the function', () => {
    const { root, schedules } = schedulesOf({
      'serverless.ts': "import { hello, sweep } from './src/functions';\n\nexport default { service: 'jobs', provider: { name: 'aws', runtime: 'nodejs20.x' }, functions: { hello, sweep } };\n",
      'src/functions/index.ts': "export { default as hello } from './hello';\nexport * from './sweep';\n",
      'src/functions/hello/index.ts': "export default { handler: 'src/functions/hello/handler.main', events: [{ httpApi: 'GET /' }] };\n",
      'src/functions/sweep/index.ts': "const config = {\n  handler: `${__dirname}/handler.main`,\n  events: [{ schedule: 'rate(5 minutes)' }],\n};\nexport { config as sweep };\n",
      'src/functions/sweep/handler.ts': 'export const main = async () => {};\n',
    });
    expect(schedules).toEqual([
      { kind: 'serverless', source: 'src/functions/sweep/index.ts', line: 3, when: 'rate(5 minutes)', what: 'function sweep', runs: [join(root, 'src/functions/sweep/handler.ts')], unresolved: null },
    ]);
  });

  it('lists the functions it cannot read, where they could hold a schedule, and a handler it cannot follow', () => {
    const { schedules } = schedulesOf({
      'services/jobs/serverless.mjs': [
        "import { base } from './base.mjs';",
        "import { purge } from './purge.mjs';",
        'export default {',
        "  service: 'jobs',",
        '  functions: {',
        '    ...base,',
        '    purge,',
        '    audit: makeFunction(\'audit\', { every: 1 }),',
        '    rotate: {',
        '      handler: `${process.env.HANDLERS}/rotate.handler`,',
        "      events: [{ eventBridge: { schedule: 'rate(7 days)' } }],",
        '    },',
        '    missing,',
        '  },',
        '};',
        '',
      ].join('\n'),
      'services/jobs/base.mjs': "export const base = {};\n",
      'services/jobs/purge.mjs': "export const purge = makeScheduled('purge', { schedule: 'rate(1 day)' });\n",
    });
    expect(schedules).toEqual([
      { kind: 'serverless', source: 'services/jobs/serverless.mjs', line: 6, when: '?', what: 'function ...base', runs: [], unresolved: 'a function of `functions` that is spread in or computed is not read: its schedules cannot be checked' },
      { kind: 'serverless', source: 'services/jobs/purge.mjs', line: 1, when: '?', what: 'function purge', runs: [], unresolved: '`purge.mjs` does not export the function `purge` as an object literal: its schedules are not read' },
      { kind: 'serverless', source: 'services/jobs/serverless.mjs', line: 8, when: '?', what: 'function audit', runs: [], unresolved: 'the function `audit` is not written out as an object or a name: its schedules are not read' },
      { kind: 'serverless', source: 'services/jobs/serverless.mjs', line: 11, when: 'rate(7 days)', what: 'function rotate', runs: [], unresolved: 'the handler `${process.env.HANDLERS}/rotate.handler` is computed, which is not read' },
      { kind: 'serverless', source: 'services/jobs/serverless.mjs', line: 13, when: '?', what: 'function missing', runs: [], unresolved: 'the function `missing` is `missing`, which `serverless.mjs` neither declares nor imports as written: its schedules are not read' },
    ]);
  });

  it('lists nothing for a service with no scheduled function, reads functions kept in a file of their own, and lists computed ones as not read', () => {
    expect(
      schedulesOf({
        'serverless.ts': "import hello from './hello';\nexport default { service: 'web', functions: { hello } };\n",
        'hello.ts': "export default { handler: 'handler.main', events: [{ httpApi: 'GET /' }] };\n",
        'handler.ts': 'export const main = () => {};\n',
      }).schedules,
    ).toEqual([]);
    const kept = schedulesOf({
      'serverless.ts': "import functions from './functions';\n// The Lambda functions\nexport default { service: 'jobs', functions };\n",
      'functions.ts': "export default {\n  sweep: { handler: 'jobs/sweep.main', events: [{ schedule: 'rate(1 day)' }] },\n};\n",
      'jobs/sweep.ts': 'export const main = async () => {};\n',
    });
    expect(kept.schedules).toEqual([{ kind: 'serverless', source: 'functions.ts', line: 2, when: 'rate(1 day)', what: 'function sweep', runs: [join(kept.root, 'jobs/sweep.ts')], unresolved: null }]);
    expect(schedulesOf({ 'serverless.ts': "export default { service: 'jobs', functions: buildFunctions(['sweep']) };\n" }).schedules).toEqual([
      { kind: 'serverless', source: 'serverless.ts', line: 1, when: '?', what: 'functions', runs: [], unresolved: 'the `functions` of `serverless.ts` are computed, not written out: they are not read' },
    ]);
  });

  it('reads the functions of a base config the service spreads in, and says when the spread cannot be followed', () => {
    const { root, schedules } = schedulesOf({
      'services/jobs/serverless.ts': [
        "import type { AWS } from '@serverless/typescript';",
        "import base from '../serverless.base';",
        "const tags = { team: 'ops' };",
        "const config: AWS = { ...base, ...tags, service: 'jobs' };",
        'module.exports = config;',
        '',
      ].join('\n'),
      'services/serverless.base.ts': [
        "import type { AWS } from '@serverless/typescript';",
        'const base: Partial<AWS> = {',
        "  provider: { name: 'aws', runtime: 'nodejs20.x' },",
        '  functions: {',
        "    sweep: { handler: 'src/sweep.handler', events: [{ schedule: 'rate(1 hour)' }] },",
        '  },',
        '};',
        'export default base;',
        '',
      ].join('\n'),
      'services/jobs/src/sweep.ts': 'export const handler = async () => {};\n',
      // A spread that holds no functions, and one whose base cannot be found.
      'services/web/serverless.ts': "const common = { provider: { name: 'aws' } };\nexport default { ...common, service: 'web' };\n",
      'services/api/serverless.ts': "import shared from '@acme/serverless-shared';\nexport default { ...shared, service: 'api' };\n",
    });
    expect(schedules).toEqual([
      { kind: 'serverless', source: 'services/serverless.base.ts', line: 5, when: 'rate(1 hour)', what: 'function sweep', runs: [join(root, 'services/jobs/src/sweep.ts')], unresolved: null },
      {
        kind: 'serverless',
        source: 'services/api/serverless.ts',
        line: 2,
        when: '?',
        what: 'functions',
        runs: [],
        unresolved: 'the config spreads in `...shared`, whose functions are not read (it is imported from `@acme/serverless-shared`, which names no file of the project)',
      },
    ]);
  });
});

describe('Render', () => {
  it("ties each cron job to what its start command runs from its rootDir, a build output to its source", () => {
    const { root, schedules } = schedulesOf({
      'render.yaml': [
        'services:',
        '  - type: web',
        '    name: app',
        '    startCommand: npm start',
        '  - type: cron',
        '    name: reminders',
        '    runtime: node',
        '    schedule: "*/15 * * * *"',
        '    rootDir: apps/worker',
        '    buildCommand: npm ci && npm run build',
        '    startCommand: node dist/jobs/remind.js',
        '  - type: cron',
        '    name: image',
        '    runtime: docker',
        '    schedule: "@daily"',
        '',
      ].join('\n'),
      'apps/worker/package.json': JSON.stringify({ name: 'worker', scripts: { build: 'tsc' } }),
      'apps/worker/src/jobs/remind.ts': 'export {};\n',
    });
    expect(schedules).toEqual([
      { kind: 'render', source: 'render.yaml', line: 5, when: '*/15 * * * *', what: 'cron job reminders', runs: [join(root, 'apps/worker/src/jobs/remind.ts')], unresolved: null },
      { kind: 'render', source: 'render.yaml', line: 12, when: '@daily', what: 'cron job image', runs: [], unresolved: 'the cron job has no `startCommand`: it runs what its Dockerfile or build says, which is not read' },
    ]);
  });
});

describe('Railway', () => {
  it("ties a service's cron schedule to its start command, or to `npm start` in a Node service without one", () => {
    const { root, schedules } = schedulesOf({
      'apps/cron/railway.json': JSON.stringify({ $schema: 'https://railway.com/railway.schema.json', deploy: { cronSchedule: '0 3 * * *', startCommand: 'pnpm run nightly' } }, null, 2),
      'apps/cron/package.json': JSON.stringify({ name: 'cron', scripts: { nightly: 'tsx src/nightly.ts' } }),
      'apps/cron/src/nightly.ts': 'export {};\n',
      'apps/sweeper/railway.toml': '[build]\nbuilder = "NIXPACKS"\n\n[deploy]\ncronSchedule = "*/30 * * * *"\n',
      'apps/sweeper/package.json': JSON.stringify({ name: 'sweeper', scripts: { start: 'node src/sweep.js' } }),
      'apps/sweeper/src/sweep.js': 'export {};\n',
      'apps/web/railway.toml': '[deploy]\nstartCommand = "npm start"\n',
    });
    expect(schedules).toEqual([
      { kind: 'railway', source: 'apps/cron/railway.json', line: 4, when: '0 3 * * *', what: 'startCommand pnpm run nightly', runs: [join(root, 'apps/cron/src/nightly.ts')], unresolved: null },
      { kind: 'railway', source: 'apps/sweeper/railway.toml', line: 5, when: '*/30 * * * *', what: 'start npm start', runs: [join(root, 'apps/sweeper/src/sweep.js')], unresolved: null },
    ]);
  });
});

describe('Azure Functions', () => {
  it("ties a function's timer trigger to its script, a build output to the source it is built from, else to the folder's index", () => {
    const timer = (schedule: string) => ({ bindings: [{ name: 'timer', type: 'timerTrigger', direction: 'in', schedule }] });
    const { root, schedules } = schedulesOf({
      // The TypeScript template of the v3 model: scripts in dist/, built from the function folders.
      'functions/package.json': JSON.stringify({ name: 'functions' }),
      'functions/tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: '.' } }),
      'functions/host.json': JSON.stringify({ version: '2.0' }),
      'functions/Sweep/function.json': JSON.stringify({ ...timer('0 */5 * * * *'), scriptFile: '../dist/Sweep/index.js' }, null, 2),
      'functions/Sweep/index.ts': 'export default async function sweep() {}\n',
      // A JavaScript function with no scriptFile: the folder's index.js.
      'legacy/Digest/function.json': `{\n  // comments are allowed\n  "bindings": [{ "type": "timerTrigger", "schedule": "%DIGEST_SCHEDULE%", "name": "t" }]\n}\n`,
      'legacy/Digest/index.js': 'module.exports = async function () {};\n',
      'legacy/Gone/function.json': JSON.stringify({ ...timer('0 0 * * * *'), scriptFile: '../out/Gone/index.js' }),
      // An HTTP function is no schedule; nor is a function.json of something else.
      'functions/Status/function.json': JSON.stringify({ bindings: [{ type: 'httpTrigger', direction: 'in', name: 'req' }], scriptFile: '../dist/Status/index.js' }),
      'tools/function.json': JSON.stringify({ name: 'not azure' }),
    });
    expect(schedules).toEqual([
      { kind: 'azure-functions', source: 'functions/Sweep/function.json', line: 5, when: '0 */5 * * * *', what: 'function Sweep', runs: [join(root, 'functions/Sweep/index.ts')], unresolved: null },
      { kind: 'azure-functions', source: 'legacy/Digest/function.json', line: 3, when: '%DIGEST_SCHEDULE%', what: 'function Digest', runs: [join(root, 'legacy/Digest/index.js')], unresolved: null },
      { kind: 'azure-functions', source: 'legacy/Gone/function.json', line: 1, when: '0 0 * * * *', what: 'function Gone', runs: [], unresolved: 'no file `../out/Gone/index.js` from `legacy/Gone`, nor a source it is built from' },
    ]);
  });

  it('lists a function.json that does not parse as a schedule whose code cannot be found', () => {
    const { schedules } = schedulesOf({ 'api/Sweep/function.json': '{ "bindings": [ }' });
    expect(schedules).toEqual([{ kind: 'azure-functions', source: 'api/Sweep/function.json', line: 1, when: '?', what: 'the whole file', runs: [], unresolved: '`api/Sweep/function.json` does not parse (value expected at line 1, column 17)' }]);
  });
});

describe('AWS SAM and CloudFormation', () => {
  it("ties a SAM function's schedule events, and the rules and schedules that target a function, to the function's handler", () => {
    const { root, schedules } = schedulesOf({
      'backend/template.yaml': [
        "AWSTemplateFormatVersion: '2010-09-09'",
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    Runtime: nodejs20.x',
        '    CodeUri: src/',
        'Resources:',
        '  SweepFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: jobs/sweep.handler',
        '      Events:',
        '        Nightly:',
        '          Type: Schedule',
        '          Properties:',
        "            Schedule: cron(0 3 * * ? *)",
        '        Hourly:',
        '          Type: ScheduleV2',
        '          Properties:',
        '            ScheduleExpression: rate(1 hour)',
        '            State: DISABLED',
        '        Api:',
        '          Type: Api',
        '          Properties: { Path: /sweep, Method: post }',
        '  DigestFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      CodeUri: digest/',
        '      Handler: app.lambdaHandler',
        '  DigestRule:',
        '    Type: AWS::Events::Rule',
        '    Properties:',
        '      ScheduleExpression: rate(1 day)',
        '      Targets:',
        '        - Arn: !GetAtt DigestFunction.Arn',
        '          Id: digest',
        '        - Arn: !Ref ReportMachine',
        '          Id: report',
        '  OnUpload:',
        '    Type: AWS::Events::Rule',
        '    Properties:',
        '      EventPattern: { source: [aws.s3] }',
        '      Targets: [{ Arn: !GetAtt DigestFunction.Arn, Id: upload }]',
        '  Retry:',
        '    Type: AWS::Scheduler::Schedule',
        '    Properties:',
        '      ScheduleExpression: rate(5 minutes)',
        '      FlexibleTimeWindow: { Mode: "OFF" }',
        '      Target:',
        '        Arn:',
        '          Fn::GetAtt: [SweepFunction, Arn]',
        '        RoleArn: !GetAtt SchedulerRole.Arn',
        '  ReportMachine:',
        '    Type: AWS::StepFunctions::StateMachine',
        '',
      ].join('\n'),
      'backend/src/jobs/sweep.ts': 'export const handler = async () => {};\n',
      // A function's own CodeUri replaces the Globals', from the template's folder.
      'backend/digest/app.ts': 'export const lambdaHandler = async () => {};\n',
    });
    const sweep = [join(root, 'backend/src/jobs/sweep.ts')];
    const digest = [join(root, 'backend/digest/app.ts')];
    expect(schedules).toEqual([
      { kind: 'cloudformation', source: 'backend/template.yaml', line: 16, when: 'cron(0 3 * * ? *)', what: 'function SweepFunction, event Nightly', runs: sweep, unresolved: null },
      { kind: 'cloudformation', source: 'backend/template.yaml', line: 20, when: 'rate(1 hour) (disabled)', what: 'function SweepFunction, event Hourly', runs: sweep, unresolved: null },
      { kind: 'cloudformation', source: 'backend/template.yaml', line: 33, when: 'rate(1 day)', what: 'rule DigestRule → DigestFunction', runs: digest, unresolved: null },
      { kind: 'cloudformation', source: 'backend/template.yaml', line: 33, when: 'rate(1 day)', what: 'rule DigestRule → ReportMachine', runs: [], unresolved: 'state machine `ReportMachine` names no function of the template in its definition' },
      { kind: 'cloudformation', source: 'backend/template.yaml', line: 47, when: 'rate(5 minutes)', what: 'schedule Retry → SweepFunction', runs: sweep, unresolved: null },
    ]);
  });

  it('follows a state machine to the functions its definition names, from its own schedule events and from a rule that targets it', () => {
    const { root, schedules } = schedulesOf({
      'template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Sweep:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { CodeUri: src/, Handler: sweep.handler, Runtime: nodejs20.x }',
        '  Notify:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { CodeUri: src/, Handler: notify.handler, Runtime: nodejs20.x }',
        '  Boxed:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { PackageType: Image }',
        '  Nightly:',
        '    Type: AWS::Serverless::StateMachine',
        '    Properties:',
        '      DefinitionUri: statemachine/nightly.asl.json',
        '      DefinitionSubstitutions:',
        '        SweepArn: !GetAtt Sweep.Arn',
        '        NotifyArn: !Ref Notify',
        '        TableName: !Ref Bookings',
        '      Events:',
        '        EveryNight:',
        '          Type: Schedule',
        '          Properties: { Schedule: cron(0 2 * * ? *) }',
        '  Inline:',
        '    Type: AWS::StepFunctions::StateMachine',
        '    Properties:',
        '      DefinitionString: !Sub |',
        '        { "StartAt": "A", "States": { "A": { "Type": "Task", "Resource": "${Notify.Arn}", "Next": "B" },',
        '          "B": { "Type": "Task", "Resource": "${Boxed.Arn}", "End": true } } }',
        '  Direct:',
        '    Type: AWS::StepFunctions::StateMachine',
        '    Properties:',
        '      Definition: { StartAt: Put, States: { Put: { Type: Task, Resource: "arn:aws:states:::dynamodb:putItem", End: true } } }',
        '  Hourly:',
        '    Type: AWS::Scheduler::Schedule',
        '    Properties:',
        '      ScheduleExpression: rate(1 hour)',
        '      Target: { Arn: !Ref Inline, RoleArn: !GetAtt Role.Arn }',
        '  Weekly:',
        '    Type: AWS::Events::Rule',
        '    Properties:',
        '      ScheduleExpression: rate(7 days)',
        '      Targets: [{ Arn: !Ref Direct, Id: direct }]',
        '  Bookings:',
        '    Type: AWS::DynamoDB::Table',
        '',
      ].join('\n'),
      'src/sweep.ts': 'export const handler = async () => {};\n',
      'src/notify.ts': 'export const handler = async () => {};\n',
    });
    const sweep = join(root, 'src/sweep.ts');
    const notify = join(root, 'src/notify.ts');
    expect(schedules).toEqual([
      { kind: 'cloudformation', source: 'template.yaml', line: 23, when: 'cron(0 2 * * ? *)', what: 'state machine Nightly, event EveryNight', runs: [sweep, notify], unresolved: null },
      { kind: 'cloudformation', source: 'template.yaml', line: 37, when: 'rate(1 hour)', what: 'schedule Hourly → Inline', runs: [notify], unresolved: 'Boxed: the function runs a container image, whose code is not in the template' },
      { kind: 'cloudformation', source: 'template.yaml', line: 42, when: 'rate(7 days)', what: 'rule Weekly → Direct', runs: [], unresolved: 'state machine `Direct` names no function of the template in its definition' },
    ]);
  });

  it('reads a JSON template, and lists a function whose code is not in the repository, or a template that does not parse', () => {
    const { root, schedules } = schedulesOf({
      'infra/stack.json': JSON.stringify({
        Resources: {
          Cleanup: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: './cleanup' } },
          Computed: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: { 'Fn::Sub': '${Entry}.handler' }, Code: './cleanup' } },
          Archived: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Code: { S3Bucket: 'builds', S3Key: 'archive.zip' } } },
          Nightly: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'cron(0 1 * * ? *)', Targets: [{ Arn: { 'Fn::GetAtt': ['Cleanup', 'Arn'] }, Id: 'a' }, { Arn: { 'Fn::GetAtt': 'Archived.Arn' }, Id: 'b' }, { Arn: { Ref: 'Computed' }, Id: 'c' }] } },
        },
      }, null, 2),
      'infra/cleanup/index.js': 'exports.handler = async () => {};\n',
      'broken/template.yml': 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n   Properties: [\n',
    });
    expect(schedules).toEqual([
      { kind: 'cloudformation', source: 'infra/stack.json', line: 35, when: 'cron(0 1 * * ? *)', what: 'rule Nightly → Cleanup', runs: [join(root, 'infra/cleanup/index.js')], unresolved: null },
      { kind: 'cloudformation', source: 'infra/stack.json', line: 35, when: 'cron(0 1 * * ? *)', what: 'rule Nightly → Archived', runs: [], unresolved: expect.stringMatching(/^the function's code is `.*S3Bucket.*`, not a folder of the repository$/) },
      { kind: 'cloudformation', source: 'infra/stack.json', line: 35, when: 'cron(0 1 * * ? *)', what: 'rule Nightly → Computed', runs: [], unresolved: expect.stringMatching(/^the handler `.*Fn::Sub.*` is computed by CloudFormation, which is not read$/) },
      { kind: 'cloudformation', source: 'broken/template.yml', line: 3, when: '?', what: 'the whole file', runs: [], unresolved: expect.stringMatching(/^`broken\/template.yml` does not parse \(/) },
    ]);
  });
});

describe('GitHub Actions', () => {
  it("reads a workflow as a workflow whatever its name, and a step's build output as its source", () => {
    const workflow = 'on:\n  schedule:\n    - cron: "0 4 * * *"\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - run: node packages/jobs/dist/cron.js\n';
    const { root, schedules } = schedulesOf({
      '.github/workflows/wrangler.yml': workflow,
      '.github/workflows/render.yaml': workflow,
      'packages/jobs/package.json': JSON.stringify({ name: 'jobs' }),
      'packages/jobs/src/cron.ts': 'export {};\n',
    });
    const runs = [join(root, 'packages/jobs/src/cron.ts')];
    expect(schedules).toEqual([
      { kind: 'github-actions', source: '.github/workflows/wrangler.yml', line: 3, when: '0 4 * * *', what: 'job sync', runs, unresolved: null },
      { kind: 'github-actions', source: '.github/workflows/render.yaml', line: 3, when: '0 4 * * *', what: 'job sync', runs, unresolved: null },
    ]);
  });
});

describe('GitLab CI', () => {
  it('ties the jobs of scheduled pipelines to what their scripts run, through anchors, extends and !reference', () => {
    const { root, schedules } = schedulesOf({
      '.gitlab-ci.yml': [
        'default:',
        '  before_script:',
        '    - npm ci',
        '.scheduled: &scheduled',
        '  rules:',
        '    - if: $CI_PIPELINE_SOURCE == "schedule"',
        '.setup:',
        '  script:',
        '    - node scripts/warm.ts',
        'nightly:',
        '  <<: *scheduled',
        '  script:',
        '    - !reference [.setup, script]',
        '    - npx tsx jobs/nightly.ts',
        'sweep:',
        '  extends: .scheduled',
        '  script: ./scripts/sweep.sh',
        'legacy:',
        '  only: [schedules]',
        '  script: [node jobs/legacy.js]',
        'build:',
        '  script: [npm run build]',
        'not-on-schedules:',
        '  rules:',
        "    - if: '$CI_PIPELINE_SOURCE == \"schedule\"'",
        '      when: never',
        '    - when: always',
        '  script: [node jobs/never.js]',
        '',
      ].join('\n'),
      'scripts/warm.ts': 'export {};\n',
      'scripts/sweep.sh': 'node jobs/sweep.js\n',
      'jobs/nightly.ts': 'export {};\n',
      'jobs/sweep.js': 'export {};\n',
      'jobs/legacy.js': 'export {};\n',
      'jobs/never.js': 'export {};\n',
      // GitLab reads the file at the root only.
      'vendor/.gitlab-ci.yml': 'x:\n  only: [schedules]\n  script: [node jobs/never.js]\n',
    });
    const when = 'a pipeline schedule set on GitLab';
    expect(schedules).toEqual([
      { kind: 'gitlab-ci', source: '.gitlab-ci.yml', line: 10, when, what: 'job nightly', runs: [join(root, 'scripts/warm.ts'), join(root, 'jobs/nightly.ts')], unresolved: null },
      { kind: 'gitlab-ci', source: '.gitlab-ci.yml', line: 15, when, what: 'job sweep', runs: [join(root, 'scripts/sweep.sh'), join(root, 'jobs/sweep.js')], unresolved: null },
      { kind: 'gitlab-ci', source: '.gitlab-ci.yml', line: 18, when, what: 'job legacy', runs: [join(root, 'jobs/legacy.js')], unresolved: null },
    ]);
  });
});

describe('GitLab CI includes', () => {
  it('reads the jobs of the files .gitlab-ci.yml includes from the repository, nested ones too, and says when one is not there', () => {
    const { root, schedules } = schedulesOf({
      '.gitlab-ci.yml': [
        'include:',
        '  - ci/base.yml',
        "  - local: '/ci/jobs/*.yml'",
        '  - template: Security/SAST.gitlab-ci.yml',
        '  - remote: https://example.com/ci/shared.yml',
        '  - https://example.com/ci/other.yml',
        '  - ci/missing.yml',
        'nightly:',
        '  extends: .scheduled',
        '  script: [npx tsx jobs/nightly.ts]',
        'report:',
        '  only: [schedules]',
        '',
      ].join('\n'),
      'ci/base.yml': ['include: ci/nested.yml', '.scheduled:', '  rules:', '    - if: $CI_PIPELINE_SOURCE == "schedule"', ''].join('\n'),
      // An include of a file already read (here, a cycle) is read once.
      'ci/nested.yml': ['include: [ci/base.yml]', 'deep:', '  extends: .scheduled', '  script: node jobs/deep.js', ''].join('\n'),
      'ci/jobs/report.yml': ['report:', '  script: [node jobs/report.js]', 'build:', '  script: [npm run build]', ''].join('\n'),
      'ci/jobs/sweep.yml': ['sweep:', '  extends: .scheduled', '  script: [node jobs/sweep.js]', ''].join('\n'),
      'ci/jobs/broken.yml': 'sweep: [\n',
      'jobs/nightly.ts': 'export {};\n',
      'jobs/deep.js': 'export {};\n',
      'jobs/report.js': 'export {};\n',
      'jobs/sweep.js': 'export {};\n',
    });
    const when = 'a pipeline schedule set on GitLab';
    expect(schedules.map(({ runs, ...schedule }) => ({ ...schedule, runs: runs.map((path) => path.slice(root.length + 1)) }))).toEqual([
      { kind: 'gitlab-ci', source: '.gitlab-ci.yml', line: 7, when: '?', what: 'include ci/missing.yml', runs: [], unresolved: '`ci/missing.yml`, which `.gitlab-ci.yml` includes, names no file of the repository' },
      { kind: 'gitlab-ci', source: 'ci/jobs/broken.yml', line: 1, when: '?', what: 'the whole file', runs: [], unresolved: expect.stringMatching(/^`ci\/jobs\/broken\.yml`, which `\.gitlab-ci\.yml` includes, does not parse \(.+\)$/u) },
      { kind: 'gitlab-ci', source: 'ci/nested.yml', line: 2, when, what: 'job deep', runs: ['jobs/deep.js'], unresolved: null },
      { kind: 'gitlab-ci', source: 'ci/jobs/sweep.yml', line: 1, when, what: 'job sweep', runs: ['jobs/sweep.js'], unresolved: null },
      // Written in an included file and in .gitlab-ci.yml: merged, and placed where the including file writes it.
      { kind: 'gitlab-ci', source: '.gitlab-ci.yml', line: 8, when, what: 'job nightly', runs: ['jobs/nightly.ts'], unresolved: null },
      { kind: 'gitlab-ci', source: '.gitlab-ci.yml', line: 11, when, what: 'job report', runs: ['jobs/report.js'], unresolved: null },
    ]);
  });
});

describe('vercel.ts', () => {
  it('reads the crons a vercel.ts config writes out, and says when they are computed', () => {
    const { root, schedules } = schedulesOf({
      'apps/web/vercel.ts': [
        "import type { VercelConfig } from '@vercel/config/v1';",
        '',
        'export const config: VercelConfig = {',
        "  buildCommand: 'npm run build',",
        '  crons: [',
        "    { path: '/api/cron/reminders', schedule: '0 9 * * *' }, // not [ here",
        '    // weekly',
        '    {',
        '      "path": "/api/cron/report",',
        '      schedule: `0 6 * * 1`,',
        '    },',
        '  ],',
        '};',
        '',
      ].join('\n'),
      'apps/web/app/api/cron/reminders/route.ts': 'export async function GET() {}\n',
      'apps/web/app/api/cron/report/route.ts': 'export async function GET() {}\n',
      'apps/admin/vercel.mts': "import { jobs } from './jobs';\nexport const config = { crons: jobs.map((job) => ({ path: job.path, schedule: job.cron })) };\n",
      'apps/docs/vercel.ts': "export const config = { cleanUrls: true };\n",
    });
    expect(schedules).toEqual([
      { kind: 'vercel', source: 'apps/web/vercel.ts', line: 6, when: '0 9 * * *', what: 'crons path /api/cron/reminders', runs: [join(root, 'apps/web/app/api/cron/reminders/route.ts')], unresolved: null },
      { kind: 'vercel', source: 'apps/web/vercel.ts', line: 8, when: '0 6 * * 1', what: 'crons path /api/cron/report', runs: [join(root, 'apps/web/app/api/cron/report/route.ts')], unresolved: null },
      { kind: 'vercel', source: 'apps/admin/vercel.mts', line: 2, when: '?', what: 'crons', runs: [], unresolved: "the `crons` of `apps/admin/vercel.mts` are computed, not written out as `{ path: '…', schedule: '…' }`: they are not read" },
    ]);
  });
});

describe('Kubernetes CronJobs', () => {
  const cronJob = (name: string, schedule: string, pod: readonly string[], extra: readonly string[] = []) => [
    'apiVersion: batch/v1',
    'kind: CronJob',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  schedule: "${schedule}"`,
    ...extra,
    '  jobTemplate:',
    '    spec:',
    '      template:',
    '        spec:',
    '          restartPolicy: OnFailure',
    ...pod.map((line) => `          ${line}`),
  ];

  it("ties each CronJob of a manifest to what its containers' commands run, a copied path to the repository's file", () => {
    const { root, schedules } = schedulesOf({
      'deploy/jobs.yaml': [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: settings }',
        '---',
        ...cronJob('sweep', '*/10 * * * *', ['containers:', '  - name: sweep', '    image: ghcr.io/acme/app:1', '    command: ["node", "/app/dist/jobs/sweep.js"]']),
        '---',
        ...cronJob('report', '0 6 * * *', ['containers:', '  - name: report', '    image: ghcr.io/acme/app:1', '    workingDir: /srv/app', '    command: ["/bin/sh", "-c"]', '    args: ["npm run report && echo done"]'], ['  suspend: true']),
        '---',
        ...cronJob('ping', '@hourly', ['containers:', '  - name: ping', '    image: curlimages/curl', '    args: ["-fsS", "https://acme.example/api/cron/ping"]']),
        '',
      ].join('\n'),
      'package.json': JSON.stringify({ name: 'app', scripts: { report: 'tsx scripts/report.ts', build: 'tsc' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }),
      'src/jobs/sweep.ts': 'export {};\n',
      'scripts/report.ts': 'export {};\n',
      'app/api/cron/ping/route.ts': 'export async function GET() {}\n',
    });
    expect(schedules).toEqual([
      { kind: 'kubernetes', source: 'deploy/jobs.yaml', line: 10, when: '*/10 * * * *', what: 'CronJob sweep', runs: [join(root, 'src/jobs/sweep.ts')], unresolved: null },
      { kind: 'kubernetes', source: 'deploy/jobs.yaml', line: 26, when: '0 6 * * * (suspend: true)', what: 'CronJob report', runs: [join(root, 'scripts/report.ts')], unresolved: null },
      { kind: 'kubernetes', source: 'deploy/jobs.yaml', line: 45, when: '@hourly', what: 'CronJob ping', runs: [join(root, 'app/api/cron/ping/route.ts')], unresolved: null },
    ]);
  });

  it("takes an overlay's patch to run what the CronJob of its name runs, and says when a container runs its image's own command or a template is not read", () => {
    const { root, schedules } = schedulesOf({
      'k8s/base/cronjob.yml': cronJob('cleanup', '0 * * * *', ['containers:', '  - name: cleanup', '    image: app', '    command: ["node", "jobs/cleanup.js"]']).join('\n'),
      'k8s/overlays/prod/cronjob-patch.yml': ['apiVersion: batch/v1', 'kind: CronJob', 'metadata:', '  name: cleanup', 'spec:', '  schedule: "*/5 * * * *"', ''].join('\n'),
      'k8s/other.yaml': cronJob('vendor', '0 0 * * *', ['containers:', '  - name: vendor', '    image: vendor/tool:2']).join('\n'),
      'chart/templates/cronjob.yaml': ['apiVersion: batch/v1', 'kind: CronJob', 'metadata:', '  name: {{ include "app.fullname" . }}', 'spec:', '  schedule: {{ .Values.schedule | quote }}', ''].join('\n'),
      'pnpm-lock.yaml': "lockfileVersion: '9.0'\nkind: CronJob\n",
      'jobs/cleanup.js': 'export {};\n',
    });
    expect(schedules).toEqual([
      {
        kind: 'kubernetes',
        source: 'chart/templates/cronjob.yaml',
        line: 2,
        when: '?',
        what: 'CronJob',
        runs: [],
        unresolved: '`chart/templates/cronjob.yaml` is a template (`{{ … }}`): the CronJob it makes is not read; check the manifests it renders to (`helm template`) instead',
      },
      { kind: 'kubernetes', source: 'k8s/base/cronjob.yml', line: 6, when: '0 * * * *', what: 'CronJob cleanup', runs: [join(root, 'jobs/cleanup.js')], unresolved: null },
      { kind: 'kubernetes', source: 'k8s/overlays/prod/cronjob-patch.yml', line: 6, when: '*/5 * * * *', what: 'CronJob cleanup', runs: [join(root, 'jobs/cleanup.js')], unresolved: null },
      { kind: 'kubernetes', source: 'k8s/other.yaml', line: 6, when: '0 0 * * *', what: 'CronJob vendor', runs: [], unresolved: "the container `vendor` (`vendor/tool:2`) runs the image's own command, which is not in the manifest" },
    ]);
  });
});

describe('crontabs', () => {
  it("ties each entry to what its command runs, a copied path to the repository's file, in user and system crontabs", () => {
    const { root, schedules } = schedulesOf({
      'docker/crontab': [
        '# m h dom mon dow command',
        'SHELL=/bin/bash',
        'NODE_ENV=production',
        '',
        '*/15 * * * * cd /app && node dist/jobs/remind.js >> /var/log/remind.log 2>&1',
        '0 3 * * sun npm run --prefix /app cleanup',
        '@daily /app/scripts/backup.sh',
        '0 */2 * * * * node /app/jobs/every-two-hours-with-seconds.js',
        '5 4 * * * curl -fsS https://acme.example/api/cron/digest % body',
        '* * * * echo missing a field',
        '',
      ].join('\n'),
      'ops/cron.d/app': '30 2 * * * www-data /usr/local/bin/node /srv/app/jobs/nightly.js\n',
      // Cron reads no file of cron.d with a dot in its name.
      'ops/cron.d/README.md': 'The jobs of the app server.\n',
      'package.json': JSON.stringify({ name: 'app', scripts: { cleanup: 'tsx src/cleanup.ts', build: 'tsc' } }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { rootDir: 'src', outDir: 'dist' } }),
      'src/jobs/remind.ts': 'export {};\n',
      'src/cleanup.ts': 'export {};\n',
      'scripts/backup.sh': '#!/bin/sh\nnode scripts/export.mjs\n',
      'scripts/export.mjs': 'export {};\n',
      'jobs/every-two-hours-with-seconds.js': 'export {};\n',
      'jobs/nightly.js': 'export {};\n',
      'app/api/cron/digest/route.ts': 'export async function GET() {}\n',
    });
    expect(schedules).toEqual([
      {
        kind: 'crontab',
        source: 'docker/crontab',
        line: 10,
        when: '?',
        what: 'line 10',
        runs: [],
        unresolved: 'line 10 of `docker/crontab` is not a crontab entry (five time fields or `@daily` and the like, then the command), nor a variable or a comment: cron would refuse the file',
      },
      { kind: 'crontab', source: 'docker/crontab', line: 5, when: '*/15 * * * *', what: 'entry `cd /app && node dist/jobs/remind.js >> /var/log/remind.log 2>&1`', runs: [join(root, 'src/jobs/remind.ts')], unresolved: null },
      { kind: 'crontab', source: 'docker/crontab', line: 6, when: '0 3 * * sun', what: 'entry `npm run --prefix /app cleanup`', runs: [join(root, 'src/cleanup.ts')], unresolved: null },
      { kind: 'crontab', source: 'docker/crontab', line: 7, when: '@daily', what: 'entry `/app/scripts/backup.sh`', runs: [join(root, 'scripts/backup.sh'), join(root, 'scripts/export.mjs')], unresolved: null },
      { kind: 'crontab', source: 'docker/crontab', line: 8, when: '0 */2 * * * *', what: 'entry `node /app/jobs/every-two-hours-with-seconds.js`', runs: [join(root, 'jobs/every-two-hours-with-seconds.js')], unresolved: null },
      { kind: 'crontab', source: 'docker/crontab', line: 9, when: '5 4 * * *', what: 'entry `curl -fsS https://acme.example/api/cron/digest`', runs: [join(root, 'app/api/cron/digest/route.ts')], unresolved: null },
      { kind: 'crontab', source: 'ops/cron.d/app', line: 1, when: '30 2 * * *', what: 'entry `/usr/local/bin/node /srv/app/jobs/nightly.js`', runs: [join(root, 'jobs/nightly.js')], unresolved: null },
    ]);
  });
});

describe('Nitro and Nuxt scheduled tasks', () => {
  it('ties each task of `scheduledTasks` to its file, in server/tasks or tasks, and lists what it cannot find or read', () => {
    const { root, schedules } = schedulesOf({
      'apps/web/nuxt.config.ts': [
        'export default defineNuxtConfig({',
        '  nitro: {',
        '    experimental: { tasks: true },',
        '    scheduledTasks: {',
        "      // Every five minutes",
        "      '*/5 * * * *': ['cms:update', 'bookings:expire'],",
        "      '0 3 * * *': 'db:vacuum',",
        '    },',
        '  },',
        '});',
        '',
      ].join('\n'),
      'apps/web/server/tasks/cms/update.ts': 'export default defineTask({ meta: { name: "cms:update" }, run() { return { result: "ok" }; } });\n',
      'apps/web/server/tasks/bookings/expire.ts': 'export default defineTask({ run() { return { result: "ok" }; } });\n',
      'api/nitro.config.ts': "export default defineNitroConfig({ scheduledTasks: { '@hourly': ['sweep'] } });\n",
      'api/tasks/sweep.mjs': 'export default defineTask({ run() {} });\n',
      'nitro.config.ts': "export default defineNitroConfig({ srcDir: 'server', scheduledTasks: { '@weekly': 'digest' } });\n",
      'other/nitro.config.ts': "const tasks = { '@daily': ['report'] };\nexport default defineNitroConfig({ scheduledTasks: { ...tasks } });\n",
    });
    expect(schedules).toEqual([
      { kind: 'nitro', source: 'apps/web/nuxt.config.ts', line: 6, when: '*/5 * * * *', what: 'scheduledTasks task cms:update', runs: [join(root, 'apps/web/server/tasks/cms/update.ts')], unresolved: null },
      { kind: 'nitro', source: 'apps/web/nuxt.config.ts', line: 6, when: '*/5 * * * *', what: 'scheduledTasks task bookings:expire', runs: [join(root, 'apps/web/server/tasks/bookings/expire.ts')], unresolved: null },
      { kind: 'nitro', source: 'apps/web/nuxt.config.ts', line: 7, when: '0 3 * * *', what: 'scheduledTasks task db:vacuum', runs: [], unresolved: 'no file of `apps/web` defines the task `db:vacuum` (looked for server/tasks/db/vacuum.ts and tasks/db/vacuum.ts)' },
      { kind: 'nitro', source: 'api/nitro.config.ts', line: 1, when: '@hourly', what: 'scheduledTasks task sweep', runs: [join(root, 'api/tasks/sweep.mjs')], unresolved: null },
      { kind: 'nitro', source: 'nitro.config.ts', line: 1, when: '@weekly', what: 'scheduledTasks task digest', runs: [], unresolved: 'no file defines the task `digest` (looked for server/tasks/digest.ts and tasks/digest.ts)' },
      { kind: 'nitro', source: 'other/nitro.config.ts', line: 2, when: '?', what: 'scheduledTasks', runs: [], unresolved: 'the `scheduledTasks` of `other/nitro.config.ts` are not written out as `\'cron\': [\'task\', …]`: they are not read' },
    ]);
  });
});

describe('App Engine cron.yaml', () => {
  it("ties each job to the route file that serves its url, and lists the jobs a route in code serves", () => {
    const { root, schedules } = schedulesOf({
      'web/package.json': '{ "name": "web", "private": true }\n',
      'web/cron.yaml': [
        'cron:',
        '- description: "daily summary"',
        '  url: /api/cron/summary?full=1',
        '  schedule: every 24 hours',
        '- url: /tasks/cleanup',
        '  schedule: every monday 09:00',
        '  target: worker',
        '- schedule: every 5 minutes',
        '',
      ].join('\n'),
      'web/app/api/cron/summary/route.ts': 'export async function GET() { return new Response("ok"); }\n',
      'deploy/cron.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cron }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: other }\n',
      'broken/cron.yaml': 'cron:\n  - url: /x\n   schedule: [\n',
    });
    expect(schedules).toEqual([
      { kind: 'app-engine', source: 'web/cron.yaml', line: 2, when: 'every 24 hours', what: 'cron url /api/cron/summary?full=1', runs: [join(root, 'web/app/api/cron/summary/route.ts')], unresolved: null },
      { kind: 'app-engine', source: 'web/cron.yaml', line: 5, when: 'every monday 09:00', what: 'cron url /tasks/cleanup of service worker', runs: [], unresolved: 'no route file serves `/tasks/cleanup` (looked for app/**/route.ts, pages/api and api/); routes an app declares in code (Express and the like) are not read' },
      { kind: 'app-engine', source: 'web/cron.yaml', line: 8, when: 'every 5 minutes', what: 'cron url (none)', runs: [], unresolved: 'the job names no `url`' },
      { kind: 'app-engine', source: 'broken/cron.yaml', line: 1, when: '?', what: 'the whole file', runs: [], unresolved: expect.stringMatching(/^`broken\/cron.yaml` does not parse \(/) },
    ]);
  });
});


describe('SST cron jobs', () => {
  it('ties each SST 3 cron job in sst.config.ts and the files it imports to the handler its function names from the app folder', () => {
    const { root, schedules } = schedulesOf({
      'sst.config.ts': [
        '/// <reference path="./.sst/platform/config.d.ts" />',
        'export default $config({',
        '  app() { return { name: "bookings", home: "aws" }; },',
        '  async run() {',
        '    await import("./infra/jobs");',
        '    new sst.aws.Cron("Reminders", {',
        '      schedule: "rate(1 hour)", // hourly',
        '      function: "src/jobs/reminders.handler",',
        '    });',
        '  },',
        '});',
        '',
      ].join('\n'),
      'infra/jobs.ts': [
        'const tuner = new sst.aws.Function("Tuner", { handler: "src/policy/tune.handler", timeout: "60 seconds" });',
        'new sst.aws.CronV2("PolicyTuning", { schedule: "cron(0 3 * * ? *)", function: tuner, enabled: false });',
        "new sst.aws.Cron('Report', {",
        "  schedule: 'rate(1 day)',",
        "  function: { handler: 'reports/weekly.main', runtime: 'python3.12' },",
        '});',
        'new sst.aws.Cron("Export", { schedule: "rate(1 day)", task: exportTask });',
        'new sst.aws.Cron("Legacy", { schedule: "rate(7 days)", function: "arn:aws:lambda:us-east-1:123456789012:function:legacy" });',
        'new sst.aws.Cron("Built", props);',
        'export const charger = new sst.aws.Function("Charger", { handler: "src/billing/charge.handler" });',
        'new sst.aws.Cron(`${app}-charge`, { schedule: stage === "production" ? "rate(5 minutes)" : "rate(1 hour)", function: charger.arn });',
        "import { sweeper as nightlySweeper, auditor } from './functions';",
        'new sst.aws.Cron("Sweep", { schedule: "rate(1 day)", function: nightlySweeper });',
        'new sst.aws.Cron("Audit", { schedule: "rate(1 day)", function: auditor });',
        '',
      ].join('\n'),
      'src/jobs/reminders.ts': 'export async function handler() {}\n',
      'src/policy/tune.ts': 'export async function handler() {}\n',
      'src/billing/charge.ts': 'export async function handler() {}\n',
      'infra/functions.ts': 'export const sweeper = new sst.aws.Function("Sweeper", {\n  handler: "src/jobs/sweep.handler",\n});\nexport const auditor = makeAuditor();\n',
      'src/jobs/sweep.ts': 'export async function handler() {}\n',
      'reports/weekly.py': 'def main(event, context):\n    pass\n',
    });
    expect(schedules).toEqual([
      { kind: 'sst', source: 'sst.config.ts', line: 6, when: 'rate(1 hour)', what: 'cron Reminders', runs: [join(root, 'src/jobs/reminders.ts')], unresolved: null },
      { kind: 'sst', source: 'infra/jobs.ts', line: 2, when: 'cron(0 3 * * ? *) (enabled: false)', what: 'cron PolicyTuning', runs: [join(root, 'src/policy/tune.ts')], unresolved: null },
      { kind: 'sst', source: 'infra/jobs.ts', line: 3, when: 'rate(1 day)', what: 'cron Report', runs: [join(root, 'reports/weekly.py')], unresolved: null },
      { kind: 'sst', source: 'infra/jobs.ts', line: 7, when: 'rate(1 day)', what: 'cron Export', runs: [], unresolved: 'the job is the container task `exportTask`, whose code is not read' },
      { kind: 'sst', source: 'infra/jobs.ts', line: 8, when: 'rate(7 days)', what: 'cron Legacy', runs: [], unresolved: 'the function `arn:aws:lambda:us-east-1:123456789012:function:legacy` is one deployed elsewhere: its code is not in the repository' },
      { kind: 'sst', source: 'infra/jobs.ts', line: 9, when: '?', what: 'cron Built', runs: [], unresolved: "the cron job's arguments are not written out as an object: it is not read" },
      { kind: 'sst', source: 'infra/jobs.ts', line: 11, when: '?', what: 'cron ${app}-charge', runs: [join(root, 'src/billing/charge.ts')], unresolved: null },
      { kind: 'sst', source: 'infra/jobs.ts', line: 13, when: 'rate(1 day)', what: 'cron Sweep', runs: [join(root, 'src/jobs/sweep.ts')], unresolved: null },
      { kind: 'sst', source: 'infra/jobs.ts', line: 14, when: 'rate(1 day)', what: 'cron Audit', runs: [], unresolved: 'the function `auditor` is not made by `new sst.aws.Function(…, { handler })` in this file or in the one it is imported from: its code is not read' },
    ]);
  });

  it("reads SST 2 stacks' Cron from sst/constructs in an app of a monorepo, and leaves other Cron classes to the lint rules", () => {
    const { root, schedules } = schedulesOf({
      'apps/api/sst.config.ts': 'import { Jobs } from "./stacks/Jobs";\nexport default { config() { return { name: "api" }; }, stacks(app) { app.stack(Jobs); } };\n',
      'apps/api/stacks/Jobs.ts': [
        'import { Cron, StackContext } from "sst/constructs";',
        '',
        'export function Jobs({ stack }: StackContext) {',
        '  new Cron(stack, "sweep", {',
        '    schedule: "rate(5 minutes)",',
        '    job: "packages/functions/src/sweep.handler",',
        '  });',
        '  new Cron(stack, "digest", { schedule: "cron(0 8 * * ? *)", job: { function: { handler: "packages/functions/src/digest.handler" } } });',
        '  new Cron(stack, "missing", { schedule: "rate(1 day)", job: "packages/functions/src/gone.handler" });',
        '}',
        '',
      ].join('\n'),
      'apps/api/packages/functions/src/sweep.ts': 'export const handler = async () => {};\n',
      'apps/api/packages/functions/src/digest.ts': 'export const handler = async () => {};\n',
      // croner's Cron schedules in code, which no-background-execution reports; an SST app's other files are not its constructs.
      'apps/api/packages/functions/src/clock.ts': "import { Cron } from 'croner';\nnew Cron('*/5 * * * *', () => {});\n",
      'apps/web/src/clock.ts': "import { Cron } from 'sst/constructs';\nnew Cron(stack, 'outside', { schedule: 'rate(1 day)', job: 'x.handler' });\n",
      '.sst/platform/src/components/aws/cron.ts': 'new sst.aws.Cron("Generated", { schedule: "rate(1 day)", function: "x.handler" });\n',
    });
    expect(schedules).toEqual([
      { kind: 'sst', source: 'apps/api/stacks/Jobs.ts', line: 4, when: 'rate(5 minutes)', what: 'cron sweep', runs: [join(root, 'apps/api/packages/functions/src/sweep.ts')], unresolved: null },
      { kind: 'sst', source: 'apps/api/stacks/Jobs.ts', line: 8, when: 'cron(0 8 * * ? *)', what: 'cron digest', runs: [join(root, 'apps/api/packages/functions/src/digest.ts')], unresolved: null },
      { kind: 'sst', source: 'apps/api/stacks/Jobs.ts', line: 9, when: 'rate(1 day)', what: 'cron missing', runs: [], unresolved: 'no file `apps/api/packages/functions/src/gone` (.ts, .js, …)' },
    ]);
  });
});

describe('AWS CDK schedules', () => {
  it('ties each EventBridge rule and Scheduler schedule to the Lambda functions the same file makes for its targets', () => {
    const { root, schedules } = schedulesOf({
      'infra/cdk.json': '{ "app": "npx ts-node bin/app.ts" }\n',
      'infra/lib/jobs-stack.ts': [
        "import * as path from 'path';",
        "import { Duration, Stack } from 'aws-cdk-lib';",
        "import * as events from 'aws-cdk-lib/aws-events';",
        "import * as targets from 'aws-cdk-lib/aws-events-targets';",
        "import * as lambda from 'aws-cdk-lib/aws-lambda';",
        "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';",
        "import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';",
        "import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';",
        '',
        'export class JobsStack extends Stack {',
        '  constructor(scope, id, props) {',
        '    super(scope, id, props);',
        "    const sweep = new NodejsFunction(this, 'Sweep', { entry: path.join(__dirname, '../../src/jobs/sweep.ts') });",
        "    const tune = new lambda.Function(this, 'Tune', {",
        '      runtime: lambda.Runtime.PYTHON_3_12,',
        "      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'functions', 'tune')),",
        "      handler: 'main.handler',",
        '    });',
        "    this.digest = new NodejsFunction(this, 'digest');",
        "    const report = new NodejsFunction(this, 'Report', { entry: 'lambda/report.ts' });",
        '',
        "    new events.Rule(this, 'SweepEveryFiveMinutes', {",
        '      schedule: events.Schedule.rate(Duration.minutes(5)),',
        '      targets: [new targets.LambdaFunction(sweep), new targets.SfnStateMachine(machine)],',
        '    });',
        "    const nightly = new events.Rule(this, 'Nightly', { schedule: events.Schedule.expression('cron(0 3 * * ? *)'), enabled: false });",
        '    nightly.addTarget(new targets.LambdaFunction(tune, { retryAttempts: 2 }));',
        "    new Schedule(this, 'Digest', { schedule: ScheduleExpression.cron({ hour: '8', minute: '0' }), target: new LambdaInvoke(this.digest, {}) });",
        "    new events.Rule(this, 'Report', { schedule: events.Schedule.rate(Duration.days(7)), targets: [new targets.LambdaFunction(report), new targets.LambdaFunction(props.shared)] });",
        "    new events.Rule(this, 'OnUpload', { eventPattern: { source: ['aws.s3'] }, targets: [new targets.LambdaFunction(sweep)] });",
        "    new events.Rule(this, 'Orphan', { schedule: events.Schedule.rate(Duration.hours(1)) });",
        "    const aggregator = new lambda.Function(this, 'Aggregator', {",
        '      runtime: lambda.Runtime.PYTHON_3_12,',
        "      handler: 'handler.lambda_handler',",
        "      code: lambda.Code.fromAsset(path.join(__dirname, '../../api'), { bundling: { image: lambda.Runtime.PYTHON_3_12.bundlingImage, command: ['bash', '-c', 'cp -r /asset-input/aggregate/* /asset-output/'] } }),",
        '    });',
        "    new events.Rule(this, 'DailyAggregation', { schedule: events.Schedule.expression('cron(0 2 * * ? *)'), targets: [new targets.LambdaFunction(aggregator)] });",
        '  }',
        '}',
        '',
      ].join('\n'),
      'infra/lib/jobs-stack.digest.ts': 'export const handler = async () => {};\n',
      'infra/lambda/report.ts': 'export const handler = async () => {};\n',
      'infra/functions/tune/main.py': 'def handler(event, context):\n    pass\n',
      'src/jobs/sweep.ts': 'export const handler = async () => {};\n',
      // No CDK import: another library's `new Rule(…)` is not read.
      'src/rules.ts': "import { Rule } from './engine';\nexport const rule = new Rule('x', { schedule: 'daily' });\n",
    });
    expect(schedules).toEqual([
      { kind: 'cdk', source: 'infra/lib/jobs-stack.ts', line: 22, when: 'events.Schedule.rate(Duration.minutes(5))', what: 'schedule SweepEveryFiveMinutes', runs: [join(root, 'src/jobs/sweep.ts')], unresolved: 'the target `new targets.SfnStateMachine(machine)` is no Lambda function: the code it runs is not read' },
      { kind: 'cdk', source: 'infra/lib/jobs-stack.ts', line: 26, when: 'cron(0 3 * * ? *) (enabled: false)', what: 'schedule Nightly', runs: [join(root, 'infra/functions/tune/main.py')], unresolved: null },
      { kind: 'cdk', source: 'infra/lib/jobs-stack.ts', line: 28, when: "ScheduleExpression.cron({ hour: '8', minute: '0' })", what: 'schedule Digest', runs: [join(root, 'infra/lib/jobs-stack.digest.ts')], unresolved: null },
      { kind: 'cdk', source: 'infra/lib/jobs-stack.ts', line: 29, when: 'events.Schedule.rate(Duration.days(7))', what: 'schedule Report', runs: [join(root, 'infra/lambda/report.ts')], unresolved: 'the function `props.shared` is not made in `infra/lib/jobs-stack.ts` by `new Function` or `new NodejsFunction`: its code is not read' },
      { kind: 'cdk', source: 'infra/lib/jobs-stack.ts', line: 31, when: 'events.Schedule.rate(Duration.hours(1))', what: 'schedule Orphan', runs: [], unresolved: 'no target in this file (`targets`, `target` or `addTarget`): the code it runs is not read' },
      { kind: 'cdk', source: 'infra/lib/jobs-stack.ts', line: 37, when: 'cron(0 2 * * ? *)', what: 'schedule DailyAggregation', runs: [], unresolved: 'the code of `aggregator` is built by a bundling command from `api`, which is not read' },
    ]);
  });
});

describe('Terraform', () => {
  it('ties each scheduled EventBridge rule and Scheduler schedule of a module to the Lambda code its targets name', () => {
    const { root, schedules } = schedulesOf({
      'infra/jobs/main.tf': [
        '# Nightly jobs { of the booking platform',
        'resource "aws_cloudwatch_event_rule" "sweep" {',
        '  name                = "sweep-holds"',
        '  schedule_expression = "rate(15 minutes)" # every quarter hour',
        '}',
        '',
        'resource "aws_cloudwatch_event_target" "sweep" {',
        '  rule = aws_cloudwatch_event_rule.sweep.name',
        '  arn  = aws_lambda_function.sweep.arn',
        '}',
        '',
        'resource "aws_cloudwatch_event_rule" "tune" {',
        '  schedule_expression = "cron(0 3 * * ? *)"',
        '  is_enabled          = false',
        '}',
        '',
        'resource "aws_cloudwatch_event_target" "tune" {',
        '  rule = aws_cloudwatch_event_rule.tune.name',
        '  arn  = module.tune.lambda_function_arn',
        '}',
        '',
        'resource "aws_cloudwatch_event_rule" "uploads" {',
        '  event_pattern = jsonencode({ source = ["aws.s3"] })',
        '}',
        '',
        'resource "aws_cloudwatch_event_rule" "export" {',
        '  schedule_expression = "rate(1 day)"',
        '}',
        '',
        'resource "aws_cloudwatch_event_target" "export" {',
        '  rule = aws_cloudwatch_event_rule.export.id',
        '  arn  = aws_ecs_cluster.jobs.arn',
        '  ecs_target {',
        '    task_count = 1',
        '  }',
        '}',
        '',
        'resource "aws_cloudwatch_event_rule" "orphan" {',
        '  schedule_expression = "rate(1 hour)"',
        '}',
        '',
      ].join('\n'),
      'infra/jobs/functions.tf': [
        'data "archive_file" "sweep" {',
        '  type        = "zip"',
        '  source_dir  = "${path.module}/../../src/jobs"',
        '  output_path = "${path.module}/build/sweep.zip"',
        '}',
        '',
        'resource "aws_lambda_function" "sweep" {',
        '  function_name    = "sweep-holds"',
        '  filename         = data.archive_file.sweep.output_path',
        '  source_code_hash = data.archive_file.sweep.output_base64sha256',
        '  handler          = "sweep.handler"',
        '  runtime          = "nodejs20.x"',
        '  environment {',
        '    variables = { handler = "not this one" }',
        '  }',
        '}',
        '',
        'module "tune" {',
        '  source      = "terraform-aws-modules/lambda/aws"',
        '  handler     = "tune.handler"',
        '  runtime     = "python3.12"',
        '  source_path = "../../policy"',
        '}',
        '',
        'resource "aws_lambda_function" "digest" {',
        '  function_name = "digest"',
        '  filename      = "digest.zip"',
        '  handler       = "index.handler"',
        '  runtime       = "nodejs20.x"',
        '}',
        '',
        'resource "aws_scheduler_schedule" "digest" {',
        '  schedule_expression = "cron(0 8 * * ? *)"',
        '  flexible_time_window {',
        '    mode = "OFF"',
        '  }',
        '  target {',
        '    arn      = aws_lambda_function.digest.arn',
        '    role_arn = aws_iam_role.scheduler.arn',
        '  }',
        '}',
        '',
      ].join('\n'),
      'src/jobs/sweep.ts': 'export const handler = async () => {};\n',
      'policy/tune.py': 'def handler(event, context):\n    pass\n',
    });
    expect(schedules).toEqual([
      { kind: 'terraform', source: 'infra/jobs/main.tf', line: 2, when: 'rate(15 minutes)', what: 'aws_cloudwatch_event_rule sweep', runs: [join(root, 'src/jobs/sweep.ts')], unresolved: null },
      { kind: 'terraform', source: 'infra/jobs/main.tf', line: 12, when: 'cron(0 3 * * ? *) (disabled)', what: 'aws_cloudwatch_event_rule tune', runs: [join(root, 'policy/tune.py')], unresolved: null },
      { kind: 'terraform', source: 'infra/jobs/main.tf', line: 26, when: 'rate(1 day)', what: 'aws_cloudwatch_event_rule export', runs: [], unresolved: 'the target `aws_ecs_cluster.jobs.arn` is no Lambda function of this module: the code it runs is not read' },
      { kind: 'terraform', source: 'infra/jobs/main.tf', line: 38, when: 'rate(1 hour)', what: 'aws_cloudwatch_event_rule orphan', runs: [], unresolved: 'no target of this module names it: the code it runs is not read' },
      { kind: 'terraform', source: 'infra/jobs/functions.tf', line: 32, when: 'cron(0 8 * * ? *)', what: 'aws_scheduler_schedule digest', runs: [], unresolved: 'the code of `aws_lambda_function.digest` is `"digest.zip"`, a package built outside this module: it is not read' },
    ]);
  });

  it("reads Terraform 0.11's interpolated references and a module that schedules its own function, each module on its own", () => {
    const { root, schedules } = schedulesOf({
      'legacy/main.tf': [
        'resource "aws_cloudwatch_event_rule" "every_five_minutes" {',
        '    schedule_expression = "cron(0,5,10,15,20,25,30,35,40,45,50 * * * ? *)" // every 5 minutes',
        '}',
        'resource "aws_cloudwatch_event_target" "scheduler" {',
        '    rule = "${aws_cloudwatch_event_rule.every_five_minutes.name}"',
        '    arn = "${aws_lambda_function.raw.arn}"',
        '}',
        'resource "aws_lambda_function" "raw" {',
        '    filename = "${data.archive_file.raw.output_path}"',
        '    handler = "raw.handler"',
        '    runtime = "nodejs18.x"',
        '}',
        'data "archive_file" "raw" {',
        '    type = "zip"',
        '    source_file = "${path.module}/raw.js"',
        '    output_path = "raw.zip"',
        '}',
        '',
      ].join('\n'),
      'legacy/raw.js': 'exports.handler = async () => {};\n',
      // Another module: a rule of `legacy` is not its rule, and its module makes the function from an image.
      'redis/main.tf': [
        'module "lambda" {',
        '  source              = "github.com/champ-oss/terraform-aws-lambda.git?ref=v1.0.115"',
        '  schedule_expression = "rate(1 minute)"',
        '  sync_image          = true',
        '}',
        '',
      ].join('\n'),
    });
    expect(schedules).toEqual([
      { kind: 'terraform', source: 'legacy/main.tf', line: 1, when: 'cron(0,5,10,15,20,25,30,35,40,45,50 * * * ? *)', what: 'aws_cloudwatch_event_rule every_five_minutes', runs: [join(root, 'legacy/raw.js')], unresolved: null },
      { kind: 'terraform', source: 'redis/main.tf', line: 1, when: 'rate(1 minute)', what: 'module lambda', runs: [], unresolved: '`module.lambda` has no `handler` written as a string: its code is not read' },
    ]);
  });

  it('ties a Google Cloud Scheduler job to the route that serves the URL it requests', () => {
    const { root, schedules } = schedulesOf({
      'package.json': '{ "name": "web", "private": true }\n',
      'app/api/cron/digest/route.ts': 'export async function POST() { return new Response("ok"); }\n',
      'infra/gcp/scheduler.tf': [
        'resource "google_cloud_scheduler_job" "digest" {',
        '  name     = "digest"',
        '  schedule = "0 8 * * 1"',
        '  paused   = true',
        '  http_target {',
        '    http_method = "POST"',
        '    uri         = "${google_cloud_run_v2_service.web.uri}/api/cron/digest?full=1"',
        '  }',
        '}',
        'resource "google_cloud_scheduler_job" "cleanup" {',
        '  schedule = "every monday 09:00"',
        '  app_engine_http_target {',
        '    relative_uri = "/tasks/cleanup"',
        '  }',
        '}',
        'resource "google_cloud_scheduler_job" "events" {',
        '  schedule = "*/10 * * * *"',
        '  pubsub_target {',
        '    topic_name = google_pubsub_topic.events.id',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(schedules).toEqual([
      { kind: 'terraform', source: 'infra/gcp/scheduler.tf', line: 1, when: '0 8 * * 1 (paused)', what: 'google_cloud_scheduler_job digest url ${google_cloud_run_v2_service.web.uri}/api/cron/digest?full=1', runs: [join(root, 'app/api/cron/digest/route.ts')], unresolved: null },
      { kind: 'terraform', source: 'infra/gcp/scheduler.tf', line: 10, when: 'every monday 09:00', what: 'google_cloud_scheduler_job cleanup url /tasks/cleanup', runs: [], unresolved: 'no route file serves `/tasks/cleanup` (looked for app/**/route.ts, pages/api and api/); routes an app declares in code (Express and the like) are not read' },
      { kind: 'terraform', source: 'infra/gcp/scheduler.tf', line: 16, when: '*/10 * * * *', what: 'google_cloud_scheduler_job events', runs: [], unresolved: 'the job requests no URL of an `http_target` or `app_engine_http_target` (a Pub/Sub target names no code): the code it runs is not read' },
    ]);
  });
});
