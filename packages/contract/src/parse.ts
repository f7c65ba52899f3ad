import { posix } from 'node:path';
import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent, Table } from 'mdast';
import type {
  Contract,
  ContractResult,
  ContractRuleId,
  Diagnostic,
  Dormancy,
  InteractionRule,
  Layer,
  LayerStatus,
  Maintenance,
  OverviewRow,
  ParseOptions,
  Principle,
  SourcePoint,
} from './model.js';
import { DEFAULT_CONTRACT_PATH } from './model.js';
import { describeRefusal, parseBounded } from './bounds.js';
import { deepFreeze, fieldsOf, isCalendarDate, plainText, point, pointAt, type Field } from './conventions.js';


const START: SourcePoint = Object.freeze({ line: 1, column: 1 });
// The name may be left to the overview table: `## Layer 0` alone is still Layer 0's section.
const LAYER_HEADING = /^Layer\s+(\d+)\s*(?:(?:[—–-]+|:)\s*(.*?))?\s*$/iu;
// The table's `Layer` column holds `Layer N`, or just `N`.
const LAYER_CELL = /^(?:Layer\s+)?(\d+)$|^Layer\s+(\d+)\b/iu;
const PROHIBITION_MARKER = /^(?:❌|✗|✘|🚫|⛔)\s*/u;
// The contract's words for "a person must act here", in any of its fields.
const HUMAN_ONLY = new RegExp(
  [
    String.raw`no automation`,
    String.raw`human[- ](?:triggered|run|driven)(?: only)?`,
    String.raw`human judg(?:e)?ment only`,
    String.raw`(?:requires?|needs?) (?:a )?human(?:'s|’s)? (?:approval|review|decision)`,
    String.raw`no autonomous decision[- ]making`,
    String.raw`no decision is (?:made|taken) autonomously`,
    String.raw`driven (?:entirely |only |completely )?by (?:people|humans)`,
  ]
    .map((words) => String.raw`\b${words}\b`)
    .join('|'),
  'iu',
);
const NOT_IMPLEMENTED = /\bnot implemented\b/iu;

interface Section {
  readonly heading: Heading;
  readonly title: string;
  readonly children: readonly RootContent[];
}

interface LayerSection {
  readonly number: number;
  readonly name: string;
  readonly section: Section;
}

/**
 * Parses the text of an operational layers contract. Never throws for any
 * input: every problem is a positioned diagnostic, and the model holds what
 * the text allows.
 */
export function parseContract(source: string, options: ParseOptions = {}): ContractResult {
  const file = options.file ?? DEFAULT_CONTRACT_PATH;
  const diagnostics: Diagnostic[] = [];
  const report = (ruleId: ContractRuleId, at: SourcePoint | null | undefined, message: string): void => {
    const point = at ?? START;
    diagnostics.push({ file, line: point.line, column: point.column, ruleId, message });
  };

  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    report('contract-not-text', pointAt(text, nul), 'The contract is not a text file (it contains a NUL byte).');
    return finish(emptyContract(file), diagnostics);
  }
  if (text.trim() === '') {
    report('contract-empty', START, 'The contract is empty: expected an overview table and one section per layer.');
    return finish(emptyContract(file), diagnostics);
  }

  const parsed = parseBounded(text);
  if (parsed.refusal) {
    const { refusal } = parsed;
    report(refusal.kind === 'inline' ? 'contract-too-complex' : 'contract-too-deep', refusal.at, `Unexpected ${describeRefusal(refusal)}: no contract needs that, so the contract was not read.`);
    return finish(emptyContract(file), diagnostics);
  }
  const tree = parsed.tree;
  const sections = splitSections(tree, 2);
  const title = tree.children.find((node): node is Heading => node.type === 'heading' && node.depth === 1);

  const overview = readOverview(sections, tree, report);
  const layerSections = sections.flatMap((section): LayerSection[] => {
    const match = LAYER_HEADING.exec(section.title);
    return match ? [{ number: Number(match[1]), name: match[2] ?? '', section }] : [];
  });
  const layers = buildLayers(overview, layerSections, report);
  const findSection = (pattern: RegExp): Section | undefined =>
    sections.find((section) => !LAYER_HEADING.test(section.title) && pattern.test(section.title));

  const lastUpdated = readLastUpdated(tree, text, report);

  const contract: Contract = {
    file,
    title: title ? plainText(title) : '',
    layers,
    overview,
    principles: readPrinciples(findSection(/principles/iu)),
    interactionRules: readInteractionRules(findSection(/interaction/iu)),
    dormancy: readDormancy(findSection(/dormant|not active/iu)),
    maintenance: readMaintenance(findSection(/maintenance/iu)),
    lastUpdated,
  };
  return finish(contract, diagnostics);
}

