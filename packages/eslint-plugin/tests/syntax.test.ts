import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { at, fixtures, Linter } from './helpers.js';

/** Syntax ESLint and typescript-eslint accept; no rule may crash on any of it, in any layer. */
const samples: Record<string, string> = {
  decorators: '@Component({ selector: "x" })\nclass A { @Input() name = ""; @HostListener("click") onClick(@Inject(T) t: T) {} }',
  jsx: 'const el = <div onClick={() => approveChange(1)} {...props}><Child autoApprove />{list.map((x) => <li key={x}>{x}</li>)}</div>;\nconst frag = <>text</>;',
  namespaces: 'namespace A.B { export const x = 1; }\ndeclare namespace C { function f(): void; }\nmodule D { }\ndeclare global { interface Window { x: number } }\ndeclare module "m" { export = x; }',
  'top-level await': 'const data = await fetch("x");\nfor await (const chunk of stream) {}\nawait import("./x.js");',
  using: '{ using res = getResource(); await using conn = await connect(); }',
  satisfies: 'const config = { autoApprove: false } satisfies Options;\nconst y = ["a"] as const;\nconst z = x as unknown as Y;',
  enums: 'enum Color { Red, Green = "g" }\nconst enum E { A = 1 << 0 }\ndeclare enum F { X }',
  classes: 'abstract class A<T extends object = {}> implements B, C { #p = 1; static { init(); } declare x: number; accessor y = 2; abstract m(): void; constructor(private readonly z: string, public w?: number) { super(); } get v() { return this.#p; } override n() {} }',
  types: 'type A<T> = T extends infer U extends string ? `pre-${U}` : never;\ntype M = { readonly [K in keyof T as `get${Capitalize<K & string>}`]-?: () => T[K] };\nfunction f(this: Window, ...args: [a: 1, b?: 2]): asserts args is never {}\nfunction g(x: unknown): x is string { return true; }\nlet u: unique symbol;\ntype I = typeof import("./x.js", { with: { "resolution-mode": "import" } });',
  overloads: 'function f(a: string): string;\nfunction f(a: number): number;\nfunction f(a: any) { return a; }\nexport default function () {}',
  modules: 'import json from "./data.json" with { type: "json" };\nimport def, * as ns from "./ns.js";\nimport type T from "./t.js";\nimport { type U } from "./u.js";\nexport * as all from "./all.js";\nexport { default } from "./d.js";\nexport { a as "string name" } from "./s.js";\nimport x = A.B.C;\nexport import y = require("./y.js");\nexport type { T };',
  'export assignment': 'export = someValue;',
  expressions: 'a?.b?.(c)?.[d];\nx ??= y ||= z &&= w;\nconst re = /(?<year>\\d{4})/v;\nlabel: for (;;) { break label; }\nconst big = 10n ** 2n;\nnew.target; import.meta.url;\ntag`a${b}c`;\n(function* () { yield* other(); })();\nclass X { static async *gen() {} }',
  timers: 'setTimeout();\nsetInterval;\nsetTimeout(...args);\nprocess.on();\nprocess["on"]("message", f);\nrequire();\nrequire(a, b);\nimport(`./${x}`);\nnew (getWorker())();\nsetTimeout(function () { setTimeout(arguments.callee); });\nconst { [key]: v } = require("bullmq");',
  'odd flags': 'const o = { [autoApprove]: true, "": 1, 1: 2, ...rest, autoApprove() {}, get autoRollback() { return true; } };\n[a.autoMerge] = [true];\n({ autoApprove: x } = y);\nthis.autoApprove = !0;',
  comments: '#!/usr/bin/env node\n/* @layer */\n// @layer 99999999999999999999\n/** @layer -1 */\nexport {};',
  empty: '',
  'only comments': '// nothing here\n/* still nothing */',
};

const layers = ['src/core/new.tsx', 'src/incident-response/new.tsx', 'src/rollbacks/new.tsx', 'src/release-confidence/new.tsx', 'src/policy-evolution/new.tsx', 'src/reflection-notes/new.tsx', 'src/orphan/new.tsx'];

describe('no rule crashes on any syntax ESLint and typescript-eslint accept', () => {
  const linter = new Linter({ cwd: fixtures });
  const config = [
    {
      files: ['**/*.tsx'],
      languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } }, sourceType: 'module' as const },
      plugins: { '@bookiji': plugin as never },
      rules: Object.fromEntries(Object.keys(plugin.rules).map((name) => [`@bookiji/${name}`, 'error' as const])),
      settings: { bookiji: { root: fixtures, layers: { 0: ['src/core/**'] } } },
    },
  ];
  for (const [name, code] of Object.entries(samples)) {
    it(name, () => {
      for (const file of layers) {
        const messages = linter.verify(code, config, at(file));
        const fatal = messages.filter((message) => message.fatal === true || message.ruleId === null);
        expect(fatal, `${name} in ${file}`).toEqual([]);
      }
    });
  }
});
