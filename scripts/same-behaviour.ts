/**
 * `npm run same-behaviour -- --against REF [--stack NAME]...`
 *
 * Checks that a refactoring changed no behaviour: for every committed stack (Pulumi.<stack>.yaml at
 * the repository root, or the `--stack`s given) it compares, between the working tree and git
 * revision REF,
 * - the plan's output as text and as `--json` (stdout, stderr, exit code and the Markdown file),
 * - every registered resource with its inputs and options (secret inputs masked, sorted by URN),
 *   the stack outputs, the warnings, and the interop view of every tunnel.
 * REF is extracted with `git archive` into a temporary directory that borrows this checkout's
 * node_modules through a symlink. Nothing is written into the repository and no golden file is
 * kept: others legitimately change the outputs, so the check is always against a revision.
 * Exit 0 when everything is identical, 1 with a unified diff of each difference otherwise.
 *
 * Internally, `--dump STACK --root DIR` prints the registrations of one tree as JSON; it imports
 * that tree's modules only (this file imports nothing from the repository).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { API_VERSION_ALIAS_TYPE } from "../offline/evaluation";

const REPO_ROOT = path.resolve(__dirname, "..");
const SECRET = "[secret]";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One comparable output: a name and its text. */
interface Artifact {
  name: string;
  text: string;
}

/** Sets the value at a secret path such as `tunnel1PresharedKey` or `a.b[0].c` to the mask. */
function mask(value: Json, secretPath: string): Json {
  const parts = secretPath.match(/[^.[\]]+/g) ?? [];
  if (parts.length === 0) return SECRET;
  const walk = (node: Json, i: number): Json => {
    const part = parts[i]!;
    if (Array.isArray(node) && /^\d+$/.test(part)) {
      const copy = [...node];
      const index = Number(part);
      if (index < copy.length) copy[index] = i === parts.length - 1 ? SECRET : walk(copy[index]!, i + 1);
      return copy;
    }
    if (node !== null && typeof node === "object" && !Array.isArray(node) && part in node) {
      return { ...node, [part]: i === parts.length - 1 ? SECRET : walk(node[part]!, i + 1) };
    }
    return node;
  };
  return walk(value, 0);
}

/** Object keys sorted at every level, so key order never counts as a difference. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]));
  }
  return value;
}

interface DumpedResource {
  urn: string;
  inputs: Record<string, unknown>;
  state: Record<string, unknown>;
  secretInputPaths: string[];
  aliases: unknown[];
  [key: string]: unknown;
}

/** An alias as `Alias.toObject()` gives it: `{ spec: { name: "", type: "azure-native:network/v20230201:Subnet", ... } }`. */
function isApiVersionAlias(alias: unknown): boolean {
  const spec = (alias as { spec?: { name?: string; type?: string } } | null)?.spec;
  return spec !== undefined && !spec.name && API_VERSION_ALIAS_TYPE.test(spec.type ?? "");
}

/** The `--dump` mode: one tree's registrations for one stack, as stable JSON on stdout. */
async function dump(stack: string, root: string): Promise<string> {
  const evaluate = (await import(path.join(root, "offline/evaluate.ts"))) as {
    evaluateStack(options: { stack: string; root?: string }): Promise<{
      resources: DumpedResource[];
      outputs: Record<string, unknown>;
      secretOutputs: string[];
      warnings: string[];
      error?: Error;
    }>;
  };
  const evaluation = await evaluate.evaluateStack({ stack, root });
  const secrets = new Set<string>();
  const resources = evaluation.resources
    .map((r) => {
      // Timings vary from run to run; every other field is behaviour.
      const rest: Record<string, unknown> = { ...r };
      delete rest["requestedAtMs"];
      delete rest["createdAtMs"];
      // Trees from before offline/leanSdk.ts (now offline/apiVersionAliases.ts) left them out send azure-native's API-version aliases.
      rest["aliases"] = r.aliases.filter((alias) => !isApiVersionAlias(alias));
      let inputs = r.inputs as Json;
      for (const p of r.secretInputPaths) inputs = mask(inputs, p);
      // A secret input's value reappears in the mocked state: mask it there by value.
      collectSecretValues(r.inputs as Json, r.secretInputPaths, secrets);
      return { ...rest, urn: r.urn, inputs };
    })
    .sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const scrub = (value: unknown): unknown => {
    if (typeof value === "string") return secrets.has(value) ? SECRET : value;
    if (Array.isArray(value)) return value.map(scrub);
    if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    return value;
  };
  const outputs = Object.fromEntries(Object.entries(evaluation.outputs).map(([name, value]) => [name, evaluation.secretOutputs.includes(name) ? SECRET : value]));
  let views: unknown;
  const derivePath = path.join(root, "interop/derive.ts");
  if (existsSync(derivePath) && !evaluation.error) {
    const derive = (await import(derivePath)) as { deriveTunnelViews(evaluation: unknown): unknown };
    try {
      views = derive.deriveTunnelViews(evaluation);
    } catch (err) {
      views = { error: err instanceof Error ? err.message : String(err) };
    }
  }
  const result = {
    resources: scrub(resources),
    outputs: scrub(outputs),
    secretOutputs: evaluation.secretOutputs,
    warnings: evaluation.warnings,
    error: evaluation.error?.message,
    views: scrub(views),
  };
  return `${JSON.stringify(sortKeys(result), null, 1)}\n`;
}

