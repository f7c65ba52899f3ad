// The core of @bookiji/guards: no Node imports, so it runs in Node, edge
// runtimes and browsers. The file source (`@bookiji/guards/file`) and the
// OpenFeature provider (`@bookiji/guards/openfeature`) are separate entries.

export { LAYER, SafetyViolation, InvariantViolation, GuardViolation, onViolation, formatPath } from './violation.js';
export type { ViolationCode, ViolationRecord, ViolationSubscriber, GuardIssue, JsonValue, JsonObject } from './violation.js';

export { invariant } from './invariant.js';
export type { Message } from './invariant.js';

export { guard, guardAsync } from './boundary.js';
export type { StandardSchemaV1 } from './standard-schema.js';

export { nonEmptyString, integerInRange, isoDateTime, currencyCode, positiveMinorUnits, timeInterval } from './domain-guards.js';
export type { Interval, Instant, IntervalInput, IntegerRange } from './domain-guards.js';

export {
  findFirstDoubleBooking,
  assertNoDoubleBooking,
  assertDurationFitsSlotRules,
  assertRefundWithinCapture,
  assertIdempotencyKey,
  IDEMPOTENCY_KEY_PATTERN,
} from './booking.js';
export type { ResourceBooking, DoubleBooking, SlotRules, Money, RefundCheck } from './booking.js';

export {
  KillSwitchEngaged,
  createKillSwitches,
  defineKillSwitch,
  isEngaged,
  assertNotEngaged,
  listKillSwitches,
  refreshKillSwitches,
  useKillSwitchSource,
  killSwitches,
} from './kill-switches.js';
export type {
  FailMode,
  KillSwitchDefinition,
  KillSwitchBasis,
  KillSwitchState,
  KillSwitchReport,
  KillSwitchRegistry,
  KillSwitchRegistryOptions,
} from './kill-switches.js';
export type { KillSwitchSource, SourceReading, SourceEntry, SourceProblem, FlipRecord } from './kill-switch-source.js';
export { memorySource } from './memory.js';
export type { MemorySource } from './memory.js';
export { formatKillSwitchReport } from './report.js';