type Report = (ruleId: ContractRuleId, at: SourcePoint | null | undefined, message: string) => void;

function finish(contract: Contract, diagnostics: Diagnostic[]): ContractResult {
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
  return deepFreeze({ contract, diagnostics });
}

function emptyContract(file: string): Contract {
  return {
    file,
    title: '',
    layers: [],
    overview: [],
    principles: [],
    interactionRules: [],
    dormancy: { purposes: [], means: [], doesNotMean: [], activationCriteria: [], currentState: '' },
    maintenance: { summary: '', requirements: [] },
    lastUpdated: null,
  };
}

function readOverview(sections: readonly Section[], tree: Root, report: Report): OverviewRow[] {
  const overviewSection = sections.find((section) => /overview/iu.test(section.title));
  const candidates: readonly RootContent[] = overviewSection ? overviewSection.children : tree.children;
  const table = candidates.find(
    (node): node is Table => node.type === 'table' && columnIndex(node, /^layer$/iu) !== -1,
  );
  if (!table) {
    report(
      'overview-missing',
      point(overviewSection?.heading) ?? START,
      'The contract has no overview table: expected a table with `Layer`, `Status` and `Purpose` columns.',
    );
    return [];
  }
  const layerColumn = columnIndex(table, /^layer$/iu);
  const statusColumn = columnIndex(table, /^status$/iu);
  const nameColumn = columnIndex(table, /^(?:purpose|name)$/iu);

  const rows: OverviewRow[] = [];
  for (const row of table.children.slice(1)) {
    const cell = (index: number): string => (index === -1 ? '' : plainText(row.children[index] ?? { type: 'text', value: '' }));
    const position = point(row) ?? START;
    const match = LAYER_CELL.exec(cell(layerColumn));
    const number = match?.[1] ?? match?.[2];
    if (number === undefined) {
      report('overview-row-invalid', position, `Unexpected overview row \`${cell(layerColumn)}\`, expected \`Layer N\` in the \`Layer\` column.`);
      continue;
    }
    const statusText = cell(statusColumn);
    const status = parseStatus(statusText);
    if (status === null) {
      report(
        'layer-unknown-status',
        position,
        statusText === ''
          ? `Layer ${number} has no status in the overview table, expected \`Active\` or \`Defined (Dormant)\`.`
          : `Unexpected status \`${statusText}\` for Layer ${number} in the overview, expected \`Active\` or \`Defined (Dormant)\`.`,
      );
    }
    rows.push({ number: Number(number), name: cell(nameColumn), status, statusText, position });
  }
  return rows;
}

function buildLayers(overview: readonly OverviewRow[], layerSections: readonly LayerSection[], report: Report): Layer[] {
  const byNumber = new Map<number, LayerSection>();
  for (const entry of layerSections) {
    if (byNumber.has(entry.number)) {
      report('layer-duplicate', point(entry.section.heading), `Layer ${entry.number} has a second section; each layer is defined once.`);
      continue;
    }
    byNumber.set(entry.number, entry);
  }
  const rowByNumber = new Map<number, OverviewRow>();
  for (const row of overview) {
    if (rowByNumber.has(row.number)) {
      report('layer-duplicate', row.position, `Layer ${row.number} appears twice in the overview table.`);
      continue;
    }
    rowByNumber.set(row.number, row);
  }

  const numbers = [...new Set([...rowByNumber.keys(), ...byNumber.keys()])].sort((a, b) => a - b);
  return numbers.map((number) => {
    const row = rowByNumber.get(number);
    const entry = byNumber.get(number);
    if (!row && entry) {
      report('layer-missing-from-overview', point(entry.section.heading), `Layer ${number} has a section but no row in the overview table.`);
    }
    if (row && !entry) {
      report('layer-missing-section', row.position, `Layer ${number} is in the overview table but has no \`## Layer ${number} — ${row.name}\` section.`);
    }
    return entry ? layerFromSection(entry, row, report) : layerFromRow(row as OverviewRow);
  });
}

