/** A position in the contract document, 1-based as editors show it. */
export interface SourcePoint {
  readonly line: number;
  readonly column: number;
}

export type LayerStatus = 'active' | 'dormant';

/** Where each part of a layer was written, so tools can point at it. */
export interface LayerLocations {
  /** The `## Layer N — Name` heading, when the layer has a section. */
  readonly heading: SourcePoint | null;
  /** The `**Status**:` line of the section. */
  readonly status: SourcePoint | null;
  /** The layer's row in the overview table. */
  readonly overviewRow: SourcePoint | null;
  /** One point per entry of `scope`, in the same order. */
  readonly scope: readonly SourcePoint[];
  /** One point per entry of `documentation`, in the same order. */
  readonly documentation: readonly SourcePoint[];
  /** Where the words of `humanOnlyEvidence` stand, when the layer is human-only. */
  readonly humanOnlyEvidence: SourcePoint | null;
}

export interface Layer {
  readonly number: number;
  readonly name: string;
  readonly status: LayerStatus;
  readonly purpose: string;
  readonly scope: readonly string[];
  /** Repository paths of the documents the layer names. */
  readonly documentation: readonly string[];
  /** Prose given as documentation instead of (or beside) paths. */
  readonly documentationNote: string;
  readonly keyPrinciple: string;
  /**
   * True when the contract demands a human for this layer: its key principle,
   * scope, prohibitions or conditions for an implementation say "No
   * automation", "Human-triggered only", "Human-run only", "Human judgment
   * only", "Requires human approval", "No autonomous decision-making" or
   * "Human-driven". Read from the text whatever the layer's status: marking a
   * layer active never lifts what its section still forbids.
   */
  readonly humanOnly: boolean;
  /** The contract's own words that make the layer human-only (where they stand: `locations.humanOnlyEvidence`). */
  readonly humanOnlyEvidence: string | null;
  /** The explicit prohibitions, without their ❌ markers; empty when the section lists none. */
  readonly prohibitions: readonly string[];
  /** The conditions stated for an implementation (`**If Implemented**:`); empty when none. */
  readonly ifImplemented: readonly string[];
  /** Why the layer is defined at all (`**Why Defined**:`); empty when not said. */
  readonly whyDefined: string;
  /** The `**Current Status**:` text; empty when not said. */
  readonly currentStatus: string;
  readonly locations: LayerLocations;
}

export interface Principle {
  readonly title: string;
  readonly text: string;
}

export interface InteractionRule {
  /** The subsection heading, for example `Active Layers (0-3)`. */
  readonly title: string;
  readonly rules: readonly string[];
  readonly interaction: string;
}

export interface Dormancy {
  readonly purposes: readonly string[];
  readonly means: readonly string[];
  readonly doesNotMean: readonly string[];
  readonly activationCriteria: readonly string[];
  readonly currentState: string;
}

export interface Maintenance {
  readonly summary: string;
  readonly requirements: readonly string[];
}

export interface OverviewRow {
  readonly number: number;
  readonly name: string;
  readonly status: LayerStatus | null;
  readonly statusText: string;
  readonly position: SourcePoint;
}

export interface Contract {
  /** The path the contract was read from, or the `file` option. */
  readonly file: string;
  readonly title: string;
  readonly layers: readonly Layer[];
  readonly overview: readonly OverviewRow[];
  readonly principles: readonly Principle[];
  readonly interactionRules: readonly InteractionRule[];
  readonly dormancy: Dormancy;
  readonly maintenance: Maintenance;
  /** `YYYY-MM-DD`, or null when the document has no valid date. */
  readonly lastUpdated: string | null;
}

export type ContractRuleId =
  | 'contract-unreadable'
  | 'contract-not-text'
  | 'contract-not-utf8'
  | 'contract-empty'
  | 'contract-too-deep'
  | 'contract-too-complex'
  | 'overview-missing'
  | 'overview-row-invalid'
  | 'layer-missing-from-overview'
  | 'layer-missing-section'
  | 'layer-duplicate'
  | 'layer-missing-status'
  | 'layer-unknown-status'
  | 'layer-status-mismatch'
  | 'layer-name-mismatch'
  | 'layer-missing-name'
  | 'layer-status-contradiction'
  | 'last-updated-missing'
  | 'last-updated-invalid';

export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly ruleId: ContractRuleId;
  readonly message: string;
}

export interface ContractResult {
  readonly contract: Contract;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ParseOptions {
  /** Path reported in diagnostics and kept on the model. */
  readonly file?: string;
}

/** Where a repository keeps its contract, relative to its root. */
export const DEFAULT_CONTRACT_PATH = 'docs/operations/OPERATIONAL_LAYERS.md';
