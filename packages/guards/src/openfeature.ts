import type { JsonValue, Provider, ResolutionDetails } from '@openfeature/server-sdk';
import { FlagNotFoundError, StandardResolutionReasons, TypeMismatchError } from '@openfeature/server-sdk';
import type { KillSwitchRegistry, KillSwitchState } from './kill-switches.js';
import { killSwitches } from './kill-switches.js';

/**
 * Serves kill switches as OpenFeature boolean flags: the flag key is the
 * switch id and `true` means engaged. The values are the same human-flipped
 * ones `isEngaged` reads; the provider adds no targeting and no rules of its
 * own.
 *
 * Fail directions: when a switch's source cannot be trusted the provider
 * still answers, with the switch's fail direction (`true` for fail-closed,
 * `false` for fail-open), reason `ERROR` and the problem in `errorMessage`,
 * and no error code, so OpenFeature keeps that value rather than the
 * caller's default. The caller's default is used only when the provider
 * cannot answer at all (not registered or not ready, an unknown key, a
 * non-boolean evaluation): pass the switch's fail direction as the default,
 * `true` for a fail-closed switch, so those cases fail the same way.
 */
export class KillSwitchProvider implements Provider {
  readonly metadata = { name: '@bookiji/guards kill switches' } as const;
  readonly runsOn = 'server';
  readonly #registry: KillSwitchRegistry;

  /** Serves the given registry, or the process-wide one that `defineKillSwitch` fills. */
  constructor(registry: KillSwitchRegistry = killSwitches()) {
    this.#registry = registry;
  }

  /** Reads the source once, so its problems surface when the provider is registered. */
  async initialize(): Promise<void> {
    this.#registry.refresh();
  }

  async resolveBooleanEvaluation(flagKey: string): Promise<ResolutionDetails<boolean>> {
    const state = this.#registry.get(flagKey);
    if (state === undefined) throw new FlagNotFoundError(`Unexpected flag \`${flagKey}\`, expected the id of a defined kill switch`);
    return resolution(state);
  }

  async resolveStringEvaluation(flagKey: string): Promise<ResolutionDetails<string>> {
    throw mismatch(flagKey, 'string');
  }

  async resolveNumberEvaluation(flagKey: string): Promise<ResolutionDetails<number>> {
    throw mismatch(flagKey, 'number');
  }

  async resolveObjectEvaluation<T extends JsonValue>(flagKey: string): Promise<ResolutionDetails<T>> {
    throw mismatch(flagKey, 'object');
  }
}

function resolution(state: KillSwitchState): ResolutionDetails<boolean> {
  const flagMetadata: Record<string, string | boolean> = { failMode: state.failMode, basis: state.basis, description: state.description };
  if (state.flip !== null) Object.assign(flagMetadata, state.flip);
  const variant = state.engaged ? 'engaged' : 'released';
  if (state.basis === 'fail-mode') {
    return { value: state.engaged, variant, reason: StandardResolutionReasons.ERROR, errorMessage: state.problem?.message, flagMetadata };
  }
  const reason = state.basis === 'flipped' ? StandardResolutionReasons.STATIC : StandardResolutionReasons.DEFAULT;
  return { value: state.engaged, variant, reason, flagMetadata };
}

function mismatch(flagKey: string, type: string): TypeMismatchError {
  return new TypeMismatchError(`Unexpected ${type} evaluation of kill switch \`${flagKey}\`, expected a boolean evaluation`);
}