function layerFromRow(row: OverviewRow): Layer {
  const status = row.status ?? 'dormant';
  return withHumanOnly({
    number: row.number,
    name: row.name,
    status,
    purpose: '',
    scope: [],
    documentation: [],
    documentationNote: '',
    keyPrinciple: '',
    humanOnly: false,
    humanOnlyEvidence: null,
    prohibitions: [],
    ifImplemented: [],
    whyDefined: '',
    currentStatus: '',
    locations: { heading: null, status: null, overviewRow: row.position, scope: [], documentation: [], humanOnlyEvidence: null },
  }, []);
}

function layerFromSection(entry: LayerSection, row: OverviewRow | undefined, report: Report): Layer {
  const { number, section } = entry;
  const fields = fieldsOf(section.children);
  const field = (pattern: RegExp): Field | undefined => fields.find((candidate) => pattern.test(candidate.label));

  const statusField = field(/^status$/iu);
  let status: LayerStatus | null = null;
  if (!statusField) {
    report('layer-missing-status', point(section.heading), `Layer ${number} has no \`**Status**:\` line.`);
  } else {
    status = parseStatus(statusField.value);
    if (status === null) {
      report('layer-unknown-status', statusField.position, `Unexpected status \`${statusField.value}\` for Layer ${number}, expected \`Active\` or \`Defined but Dormant\`.`);
    }
  }
  if (row && status !== null && row.status !== null && row.status !== status) {
    report(
      'layer-status-mismatch',
      statusField?.position,
      `Layer ${number} is \`${status}\` in its section but \`${row.status}\` in the overview table; the two must agree.`,
    );
  }
  if (row && row.name !== '' && entry.name !== '' && normaliseName(row.name) !== normaliseName(entry.name)) {
    report('layer-name-mismatch', point(section.heading), `Layer ${number} is named \`${entry.name}\` here but \`${row.name}\` in the overview table.`);
  }
  // A layer whose status cannot be read is not active: the contract activates layers only by explicit decision.
  const resolved: LayerStatus = status ?? row?.status ?? 'dormant';
  const name = entry.name === '' ? (row?.name ?? '') : entry.name;
  if (name === '') {
    report('layer-missing-name', point(section.heading), `Layer ${number} has no name, expected \`## Layer ${number} — Name\` or a name in its overview row.`);
  }

  const scopeField = field(/^scope$/iu);
  // Scope is a list, or a single sentence (as Layer 0's is).
  const scope: Item[] =
    scopeField && !scopeField.list && scopeField.value !== '' ? [{ text: scopeField.value, node: null, position: scopeField.valuePosition }] : fieldItems(scopeField);
  const documentationField = field(/^documentation$/iu);
  const documentation = documentationPaths(documentationField);
  const documentationNote = documentationField && documentation.paths.length === 0 ? documentationField.value : '';
  const keyPrinciple = field(/^key principle$/iu);
  const prohibitions = fieldItems(field(/prohibition/iu)).map((item) => ({ ...item, text: item.text.replace(PROHIBITION_MARKER, '') }));
  const ifImplemented = fieldItems(field(/^if implemented$/iu));
  const currentStatus = field(/^current status$/iu);
  if (resolved === 'active' && currentStatus && NOT_IMPLEMENTED.test(currentStatus.value)) {
    report(
      'layer-status-contradiction',
      currentStatus.valuePosition,
      `Layer ${number} is marked \`Active\` but its section still says \`${currentStatus.value}\`; a person should make the status and the text agree.`,
    );
  }
  // Every statement that can demand a human, whatever the status: activating a layer lifts none of them.
  const statements: Item[] = [
    ...(keyPrinciple ? [{ text: keyPrinciple.value, node: null, position: keyPrinciple.valuePosition }] : []),
    ...scope,
    ...prohibitions,
    ...ifImplemented,
  ];

  return withHumanOnly(
    {
      number,
      name,
      status: resolved,
      purpose: field(/^purpose$/iu)?.value ?? '',
      scope: scope.map((item) => item.text),
      documentation: documentation.paths,
      documentationNote,
      keyPrinciple: keyPrinciple?.value ?? '',
      humanOnly: false,
      humanOnlyEvidence: null,
      prohibitions: prohibitions.map((item) => item.text),
      ifImplemented: ifImplemented.map((item) => item.text),
      whyDefined: field(/^why defined$/iu)?.value ?? '',
      currentStatus: currentStatus?.value ?? '',
      locations: {
        heading: point(section.heading),
        status: statusField?.position ?? null,
        overviewRow: row?.position ?? null,
        scope: scope.map((item) => item.position),
        documentation: documentation.positions,
        humanOnlyEvidence: null,
      },
    },
    statements,
  );
}

