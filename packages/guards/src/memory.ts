import type { FlipRecord, KillSwitchSource, SourceEntry, SourceReading } from './kill-switch-source.js';

/**
 * A source held in memory, for tests and for apps that receive switch values
 * from an operator console over their own channel. `set` and `fail` stand in
 * for the operator; code that decides by itself must not call them.
 */
export interface MemorySource extends KillSwitchSource {
  /** Records an operator's flip and notifies the registry. */
  set(id: string, engaged: boolean, flip?: FlipRecord): void;
  /** Makes every read fail with this message, as an unreadable source does. */
  fail(message: string): void;
  /** Ends a failure started with `fail`. */
  recover(): void;
}

export function memorySource(initial: Readonly<Record<string, boolean>> = {}): MemorySource {
  const values = new Map<string, SourceEntry>();
  const listeners = new Set<() => void>();
  let failure: string | null = null;
  const name = 'memory';
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  const put = (id: string, engaged: boolean, flip: FlipRecord | null) => values.set(id, { engaged, flip, origin: name });
  for (const [id, engaged] of Object.entries(initial)) put(id, engaged, null);
  return {
    name,
    read(): SourceReading {
      if (failure !== null) return { entries: new Map(), failure: { source: name, message: failure }, problems: [] };
      return { entries: new Map(values), failure: null, problems: [] };
    },
    watch(onChange) {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    set(id, engaged, flip) {
      put(id, engaged, flip ?? null);
      notify();
    },
    fail(message) {
      failure = message;
      notify();
    },
    recover() {
      failure = null;
      notify();
    },
  };
}
