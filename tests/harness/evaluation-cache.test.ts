/**
 * The on-disk evaluation cache (tests/harness/evaluationCache.ts): what its key covers, what it never
 * stores, and that a stored evaluation is the evaluation the program gives.
 */
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { canonicalJson, EvaluationCache, keyedOptions, outsideFingerprint, sourceFingerprint, uncoveredImports } from "./evaluationCache";
import { ConfigError, EncryptedValue, type ConfigIssue } from "../../infra/config";
import { switchedOff, WORKER_SWITCH } from "./protocol";
import type { WireEvaluation } from "./worker";
import { EVALUATION_TIMEOUT } from "../../offline/evaluate";
import { failingProgram } from "../config/fixtures/failing-programs";
import { evaluateStack, readStackConfig, withConfig, type Evaluation } from "../helpers";

const roots: string[] = [];
after(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A small repository: a source file, a stack file, a test. */
function repo(): string {
  const root = mkdtempSync(path.join(tmpdir(), "evaluation-cache-"));
  roots.push(root);
  mkdirSync(path.join(root, "infra"));
  mkdirSync(path.join(root, "tests"));
  writeFileSync(path.join(root, "infra", "program.ts"), "export const a = 1;\n");
  writeFileSync(path.join(root, "tests", "a.test.ts"), "// a test\n");
  writeFileSync(path.join(root, "Pulumi.yaml"), "name: azure-aws-vpn\n");
  writeFileSync(path.join(root, "Pulumi.dev.yaml"), "config:\n  azure-aws-vpn:vpcName: a\n");
  writeFileSync(path.join(root, "package-lock.json"), "{}\n");
  return root;
}

describe("the source fingerprint", () => {
  it("changes with any file under infra/ or offline/ or the lock file; not with a test or a script", () => {
    const root = repo();
    for (const dir of ["offline", "scripts"]) mkdirSync(path.join(root, dir));
    writeFileSync(path.join(root, "offline", "mocks.ts"), "export const m = 1;\n");
    const first = sourceFingerprint(root);
    assert.equal(sourceFingerprint(root), first, "stable");
    writeFileSync(path.join(root, "tests", "a.test.ts"), "// another test\n");
    writeFileSync(path.join(root, "scripts", "plan.ts"), "export {};\n");
    assert.equal(sourceFingerprint(root), first, "tests/ and scripts/ are outside it");
    const steps: [string, string][] = [
      ["offline/mocks.ts", "export const m = 2;\n"],
      ["infra/program.ts", "export const a = 2;\n"],
      ["infra/new.ts", "export {};\n"],
      ["package-lock.json", '{"lockfileVersion":3}\n'],
    ];
    const seen = new Set([first]);
    for (const [file, text] of steps) {
      writeFileSync(path.join(root, file), text);
      const next = sourceFingerprint(root);
      assert.ok(!seen.has(next), `${file} changes it`);
      seen.add(next);
    }
  });

  it("finds what a test's own program imports from outside it, through other modules too", () => {
    const root = path.resolve(__dirname, "..", "..");
    // two-vpns.ts imports only infra/ and the SDK; everyKey.ts imports tests/helpers.ts.
    const covered = path.join(root, "tests", "components", "fixtures", "two-vpns.ts");
    const uncovered = path.join(root, "tests", "lifecycle", "everyKey.ts");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const file of [covered, uncovered]) require(file);
    assert.deepEqual(uncoveredImports(root, covered), []);
    assert.ok(uncoveredImports(root, uncovered)?.includes("tests/helpers.ts"));
    assert.equal(uncoveredImports(root, path.join(root, "tests", "not-loaded.ts")), undefined);
  });

  it("names the loaded modules of the repository it does not cover", () => {
    const root = path.resolve(__dirname, "..", "..");
    const loaded = ["offline/evaluate.ts", "infra/components/vpn.ts", "node_modules/@pulumi/pulumi/index.js", "policy/values.ts"].map((f) => path.join(root, f));
    assert.deepEqual(outsideFingerprint(root, [...loaded, "/elsewhere/x.js"]), ["policy/values.ts"]);
  });
});

