import { join } from 'node:path';

/**
 * The file that serves a URL path in a Next.js or Vercel project whose files
 * (relative to the project's folder, forward slashes) are `files`: an App
 * Router `route` handler (`app/api/cron/reminders/route.ts`, also under
 * `src/`), a Pages Router API route (`pages/api/cron/reminders.ts`), or a
 * Vercel function (`api/cron/reminders.ts`). Route groups `(name)` and
 * parallel routes `@slot` take no URL segment; `[id]`, `[...all]` and
 * `[[...all]]` match as Next.js matches them, a literal segment before a
 * dynamic one. Null when no route serves the path.
 */
export function routeFile(projectDir: string, files: readonly string[], urlPath: string): string | null {
  const wanted = urlPath.split(/[?#]/)[0]!.split('/').filter((segment) => segment !== '');
  let best: { file: string; score: number[] } | null = null;
  for (const file of files) {
    const segments = routeSegments(file);
    if (segments === null) continue;
    const score = match(segments, wanted);
    if (score !== null && (best === null || compareScores(score, best.score) > 0)) best = { file, score };
  }
  return best === null ? null : join(projectDir, best.file);
}

const code = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** The URL segments a file serves, or null when it serves none. */
function routeSegments(file: string): string[] | null {
  if (!code.test(file) || file.endsWith('.d.ts')) return null;
  const parts = file.split('/');
  const name = parts.at(-1)!.replace(code, '');
  const start = parts[0] === 'src' ? 1 : 0;
  const top = parts[start];
  if (top === 'app' && name === 'route') {
    return parts.slice(start + 1, -1).filter((segment) => !(segment.startsWith('(') && segment.endsWith(')')) && !segment.startsWith('@'));
  }
  if (top === 'pages' && parts[start + 1] === 'api') {
    const folders = parts.slice(start + 1, -1);
    return name === 'index' ? folders : [...folders, name];
  }
  if (start === 0 && top === 'api') {
    const folders = parts.slice(0, -1);
    return name === 'index' ? folders : [...folders, name];
  }
  return null;
}

/** How well a route matches: a score per segment (3 literal, 2 dynamic, 1 catch-all), or null when it does not. */
function match(route: readonly string[], wanted: readonly string[]): number[] | null {
  const score: number[] = [];
  for (let at = 0; at < route.length; at += 1) {
    const segment = route[at]!;
    if (segment.startsWith('[[...') || segment.startsWith('[...')) {
      const rest = wanted.length - at;
      if (at !== route.length - 1 || (rest === 0 && !segment.startsWith('[[...'))) return null;
      score.push(1);
      return score;
    }
    const part = wanted[at];
    if (part === undefined) return null;
    if (segment.startsWith('[') && segment.endsWith(']')) score.push(2);
    else if (segment === part) score.push(3);
    else return null;
  }
  return route.length === wanted.length ? score : null;
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let at = 0; at < Math.max(a.length, b.length); at += 1) {
    const difference = (a[at] ?? 0) - (b[at] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