function collectSecretValues(inputs: Json, secretPaths: readonly string[], into: Set<string>): void {
  for (const p of secretPaths) {
    let node: Json | undefined = inputs;
    for (const part of p.match(/[^.[\]]+/g) ?? []) {
      if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
      else if (node !== null && typeof node === "object" && !Array.isArray(node)) node = node[part];
      else node = undefined;
    }
    if (typeof node === "string" && node.length > 0) into.add(node);
  }
}

function run(args: string[], cwd: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync(process.execPath, ["--import", "tsx", ...args], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** Every output of one tree for one stack. */
function artifacts(root: string, stack: string): Artifact[] {
  const found: Artifact[] = [];
  for (const json of [false, true]) {
    const label = `${stack} plan${json ? " --json" : ""}`;
    const out = path.join("out", `same-behaviour-${stack}${json ? "-json" : ""}.md`);
    const plan = run(["scripts/plan.ts", "--stack", stack, "--out", out, ...(json ? ["--json"] : [])], root);
    found.push({ name: `${label}: exit code`, text: `${plan.status}\n` });
    found.push({ name: `${label}: stdout`, text: plan.stdout });
    found.push({ name: `${label}: stderr`, text: plan.stderr });
    const md = path.join(root, out);
    found.push({ name: `${label}: Markdown`, text: existsSync(md) ? readFileSync(md, "utf8") : "(none)\n" });
  }
  const dumped = run([__filename, "--dump", stack, "--root", root], root);
  found.push({ name: `${stack} registrations`, text: dumped.status === 0 ? dumped.stdout : `dump failed (${dumped.status}):\n${dumped.stderr}` });
  return found;
}

function unifiedDiff(name: string, before: string, after: string, dir: string): string {
  const a = path.join(dir, "before");
  const b = path.join(dir, "after");
  writeFileSync(a, before);
  writeFileSync(b, after);
  const diff = spawnSync("diff", ["-u", "--label", `${name} (ref)`, "--label", `${name} (working tree)`, a, b], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const lines = diff.stdout.split("\n");
  return lines.length > 200 ? `${lines.slice(0, 200).join("\n")}\n... (${lines.length - 200} more lines)\n` : diff.stdout;
}

function committedStacks(root: string): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

function main(argv: string[]): number {
  let ref: string | undefined;
  const stacks: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--against") ref = argv[++i];
    else if (argv[i] === "--stack") stacks.push(argv[++i] ?? "");
    else {
      process.stderr.write(`unknown argument ${JSON.stringify(argv[i])}\nusage: npm run same-behaviour -- --against REF [--stack NAME]...\n`);
      return 2;
    }
  }
  if (ref === undefined) {
    process.stderr.write("usage: npm run same-behaviour -- --against REF [--stack NAME]...\n");
    return 2;
  }
  const temp = mkdtempSync(path.join(tmpdir(), "same-behaviour-"));
  try {
    const refRoot = path.join(temp, "ref");
    const archive = spawnSync("sh", ["-c", `mkdir -p "$1" && git -C "$2" archive "$3" | tar -x -C "$1"`, "sh", refRoot, REPO_ROOT, ref], { encoding: "utf8" });
    if (archive.status !== 0) {
      process.stderr.write(`cannot extract ${ref}: ${archive.stderr}`);
      return 2;
    }
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(refRoot, "node_modules"));
    const names = stacks.length > 0 ? stacks : [...new Set([...committedStacks(REPO_ROOT), ...committedStacks(refRoot)])].sort();
    let differences = 0;
    for (const stack of names) {
      const before = artifacts(refRoot, stack);
      const after = artifacts(REPO_ROOT, stack);
      for (const [i, a] of before.entries()) {
        const b = after[i]!;
        if (a.text === b.text) {
          process.stdout.write(`same       ${a.name}\n`);
        } else {
          differences++;
          process.stdout.write(`DIFFERENT  ${a.name}\n${unifiedDiff(a.name, a.text, b.text, temp)}\n`);
        }
      }
    }
    process.stdout.write(differences === 0 ? `\nsame behaviour as ${ref} for ${names.join(", ")}\n` : `\n${differences} difference(s) from ${ref}\n`);
    return differences === 0 ? 0 : 1;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--dump") {
    const stack = argv[1]!;
    const root = argv[3] ?? REPO_ROOT;
    dump(stack, root).then(
      // Exit only once the pipe has taken the whole text (Pulumi's runtime may keep handles open).
      (text) => process.stdout.write(text, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exit(1);
      },
    );
  } else {
    process.exitCode = main(argv);
  }
}
