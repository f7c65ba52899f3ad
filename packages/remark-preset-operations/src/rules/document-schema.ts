import { resolve } from 'node:path';
import { fieldsOf, isCalendarDate, plainText, point, type SourcePoint } from '@bookiji/contract';
import type { Heading, Root, RootContent } from 'mdast';
import { documentSchemas, globMatcher, readDocument, regExp, type LintContext } from '../context.js';
import { columnCells, findHeading, firstOrderedList, firstTable, headings, same, sectionOf, tableHeader } from '../markdown.js';
import type { EntriesSchema, FieldSchema, HeadingSchema, IdListSchema, Options, TableSchema } from '../options.js';
import { defineRule, type RuleReport } from '../rule.js';

/** Today (UTC), or the day of `SOURCE_DATE_EPOCH` so that a proof run judges the same dates the same way. */
export function today(options: Options): string {
  if (options.today) return options.today;
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  const date = Number.isFinite(epoch) && process.env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date();
  return date.toISOString().slice(0, 10);
}

const hashes = '######';
const show = (schema: HeadingSchema) => `${hashes.slice(0, schema.depth)} ${schema.text ?? `/${schema.pattern}/`}`;

function checkHeadings(tree: Root, required: readonly HeadingSchema[], context: LintContext, report: RuleReport): void {
  const matchesHeading = (heading: Heading, schema: HeadingSchema) =>
    heading.depth === schema.depth && (schema.text !== undefined ? same(plainText(heading), schema.text) : regExp(context.run, schema.pattern!, 'u').test(plainText(heading)));
  const all = headings(tree);
  let cursor = 0;
  let previous: { schema: HeadingSchema; heading: Heading } | undefined;
  for (const schema of required) {
    const index = all.findIndex((heading, i) => i >= cursor && matchesHeading(heading, schema));
    if (index !== -1) {
      cursor = index + 1;
      previous = { schema, heading: all[index]! };
      continue;
    }
    const earlier = all.find((heading) => matchesHeading(heading, schema));
    if (earlier) {
      report(`Unexpected position of heading \`${show(schema)}\`, expected it after \`${previous ? show(previous.schema) : 'the start'}\``, point(earlier));
    } else {
      report(
        `Missing heading \`${show(schema)}\`, expected ${previous ? `after \`${show(previous.schema)}\`` : 'at the start'}`,
        previous ? point(previous.heading) : undefined,
      );
    }
  }
}

function checkTable(tree: Root, schema: TableSchema, report: RuleReport): void {
  const heading = findHeading(tree, schema.under);
  if (!heading) return report(`Missing table under \`${schema.under}\`: the document has no such heading`);
  const table = firstTable(sectionOf(tree, heading));
  if (!table) return report(`Missing table under \`${schema.under}\`, expected columns ${schema.columns.map((c) => `\`${c}\``).join(', ')}`, point(heading));
  const header = tableHeader(table);
  schema.columns.forEach((column, index) => {
    if (!same(header[index] ?? '', column)) {
      report(`Unexpected column \`${header[index] ?? '(none)'}\` in the table under \`${schema.under}\`, expected \`${column}\` as column ${index + 1}`, point(table));
    }
  });
  if (schema.rows) {
    const cells = columnCells(table, schema.rows.column).map((cell) => cell.text);
    const missing = schema.rows.values.filter((value) => !cells.some((cell) => same(cell, value)));
    for (const value of missing) {
      report(`Missing row \`${value}\` in column \`${schema.rows.column}\` of the table under \`${schema.under}\``, point(table));
    }
    if (missing.length === 0) {
      const order = cells.filter((cell) => schema.rows!.values.some((value) => same(cell, value)));
      const expected = schema.rows.values.filter((value) => order.some((cell) => same(cell, value)));
      if (order.some((cell, index) => !same(cell, expected[index] ?? ''))) {
        report(`Unexpected order of rows in column \`${schema.rows.column}\` under \`${schema.under}\`, expected ${expected.map((v) => `\`${v}\``).join(', ')}`, point(table));
      }
    }
  }
}

/** The cells of a column of the table under a heading, without code marks. */
function columnValues(tree: Root, under: string, column: string): string[] {
  const heading = findHeading(tree, under);
  const table = heading ? firstTable(sectionOf(tree, heading)) : undefined;
  return table ? columnCells(table, column).map((cell) => cell.text.replace(/^`|`$/gu, '')) : [];
}

function allowedValues(field: FieldSchema, context: LintContext, report: RuleReport): string[] | null {
  if (field.values === undefined) return null;
  if (Array.isArray(field.values)) return [...field.values];
  const from = (field.values as { from: { document: string; under: string; column: string } }).from;
  const tree = readDocument(context.run, resolve(context.root, context.fileFor(from.document)));
  const cells = tree ? columnValues(tree, from.under, from.column) : [];
  if (cells.length === 0) {
    report(`Cannot check \`${field.name}\`: no column \`${from.column}\` in a table under \`${from.under}\` in \`${from.document}\``);
    return null;
  }
  return cells;
}

