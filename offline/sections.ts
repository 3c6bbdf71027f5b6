/**
 * A document as a list of sections, each a heading and blocks (tables, lists, paragraphs), with one
 * renderer to terminal text and one to Markdown. offline/report.ts builds the plan's sections once
 * from the PlanReport; what differs between the two formats (wording of a heading, a line only
 * one of them shows) is said in the section, not in a second walk over the report.
 */

/** One table row; undefined cells render as "-". */
export type Row = (string | number | undefined)[];

/** Which renderer shows a block or a section (both when absent). */
export type Format = "text" | "markdown";

/** A table: padded columns in text, a pipe table in Markdown (optionally with a raw total line). */
export interface TableBlock {
  kind: "table";
  headers: string[];
  rows: Row[];
  /** A Markdown line appended under the table (e.g. a bold total row). */
  markdownTotal?: string;
  only?: Format;
}

/** A bulleted list: `indent + bullet + item` in text, `- item` (escaped) in Markdown. */
export interface ListBlock {
  kind: "list";
  items: string[];
  /** Text bullet after the indent, e.g. "! " or "- " ("" for none). */
  textBullet: string;
  /** Text indent (default two spaces). */
  textIndent?: string;
  /** What each format shows when there are no items. */
  empty?: { text: string; markdown: string };
  only?: Format;
}

/** A paragraph: an indented line in text, a line followed by a blank line in Markdown (as given). */
export interface ParagraphBlock {
  kind: "paragraph";
  text: string;
  only?: Format;
}

/** Lines each format words on its own (given as rendered). */
export interface LinesBlock {
  kind: "lines";
  text: string[];
  markdown: string[];
}

export type Block = TableBlock | ListBlock | ParagraphBlock | LinesBlock;

/** A section: an optional heading (each format's wording) and its blocks. */
export interface Section {
  heading?: { text: string; markdown: string };
  blocks: Block[];
  only?: Format;
}

/** Escapes a value for a Markdown table cell or list item. */
export function mdEscape(value: string): string {
  return value.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A table of padded columns, two spaces apart. */
export function textTable(headers: string[], rows: Row[], indent = "  "): string[] {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === undefined ? "-" : String(c))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]): string => indent + r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(cells[0]!), indent + widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)];
}

/** A Markdown pipe table. */
export function mdTable(headers: string[], rows: Row[]): string[] {
  const cell = (c: string | number | undefined): string => (c === undefined ? "-" : mdEscape(String(c)));
  return [`| ${headers.map(mdEscape).join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

const shows = (only: Format | undefined, format: Format): boolean => only === undefined || only === format;

function blockText(block: Block): string[] {
  switch (block.kind) {
    case "table":
      return textTable(block.headers, block.rows);
    case "list": {
      const indent = block.textIndent ?? "  ";
      if (block.items.length === 0) return block.empty ? [`${indent}${block.empty.text}`] : [];
      return block.items.map((item) => `${indent}${block.textBullet}${item}`);
    }
    case "paragraph":
      return [`  ${block.text}`];
    case "lines":
      return block.text;
  }
}

function blockMarkdown(block: Block): string[] {
  switch (block.kind) {
    case "table":
      return [...mdTable(block.headers, block.rows), ...(block.markdownTotal === undefined ? [] : [block.markdownTotal]), ""];
    case "list":
      if (block.items.length === 0) return block.empty ? [block.empty.markdown, ""] : [""];
      return [...block.items.map((item) => `- ${mdEscape(item)}`), ""];
    case "paragraph":
      return [block.text, ""];
    case "lines":
      return block.markdown;
  }
}

/** The sections as terminal lines: each after a blank line, its heading on a line of its own. */
export function sectionsText(sections: readonly Section[]): string[] {
  const out: string[] = [];
  for (const section of sections.filter((s) => shows(s.only, "text"))) {
    out.push("");
    if (section.heading) out.push(section.heading.text);
    for (const block of section.blocks) if (block.kind === "lines" || shows(block.only, "text")) out.push(...blockText(block));
  }
  return out;
}

/** The sections as Markdown lines: each heading followed by a blank line, each block by one. */
export function sectionsMarkdown(sections: readonly Section[]): string[] {
  const out: string[] = [];
  for (const section of sections.filter((s) => shows(s.only, "markdown"))) {
    if (section.heading) out.push(section.heading.markdown, "");
    for (const block of section.blocks) if (block.kind === "lines" || shows(block.only, "markdown")) out.push(...blockMarkdown(block));
  }
  return out;
}