describe("the key", () => {
  it("is the options in any key order; another value is another key", () => {
    const cache = new EvaluationCache<string>(repo(), "f");
    const a = cache.keyOf({ stack: "dev", raw: { "azure-aws-vpn:vpcName": "a", "azure-aws-vpn:vnetName": "b" } });
    assert.equal(cache.keyOf({ raw: { "azure-aws-vpn:vnetName": "b", "azure-aws-vpn:vpcName": "a" }, stack: "dev" }), a);
    assert.notEqual(cache.keyOf({ stack: "dev", raw: { "azure-aws-vpn:vpcName": "a", "azure-aws-vpn:vnetName": "c" } }), a);
    assert.notEqual(cache.keyOf({ stack: "dev", raw: { "azure-aws-vpn:vpcName": "a", "azure-aws-vpn:vnetName": "b" }, stackTraces: true }), a);
    assert.equal(canonicalJson({ b: { d: 1, c: [2, { f: 1, e: 0 }] }, a: 0 }), '{"a":0,"b":{"c":[2,{"e":0,"f":1}],"d":1}}');
  });

  it("covers the stack file and Pulumi.yaml when the options carry no config", () => {
    const root = repo();
    const cache = new EvaluationCache<string>(root, "f");
    const before = cache.keyOf({ stack: "dev" });
    writeFileSync(path.join(root, "Pulumi.dev.yaml"), "config:\n  azure-aws-vpn:vpcName: b\n");
    const edited = cache.keyOf({ stack: "dev" });
    assert.notEqual(edited, before);
    writeFileSync(path.join(root, "Pulumi.yaml"), "name: other\n");
    assert.notEqual(cache.keyOf({ stack: "dev" }), edited);
    // The same files in another folder: the same key (tests write stack files to fresh folders).
    const elsewhere = repo();
    writeFileSync(path.join(elsewhere, "Pulumi.dev.yaml"), "config:\n  azure-aws-vpn:vpcName: b\n");
    writeFileSync(path.join(elsewhere, "Pulumi.yaml"), "name: other\n");
    assert.equal(cache.keyOf({ stack: "dev", root: elsewhere }), cache.keyOf({ stack: "dev" }));
    writeFileSync(path.join(elsewhere, "Pulumi.dev.yaml"), "config:\n  azure-aws-vpn:vpcName: c\n");
    assert.notEqual(cache.keyOf({ stack: "dev", root: elsewhere }), cache.keyOf({ stack: "dev" }));
  });

  it("is one for one config named in different ways: the worker keys its memo and the store by keyedOptions", () => {
    const dev = canonicalJson(keyedOptions({ stack: "dev" }));
    assert.equal(canonicalJson(keyedOptions({ stack: "dev", raw: readStackConfig("dev") })), dev);
    assert.equal(canonicalJson(keyedOptions({ stack: "dev", raw: withConfig("dev", { routing: "static" }) })), dev, "a setting changed to the value it has");
    assert.notEqual(canonicalJson(keyedOptions({ stack: "dev", raw: withConfig("dev", { vpcName: "vpc-other" }) })), dev);
    assert.notEqual(canonicalJson(keyedOptions({ stack: "prod", raw: readStackConfig("dev") })), dev, "the stack is part of it");
    // A stack file elsewhere: what it says, not where it lies.
    assert.deepEqual(keyedOptions({ stack: "dev", root: repo() }), { stack: "dev", raw: { "azure-aws-vpn:vpcName": "a" } });
    // Kept as given: a stack file that does not read, a secret's ciphertext.
    assert.deepEqual(keyedOptions({ stack: "missing" }), { stack: "missing" });
    const secret = { stack: "dev", raw: { ...readStackConfig("dev"), "azure-aws-vpn:sshPublicKey": new EncryptedValue("v1:abc") } };
    assert.equal(keyedOptions(secret), secret);
  });

  it("covers a test's own program module by its text; a program function has no key", () => {
    const root = repo();
    const module = path.join(root, "tests", "program.ts");
    writeFileSync(module, "export const p = 1;\n");
    const cache = new EvaluationCache<string>(root, "f");
    const first = cache.keyOf({ stack: "dev", program: { module, export: "p" } });
    assert.ok(first);
    writeFileSync(module, "export const p = 2;\n");
    assert.notEqual(cache.keyOf({ stack: "dev", program: { module, export: "p" } }), first);
    assert.equal(cache.keyOf({ stack: "dev", program: { module: path.join(root, "tests", "missing.ts"), export: "p" } }), undefined);
    assert.equal(cache.keyOf({ stack: "dev", program: () => ({}) }), undefined);
  });
});

