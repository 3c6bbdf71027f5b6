/**
 * Mermaid flowchart writer for the plan's diagram, and a structural check of Mermaid text. Pure:
 * the plan (offline/report.ts) decides which resources and links go in; this module only writes
 * them so GitHub renders them as-is (```mermaid fenced block).
 */

export interface DiagramNode {
  /** Mermaid node id: letters, digits and '_', starting with a letter. */
  id: string;
  /** Label lines (joined with <br/>). */
  lines: string[];
}

export interface DiagramGroup {
  id: string;
  label: string;
  nodes: DiagramNode[];
  groups: DiagramGroup[];
}

export type EdgeStyle = "solid" | "thick" | "dotted";

export interface DiagramEdge {
  from: string;
  to: string;
  label: string;
  /** thick: across the clouds; dotted: a secret (key) handed to both sides. */
  style: EdgeStyle;
}

export interface DiagramModel {
  direction: "LR" | "TB";
  groups: DiagramGroup[];
  edges: DiagramEdge[];
}

const SAFE_ID = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Words Mermaid's flowchart grammar treats specially when used as a bare id. */
const RESERVED_IDS = new Set(["end", "subgraph", "graph", "flowchart", "style", "class", "classDef", "click", "linkStyle", "direction"]);

/** Turns any text into a safe Mermaid id (prefix keeps it starting with a letter). */
export function safeId(prefix: string, text: string): string {
  const body = text.replace(/[^A-Za-z0-9_]/g, "_");
  return `${prefix.replace(/[^A-Za-z0-9_]/g, "_") || "n"}_${body}`;
}

/** Escapes text for a double-quoted Mermaid label. */
export function escapeLabel(text: string): string {
  return text.replace(/&/g, "#38;").replace(/"/g, "#quot;").replace(/</g, "#60;").replace(/>/g, "#62;").replace(/\|/g, "#124;").replace(/[\r\n]+/g, " ");
}

const ARROWS: Readonly<Record<EdgeStyle, string>> = { solid: "-->", thick: "==>", dotted: "-.->" };

/** Writes the model as a Mermaid flowchart (without the fence). */
export function toMermaid(model: DiagramModel): string {
  const out: string[] = [`flowchart ${model.direction}`];
  const writeGroup = (group: DiagramGroup, indent: string): void => {
    out.push(`${indent}subgraph ${group.id}["${escapeLabel(group.label)}"]`);
    for (const node of group.nodes) out.push(`${indent}  ${node.id}["${node.lines.map(escapeLabel).join("<br/>")}"]`);
    for (const child of group.groups) writeGroup(child, `${indent}  `);
    out.push(`${indent}end`);
  };
  for (const group of model.groups) writeGroup(group, "  ");
  for (const edge of model.edges) out.push(`  ${edge.from} ${ARROWS[edge.style]}|"${escapeLabel(edge.label)}"| ${edge.to}`);
  return out.join("\n");
}

/** The Mermaid text inside a ```mermaid fence. */
export function mermaidFence(text: string): string {
  return "```mermaid\n" + text + "\n```";
}

/**
 * Structural problems in a flowchart this module writes (empty when sound): header, safe and
 * unique ids, quoted labels without raw quotes, balanced subgraph/end, and every edge endpoint
 * declared as a node.
 */
export function mermaidProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split("\n");
  if (!/^flowchart (LR|TB|TD|RL|BT)$/.test(lines[0] ?? "")) problems.push(`line 1: expected "flowchart <direction>", got ${JSON.stringify(lines[0])}`);
  const declared = new Map<string, number>();
  const subgraphs = new Set<string>();
  const edges: { from: string; to: string; line: number }[] = [];
  let depth = 0;
  const checkId = (id: string, line: number): void => {
    if (!SAFE_ID.test(id)) problems.push(`line ${line}: unsafe id ${JSON.stringify(id)}`);
    if (RESERVED_IDS.has(id)) problems.push(`line ${line}: id ${JSON.stringify(id)} is a Mermaid keyword`);
  };
  const checkLabel = (label: string, line: number): void => {
    if (label.includes('"')) problems.push(`line ${line}: label contains a raw double quote`);
  };
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    const text = raw.trim();
    if (text === "") return;
    let m: RegExpMatchArray | null;
    if ((m = text.match(/^subgraph (\S+)\["(.*)"\]$/))) {
      checkId(m[1]!, line);
      checkLabel(m[2]!, line);
      if (subgraphs.has(m[1]!) || declared.has(m[1]!)) problems.push(`line ${line}: id ${m[1]} declared twice`);
      subgraphs.add(m[1]!);
      depth++;
    } else if (text === "end") {
      depth--;
      if (depth < 0) problems.push(`line ${line}: "end" without a subgraph`);
    } else if ((m = text.match(/^(\S+)\["(.*)"\]$/))) {
      checkId(m[1]!, line);
      checkLabel(m[2]!, line);
      if (declared.has(m[1]!) || subgraphs.has(m[1]!)) problems.push(`line ${line}: id ${m[1]} declared twice (first on line ${declared.get(m[1]!) ?? "?"})`);
      declared.set(m[1]!, line);
    } else if ((m = text.match(/^(\S+) (-->|==>|-\.->)\|"(.*)"\| (\S+)$/))) {
      checkLabel(m[3]!, line);
      edges.push({ from: m[1]!, to: m[4]!, line });
    } else if (/^direction (LR|TB|TD|RL|BT)$/.test(text)) {
      // allowed inside subgraphs
    } else {
      problems.push(`line ${line}: not a node, edge, subgraph or end: ${JSON.stringify(text)}`);
    }
  });
  if (depth > 0) problems.push(`${depth} subgraph(s) never closed with "end"`);
  for (const edge of edges) {
    for (const end of [edge.from, edge.to]) {
      checkId(end, edge.line);
      if (!declared.has(end)) problems.push(`line ${edge.line}: edge endpoint ${end} is not a declared node`);
    }
  }
  return problems;
}