/** The layer, human-only when one of its statements says so, with the words and where they stand. */
function withHumanOnly(layer: Layer, statements: readonly Item[]): Layer {
  for (const statement of statements) {
    const match = HUMAN_ONLY.exec(statement.text);
    if (match) {
      const position = statement.node ? wordsPosition(statement.node, HUMAN_ONLY) : null;
      return { ...layer, humanOnly: true, humanOnlyEvidence: match[0], locations: { ...layer.locations, humanOnlyEvidence: position ?? statement.position } };
    }
  }
  return layer;
}

/** Where a pattern's words start in a node: in the first text of the node that holds them whole, on one line. */
function wordsPosition(node: Nodes, pattern: RegExp): SourcePoint | null {
  const pending: Nodes[] = [node];
  while (pending.length > 0) {
    const current = pending.shift()!;
    if ((current.type === 'text' || current.type === 'inlineCode') && current.position) {
      const match = pattern.exec(current.value);
      if (match && !/[\r\n]/u.test(current.value.slice(0, match.index))) {
        const start = current.position.start;
        return { line: start.line, column: start.column + match.index + (current.type === 'inlineCode' ? 1 : 0) };
      }
    }
    if ('children' in current) pending.unshift(...current.children);
  }
  return null;
}

interface Item {
  readonly text: string;
  readonly node: ListItem | null;
  readonly position: SourcePoint;
}

function fieldItems(field: Field | undefined): Item[] {
  return field?.list ? listItems(field.list) : [];
}

function listItems(list: List | undefined): Item[] {
  if (!list) return [];
  return list.children.map((node) => ({ text: plainText(node), node, position: point(node) ?? START }));
}

function documentationPaths(field: Field | undefined): { paths: string[]; positions: SourcePoint[] } {
  const paths: string[] = [];
  const positions: SourcePoint[] = [];
  const collect = (nodes: readonly Nodes[], fallback: SourcePoint, itemText?: string): void => {
    let found = false;
    const visit = (node: Nodes): void => {
      if (node.type === 'inlineCode') {
        found = true;
        paths.push(node.value.trim());
        positions.push(point(node) ?? fallback);
      } else if (node.type === 'link') {
        const path = linkedPath(node.url);
        if (path !== null) {
          found = true;
          paths.push(path);
          positions.push(point(node) ?? fallback);
        }
      } else if ('children' in node) {
        for (const child of node.children) visit(child);
      }
    };
    for (const node of nodes) visit(node);
    // A list item may also name a path as plain text.
    if (!found && itemText !== undefined && /^[\w./-]+\.md$/u.test(itemText)) {
      paths.push(itemText);
      positions.push(fallback);
    }
  };
  if (!field) return { paths, positions };
  collect(field.valueNodes, field.position);
  for (const item of fieldItems(field)) if (item.node) collect([item.node], item.position, item.text);
  return { paths, positions };
}

const CONTRACT_FOLDER = posix.dirname(DEFAULT_CONTRACT_PATH);

/**
 * The repository path a Markdown link points at. A relative link is read from
 * the folder the contract lives in, as GitHub reads it; `/path` is from the
 * repository root. Links to other sites and to anchors name no document.
 */
