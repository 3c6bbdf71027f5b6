// No two of the repository's modules import each other, directly or round a longer loop
// (docs/architecture.md, "The folders"). Every .ts file's imports, `export ... from`, `import()`
// and `require()` count, type-only ones too: the graph is read with TypeScript's own scanner
// (ts.preProcessFile, no type checking), so the test costs well under a second.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..", "..");
/** Folders that hold no source of ours: dependencies, build output, generated SDKs, tools. */
const SKIP = new Set(["node_modules", "bin", "out", "sdks", "tools"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith(".") || SKIP.has(entry.name) ? [] : sourceFiles(full);
    return /\.(ts|mts|cts)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The file a relative specifier names, as Node's and TypeScript's resolution find it; undefined for a package. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  const stem = base.replace(/\.(js|mjs|cjs)$/, "");
  for (const candidate of [base, `${stem}.ts`, `${stem}.mts`, `${stem}.cts`, path.join(base, "index.ts")]) {
    if (/\.(ts|mts|cts)$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

/** Each module's imports of the repository's own modules (paths relative to the root). */
export function importGraph(root: string = ROOT): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    const targets = importedFiles.flatMap((i) => {
      const target = resolveLocal(file, i.fileName);
      return target ? [path.relative(root, target)] : [];
    });
    graph.set(path.relative(root, file), [...new Set(targets)].sort());
  }
  return graph;
}

/** Every strongly connected set of two or more modules (or one that imports itself): its members, and one loop through them. */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): { loop: string[]; members: string[] }[] {
  // Tarjan's strongly connected components (recursive: a few hundred modules).
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components
    .map((component) => ({ loop: loopThrough(graph, new Set(component)), members: component.sort() }))
    .sort((a, b) => a.members[0]!.localeCompare(b.members[0]!));
}

/** One loop inside a strongly connected set, from its first module (by name) back to it: the names a failure shows. */
function loopThrough(graph: ReadonlyMap<string, readonly string[]>, members: ReadonlySet<string>): string[] {
  const start = [...members].sort()[0]!;
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!members.has(w)) continue;
      if (w === start) {
        const loop = [v];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0]!)!);
        return [...loop, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

test("no import cycle among the repository's modules", () => {
  const graph = importGraph();
  assert.ok(graph.size > 200, `only ${graph.size} modules found under ${ROOT}`);
  assert.ok(graph.get(path.join("interop", "cli.ts"))?.includes(path.join("interop", "check.ts")), "the graph misses a known import");
  const cycles = importCycles(graph).map(({ loop, members }) => {
    const others = members.filter((m) => !loop.includes(m));
    return `${loop.join(" -> ")}${others.length > 0 ? ` (in the same circle: ${others.join(", ")})` : ""}`;
  });
  assert.deepEqual(cycles, [], `import cycles (one loop through each set of modules that reach each other):\n${cycles.map((c) => `  ${c}`).join("\n")}`);
});

test("the cycle finder names a loop, type-only and dynamic imports included", () => {
  const graph = new Map<string, string[]>([
    ["a.ts", ["b.ts"]],
    ["b.ts", ["c.ts", "d.ts"]],
    ["c.ts", ["a.ts"]],
    ["d.ts", []],
    ["e.ts", ["e.ts"]],
  ]);
  assert.deepEqual(importCycles(graph), [
    { loop: ["a.ts", "b.ts", "c.ts", "a.ts"], members: ["a.ts", "b.ts", "c.ts"] },
    { loop: ["e.ts", "e.ts"], members: ["e.ts"] },
  ]);
  const { importedFiles } = ts.preProcessFile('import type { A } from "./a";\nexport { b } from "./b";\nconst c = await import("./c");\nconst d = require("./d");\n', true, true);
  assert.deepEqual(importedFiles.map((i) => i.fileName), ["./a", "./b", "./c", "./d"]);
});
