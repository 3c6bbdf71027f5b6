/**
 * verify's command line: every bad input exits 2 with one message (no stack trace), unknown
 * options are refused by name, --help prints the usage and exits 0, and the sample outputs file
 * in examples/ is what `pulumi stack output --json` gives for dev (the contract's shape).
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { main, USAGE } from "../../verify/cli";
import { parseOutputs } from "../../verify/health";
import { evaluateOk, REPO_ROOT } from "../helpers";

const SAMPLE = path.join(REPO_ROOT, "examples", "verify-outputs.dev.json");
const sample = (): Record<string, unknown> => JSON.parse(readFileSync(SAMPLE, "utf8")) as Record<string, unknown>;

/** Runs main without asking any cloud; returns the exit code and what it printed. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const { log, error } = console;
  console.log = (...a: unknown[]) => void (out += `${a.join(" ")}\n`);
  console.error = (...a: unknown[]) => void (err += `${a.join(" ")}\n`);
  try {
    return { code: await main(argv), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

/** The sample with one change, written to a file; verify run on it. */
async function runOn(change: (outputs: Record<string, unknown>) => void): Promise<{ code: number; out: string; err: string }> {
  const outputs = sample();
  change(outputs);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "verify-cli-")), "outputs.json");
  writeFileSync(file, JSON.stringify(outputs));
  return run(["--file", file]);
}

const noStack = (text: string): void => assert.doesNotMatch(text, /\n\s+at .+:\d+:\d+/, "no stack trace");

describe("verify's command line", () => {
  it("a /32 BGP inside CIDR: exit 2, named, no stack trace", async () => {
    const r = await runOn((o) => ((o["tunnels"] as Record<string, unknown>[])[0]!["insideCidr"] = "169.254.21.1/32"));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /tunnels\.0\.insideCidr: "169\.254\.21\.1\/32": a tunnel inside CIDR must be a \/30/);
    noStack(r.err);
  });

  it("an empty AWS region: exit 2 (bad input, not 'something is down'), named", async () => {
    const r = await runOn((o) => ((o["aws"] as Record<string, unknown>)["region"] = ""));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /aws\.region: "" is empty/);
    noStack(r.err);
    const unknown = await runOn((o) => ((o["aws"] as Record<string, unknown>)["region"] = "us-east-9"));
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /aws\.region: "us-east-9" is not an AWS region/);
  });

  it("a misspelt option is refused by name, with the nearest one", async () => {
    const r = await run(["--fiel", SAMPLE]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^Unknown option --fiel \(did you mean --file\?\)/);
    assert.equal((await run(["outputs.json"])).code, 2);
    assert.equal((await run(["--file"])).code, 2);
    const missing = await run(["--file", "/nonexistent/outputs.json"]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--file \/nonexistent\/outputs\.json: no such file/);
  });

  it("--help prints the usage, with the one input command, and exits 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const r = await run([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.out.trim(), USAGE);
      assert.match(r.out, /pulumi stack output --json \| npm run verify/);
      assert.doesNotMatch(r.out, /--show-secrets/);
    }
  });

  it("the sample outputs file is read as the outputs, and has every output dev's program exports", async () => {
    const parsed = parseOutputs(readFileSync(SAMPLE, "utf8"));
    assert.equal(parsed.tunnels.length, 2);
    const dev = await evaluateOk("dev");
    const keys = (value: unknown): unknown => (value !== null && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keys(v)])) : Array.isArray(value) ? value.map(keys) : typeof value);
    assert.deepEqual(keys(sample()), keys(dev.outputs));
  });
});