function checkFields(tree: Root, nodes: readonly RootContent[], fields: readonly FieldSchema[], context: LintContext, report: RuleReport, missingAt: SourcePoint | null, where: string): void {
  for (const schema of fields) {
    let scope = nodes;
    let at = missingAt;
    if (schema.under) {
      const heading = findHeading(tree, schema.under);
      if (!heading) {
        if (schema.required !== false) report(`Missing field \`**${schema.name}**:\`: the document has no heading \`${schema.under}\``, missingAt);
        continue;
      }
      scope = sectionOf(tree, heading);
      at = point(heading);
    }
    const found = fieldsOf(scope).filter((field) => same(field.label, schema.name));
    if (found.length === 0) {
      if (schema.required !== false) report(`Missing field \`**${schema.name}**:\` ${schema.under ? `under \`${schema.under}\`` : where}`, at);
      continue;
    }
    const allowed = allowedValues(schema, context, report);
    for (const field of found) {
      if (field.value === '') {
        report(`Missing value for \`**${schema.name}**:\``, field.valuePosition);
        continue;
      }
      if (!allowed) continue;
      const values = schema.multiple ? field.value.split(/\s*,\s*/u) : [field.value];
      for (const value of values) {
        if (!allowed.some((candidate) => same(candidate, value))) {
          report(`Unexpected \`${schema.name}\` value \`${value}\`, expected ${schema.multiple ? 'values from' : 'one of'} ${allowed.map((v) => `\`${v}\``).join(', ')}`, field.valuePosition);
        }
      }
    }
  }
}

/**
 * An entry's fields outside any entry: before the first entry heading, or a
 * second time in one entry. Either is what an entry heading deleted by mistake
 * leaves behind, its fields now part of the preamble or of the entry above.
 */
function checkStrayFields(tree: Root, entries: readonly Heading[], schema: EntriesSchema, report: RuleReport): void {
  const names = (schema.fields ?? []).map((field) => field.name);
  const isEntryField = (label: string) => names.some((name) => same(name, label));
  const first = entries[0] ? tree.children.indexOf(entries[0]) : tree.children.length;
  for (const field of fieldsOf(tree.children.slice(0, first))) {
    if (isEntryField(field.label)) {
      report(`Unexpected field \`**${field.label}**:\` before the first entry, expected it under an entry heading (level ${schema.depth}) of its own`, field.position);
    }
  }
  for (const heading of entries) {
    const seen = new Set<string>();
    for (const field of fieldsOf(sectionOf(tree, heading))) {
      const key = field.label.trim().toLowerCase();
      if (!isEntryField(key)) continue;
      if (seen.has(key)) {
        report(`Unexpected second \`**${field.label}**:\` in the entry \`${plainText(heading)}\`, expected one per entry (is an entry heading missing above it?)`, field.position);
      }
      seen.add(key);
    }
  }
}