function linkedPath(url: string): string | null {
  if (/^(?:[a-z][a-z\d+.-]*:|\/\/|#)/iu.test(url)) return null;
  let path = url.replace(/[?#].*$/u, '');
  try {
    path = decodeURI(path);
  } catch {
    // A malformed escape is kept as written.
  }
  if (path === '') return null;
  return path.startsWith('/') ? posix.normalize(path.slice(1)) : posix.join(CONTRACT_FOLDER, path);
}

function readPrinciples(section: Section | undefined): Principle[] {
  const list = section?.children.find((node): node is List => node.type === 'list');
  return listItems(list).map((item) => {
    const paragraph = item.node?.children[0];
    const strong = paragraph?.type === 'paragraph' && paragraph.children[0]?.type === 'strong' ? paragraph.children[0] : null;
    if (!strong) return { title: '', text: item.text };
    const title = plainText(strong).replace(/:$/u, '');
    return { title, text: item.text.slice(item.text.indexOf(title) + title.length).replace(/^:?\s*/u, '') };
  });
}

function readInteractionRules(section: Section | undefined): InteractionRule[] {
  if (!section) return [];
  return splitSections({ type: 'root', children: [...section.children] }, 3).map((sub) => ({
    title: sub.title,
    rules: listItems(sub.children.find((node): node is List => node.type === 'list')).map((item) => item.text),
    interaction: fieldsOf(sub.children).find((field) => /^interaction$/iu.test(field.label))?.value ?? '',
  }));
}

function readDormancy(section: Section | undefined): Dormancy {
  const subs = section ? splitSections({ type: 'root', children: [...section.children] }, 3) : [];
  const items = (pattern: RegExp, exclude?: RegExp): string[] => {
    const sub = subs.find((candidate) => pattern.test(candidate.title) && !(exclude?.test(candidate.title) ?? false));
    return listItems(sub?.children.find((node): node is List => node.type === 'list')).map((item) => item.text.replace(PROHIBITION_MARKER, ''));
  };
  const activation = subs.find((sub) => /activation/iu.test(sub.title));
  return {
    purposes: items(/purpose/iu),
    means: items(/means/iu, /not/iu),
    doesNotMean: items(/not mean/iu),
    activationCriteria: items(/activation/iu),
    currentState: activation ? (fieldsOf(activation.children).find((field) => /^current state$/iu.test(field.label))?.value ?? '') : '',
  };
}

function readMaintenance(section: Section | undefined): Maintenance {
  if (!section) return { summary: '', requirements: [] };
  const summary = section.children.find(
    (node): node is Paragraph => node.type === 'paragraph' && node.children[0]?.type !== 'strong',
  );
  return {
    summary: summary ? plainText(summary) : '',
    requirements: listItems(section.children.find((node): node is List => node.type === 'list')).map((item) => item.text),
  };
}

function readLastUpdated(tree: Root, text: string, report: Report): string | null {
  const fields = fieldsOf(tree.children).filter((field) => /^last updated$/iu.test(field.label));
  const field = fields.at(-1);
  if (!field) {
    report('last-updated-missing', pointAt(text, text.length), 'The contract has no `**Last Updated**: YYYY-MM-DD` line.');
    return null;
  }
  if (!isCalendarDate(field.value)) {
    report(
      'last-updated-invalid',
      field.valuePosition,
      `Unexpected \`Last Updated\` value \`${field.value}\`, expected a calendar date as \`YYYY-MM-DD\`.`,
    );
    return null;
  }
  return field.value;
}



function parseStatus(text: string): LayerStatus | null {
  const value = text.toLowerCase();
  if (/\bdormant\b/u.test(value)) return 'dormant';
  // `Active`, `✅ Active`, `Active (since 2024)`; not `Inactive` or `Not active`.
  if (/^\W*active\b/u.test(value)) return 'active';
  return null;
}

function splitSections(tree: Root, depth: number): Section[] {
  const sections: Section[] = [];
  let current: { heading: Heading; title: string; children: RootContent[] } | null = null;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= depth) {
      current = node.depth === depth ? { heading: node, title: plainText(node), children: [] } : null;
      if (current) sections.push(current);
    } else if (current) {
      current.children.push(node);
    }
  }
  return sections;
}

function columnIndex(table: Table, pattern: RegExp): number {
  const header = table.children[0];
  if (!header) return -1;
  return header.children.findIndex((cell) => pattern.test(plainText(cell)));
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/&/gu, ' and ').replace(/\s+/gu, ' ').trim();
}