describe("the store", () => {
  it("gives back what was put, under its fingerprint only; an unreadable entry is a miss", () => {
    const root = repo();
    const one = new EvaluationCache<{ n: number; u?: undefined }>(root, "one");
    one.put("k", { n: 1, u: undefined });
    assert.deepEqual(one.get("k"), { n: 1, u: undefined });
    assert.equal(one.get("missing"), undefined);
    const dir = path.join(root, "node_modules", ".cache", "azure-aws-vpn", "evaluations");
    writeFileSync(path.join(dir, "one", "broken"), "not deflated");
    assert.equal(one.get("broken"), undefined);
    // A new fingerprint: the old one's entries can never be read again, and are deleted.
    const two = new EvaluationCache<{ n: number }>(root, "two");
    assert.equal(two.get("k"), undefined);
    assert.deepEqual(readdirSync(dir), ["two"]);
  });

  it("is off, not an error, when its folder cannot be made", () => {
    const root = repo();
    writeFileSync(path.join(root, "node_modules"), "a file where the folder would be\n");
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      assert.equal(EvaluationCache.open(root), undefined);
    } finally {
      process.stderr.write = stderr;
    }
  });

  it("is off with AZURE_AWS_VPN_EVALUATION_CACHE=off", () => {
    const saved = process.env["AZURE_AWS_VPN_EVALUATION_CACHE"];
    try {
      process.env["AZURE_AWS_VPN_EVALUATION_CACHE"] = "off";
      assert.equal(EvaluationCache.open(repo()), undefined);
      process.env["AZURE_AWS_VPN_EVALUATION_CACHE"] = "on";
      assert.ok(EvaluationCache.open(repo()));
    } finally {
      if (saved === undefined) delete process.env["AZURE_AWS_VPN_EVALUATION_CACHE"];
      else process.env["AZURE_AWS_VPN_EVALUATION_CACHE"] = saved;
    }
  });
});

describe("a stored evaluation", () => {
  it("is what the worker answered when it evaluated (a valid and a refused config)", async (t) => {
    const cache = EvaluationCache.open<WireEvaluation>(path.resolve(__dirname, "..", ".."));
    if (cache === undefined || switchedOff(WORKER_SWITCH)) return t.skip("the cache or the worker is off in this run");
    // Configs no earlier run stored, so the worker evaluates them now and stores what it answers.
    const fresh = `${process.pid}-${Date.now()}`;
    const valid = withConfig(readStackConfig("dev"), { vpcName: `vpc-${fresh}` });
    for (const [raw, refused] of [[valid, false], [withConfig(valid, { vpcCidr: "10.0.0.0/33" }), true]] as const) {
      const answered = await evaluateStack({ stack: "dev", raw });
      assert.equal(answered.error instanceof ConfigError, refused);
      const stored: WireEvaluation | undefined = cache.get(cache.keyOf(keyedOptions({ stack: "dev", raw }))!);
      assert.ok(stored, "the worker stored it");
      const issues: ConfigIssue[] | undefined = stored.error?.issues;
      const expected: Evaluation = { ...stored, error: issues && new ConfigError(issues) };
      if (expected.error === undefined) delete expected.error;
      assert.deepEqual(expected, answered);
    }
  });

  it("of a test's own program is stored; a timeout never is", async (t) => {
    const cache = EvaluationCache.open<WireEvaluation>(path.resolve(__dirname, "..", ".."));
    if (cache === undefined || switchedOff(WORKER_SWITCH)) return t.skip("the cache or the worker is off in this run");
    const thrown = { stack: "dev", program: failingProgram("throws"), timeoutMs: 500 };
    const settlesNever = { stack: "dev", program: failingProgram("never-settles"), timeoutMs: 100 };
    assert.match((await evaluateStack(thrown)).error?.message ?? "", /thrown at top level/);
    assert.equal((await evaluateStack(settlesNever)).error?.name, EVALUATION_TIMEOUT);
    assert.ok(cache.get(cache.keyOf(keyedOptions(thrown))!), "the throwing program's evaluation is stored");
    assert.equal(cache.get(cache.keyOf(keyedOptions(settlesNever))!), undefined, "a timeout is not");
  });
});