function checkEntries(tree: Root, schema: EntriesSchema, context: LintContext, report: RuleReport, options: Options): void {
  const pattern = regExp(context.run, schema.pattern, 'u');
  const entries = headings(tree).filter((heading) => heading.depth === schema.depth);
  checkStrayFields(tree, entries, schema, report);
  const now = today(options);
  let previousDate: string | undefined;
  for (const heading of entries) {
    const text = plainText(heading);
    const at = point(heading);
    const match = pattern.exec(text);
    if (!match) {
      report(`Unexpected entry heading \`${text}\`, expected it to match \`${schema.pattern}\``, at);
      continue;
    }
    const date = match[1] ?? '';
    if (!isCalendarDate(date)) {
      report(`Unexpected entry date \`${date}\`, expected a calendar date as \`YYYY-MM-DD\``, at);
    } else {
      if (schema.noFutureDates && date > now) report(`Unexpected entry date \`${date}\`: it is after today (${now})`, at);
      if (schema.order === 'newest-first' && previousDate !== undefined && date > previousDate) {
        report(`Unexpected entry date \`${date}\` after an entry dated \`${previousDate}\`, expected newest first`, at);
      }
      previousDate = date;
    }
    if (schema.fields) checkFields(tree, sectionOf(tree, heading), schema.fields, context, report, at, `in the entry \`${text}\``);
  }
  if (schema.minimum !== undefined && entries.length < schema.minimum) {
    report(`Expected at least ${schema.minimum} entr${schema.minimum === 1 ? 'y' : 'ies'} (level ${schema.depth} headings), found ${entries.length}`);
  }
}

function checkIdList(tree: Root, schema: IdListSchema, report: RuleReport): void {
  const heading = findHeading(tree, schema.under);
  if (!heading) return report(`Missing heading \`${schema.under}\` with the ordered list of ids`);
  const list = firstOrderedList(sectionOf(tree, heading));
  if (!list) return report(`Missing ordered list under \`${schema.under}\`, expected the ids ${schema.ids.map((id) => `\`${id}\``).join(', ')}`, point(heading));
  const items = list.children.map((item) => {
    const paragraph = item.children[0];
    const first = paragraph?.type === 'paragraph' ? paragraph.children[0] : undefined;
    return { id: first?.type === 'inlineCode' ? first.value : null, at: point(item) };
  });
  const length = Math.max(items.length, schema.ids.length);
  for (let index = 0; index < length; index++) {
    const item = items[index];
    const expected = schema.ids[index];
    if (item && item.id === expected) continue;
    if (!item) {
      report(`Missing item \`${expected}\` at position ${index + 1} under \`${schema.under}\``, items.at(-1)?.at ?? point(list));
    } else if (item.id === null) {
      report(`Unexpected item without an inline-code id at position ${index + 1} under \`${schema.under}\`, expected \`${expected ?? '(none)'}\``, item.at);
    } else {
      report(`Unexpected \`${item.id}\` at position ${index + 1} under \`${schema.under}\`, expected ${expected === undefined ? 'no more items' : `\`${expected}\``}`, item.at);
    }
  }
}

/** Each document has the structure its schema declares: headings, tables, fields, entries and id lists. */
export const documentSchema = defineRule('document-schema', (tree, context, reportAny, options, file) => {
  const { documents, declaredAt } = documentSchemas(context.run, options, file.cwd);
  const standsFor = context.standsFor.get(context.relativePath);
  for (const schema of documents) {
    const matches = globMatcher(context.run, schema.path);
    if (!matches(context.relativePath) && !(standsFor !== undefined && matches(standsFor))) continue;
    // A schema read from a file is named in its messages, with where it is declared.
    const declared = declaredAt.get(schema);
    const report: RuleReport = declared ? Object.assign((reason: string, at?: SourcePoint | null) => reportAny(`${reason} (schema \`${schema.path}\` at \`${declared}\`)`, at), { afterRun: reportAny.afterRun }) : reportAny;
    if (schema.headings) checkHeadings(tree, schema.headings, context, report);
    for (const table of schema.tables ?? []) checkTable(tree, table, report);
    if (schema.fields) checkFields(tree, tree.children, schema.fields, context, report, null, 'in the document');
    if (schema.entries) checkEntries(tree, schema.entries, context, report, options);
    if (schema.idList) checkIdList(tree, schema.idList, report);
  }
});
