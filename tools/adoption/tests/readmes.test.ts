import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adoptionSnippets, commandsFor } from '../src/snippets.js';
import { publishedPackages } from '../src/workspace.js';

describe.each(publishedPackages().map((pkg) => [pkg.name, pkg.dir] as const))('the README of %s', (name, dir) => {
  const readme = join(dir, 'README.md');
  const snippets = adoptionSnippets(readme);

  it('starts its adoption steps with install-by-name commands for npm and pnpm', () => {
    const first = snippets[0];
    expect(first?.kind, `${readme} has no \`sh adopt\` block`).toBe('commands');
    const commands = first?.kind === 'commands' ? first.commands : [];
    // `npm create @scope/x` runs the package `@scope/create-x`.
    const names = [name, name.replace('/create-', '/')];
    const installs = (manager: 'npm' | 'pnpm') => commandsFor(commands, manager).filter((command) => names.some((each) => command.includes(each)));
    expect(installs('npm').join('\n')).toMatch(/^npm (?:install|create)\b/mu);
    expect(installs('pnpm').join('\n')).toMatch(/^pnpm (?:add|create)\b/mu);
  });

  it('comes before any other section but the introduction', () => {
    const text = readFileSync(readme, 'utf8');
    const firstAdopt = text.indexOf(' adopt');
    const secondHeading = [...text.matchAll(/^## /gmu)][2]?.index ?? text.length;
    expect(firstAdopt).toBeGreaterThan(0);
    expect(firstAdopt).toBeLessThan(secondHeading);
  });
});

describe('adoption snippets', () => {
  it('give a yarn project the npm steps in yarn words', () => {
    expect(commandsFor(['npm install --save-dev a b', 'pnpm add -D a b', 'npx docs-lint  # npm', 'pnpm exec docs-lint', 'npm create @x/y', 'node s.mjs'], 'yarn')).toEqual([
      'yarn add --dev a b',
      'yarn docs-lint  # npm',
      'yarn create @x/y',
      'node s.mjs',
    ]);
    expect(commandsFor(['npm install a', 'pnpm add a', 'node s.mjs'], 'pnpm')).toEqual(['pnpm add a', 'node s.mjs']);
  });
});
