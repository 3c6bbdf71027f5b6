/**
 * Secret hygiene: evaluates every stack (and BGP/static active-active variants), collects every
 * key value, and fails if one appears in plain text anywhere a person or a log could read it: the
 * stack outputs, the config warnings, anything the program printed, the stack files, and the
 * offline plan's output.
 */
import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import type { RawConfig } from "../../infra/config";
import { runPlan } from "../../scripts/plan";
import { evaluateOk, fingerprint, KEY_INPUTS, keyValues, ofType, withConfig, T, type KeyValue, REPO_ROOT, type Evaluation } from "../helpers";

interface Case {
  label: string;
  stack: string;
  raw?: () => RawConfig;
  tunnels: number;
}

const CASES: Case[] = [
  { label: "dev", stack: "dev", tunnels: 2 },
  { label: "prod", stack: "prod", tunnels: 4 },
  { label: "bgp active-active over a VGW (dev addresses)", stack: "dev", raw: () => withConfig("dev", { routing: "bgp", activeActive: true }), tunnels: 4 },
  { label: "static active-active over a VGW (prod addresses)", stack: "prod", raw: () => withConfig("prod", { routing: "static", awsAttachment: "vgw" }), tunnels: 4 },
  { label: "prod with rotated keys", stack: "prod", raw: () => withConfig("prod", { keyRotation: { c1t1: 2, c2t2: 1 } }), tunnels: 4 },
];


/**
 * The strings that must never appear: each key, the RandomPassword result it came from, and the
 * key without its first character (toAwsPresharedKey only ever changes that one).
 */
function needles(keys: KeyValue[]): Map<string, string> {
  const result = new Map<string, string>();
  for (const key of keys) {
    result.set(key.value, key.where);
    result.set(key.value.slice(1), `${key.where} (without its first character)`);
  }
  return result;
}

/** Where any needle appears in the text (described without the key itself). */
function leaks(text: string, keys: KeyValue[], what: string): string[] {
  const found: string[] = [];
  for (const [needle, where] of needles(keys)) {
    if (needle.length >= 16 && text.includes(needle)) found.push(`${what} contains the key of ${where} (sha256 ${fingerprint(needle)}...)`);
  }
  return found;
}

/** Runs fn while recording everything written to stdout and stderr (passed through unless told). */
async function captureOutput<T>(fn: () => Promise<T>, passThrough = true): Promise<{ result: T; text: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  streams.forEach((stream, i) => {
    const original = originals[i]!;
    const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return passThrough ? (original as (...args: unknown[]) => boolean).apply(stream, [chunk, ...rest]) : true;
    };
    stream.write = write as typeof stream.write;
  });
  try {
    const result = await fn();
    return { result, text: chunks.join("") };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = originals[i]!;
    });
  }
}

/** Pulumi stack and project files of the repository (and its examples), raw text. */
function stackFiles(): { file: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/^Pulumi(\..+)?\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  walk(REPO_ROOT);
  return files.sort().map((file) => ({ file: path.relative(REPO_ROOT, file), text: readFileSync(file, "utf8") }));
}

describe("secret hygiene", () => {
  const evaluations = new Map<string, { evaluation: Evaluation; printed: string; keys: KeyValue[] }>();
  let allKeys: KeyValue[] = [];

  before(async () => {
    for (const c of CASES) {
      const { result: evaluation, text } = await captureOutput(() => evaluateOk(c.stack, c.raw?.()));
      evaluations.set(c.label, { evaluation, printed: text, keys: keyValues(evaluation) });
    }
    allKeys = [...evaluations.values()].flatMap((e) => e.keys);
  });

  it("the output capture sees what the program's logger prints", async () => {
    const marker = `capture-probe-${Date.now()}`;
    const { text } = await captureOutput(async () => {
      await pulumi.log.warn(marker);
      console.log(`${marker}-console`);
    }, false);
    assert.ok(text.includes(marker), "pulumi.log.warn output was not captured");
    assert.ok(text.includes(`${marker}-console`), "console.log output was not captured");
  });

  for (const c of CASES) {
    describe(c.label, () => {
      const get = (): { evaluation: Evaluation; printed: string; keys: KeyValue[] } => evaluations.get(c.label)!;

      it("finds every tunnel's key on both clouds and in its RandomPassword", () => {
        const { evaluation, keys } = get();
        assert.equal(ofType(evaluation, T.password).length, c.tunnels);
        assert.equal(ofType(evaluation, T.connection).length, c.tunnels);
        assert.equal(keys.filter((k) => k.inputPath !== undefined).length, c.tunnels * 2, "one key input per tunnel on each cloud");
        const distinct = new Set(keys.filter((k) => k.inputPath !== undefined).map((k) => k.value));
        assert.equal(distinct.size, c.tunnels, "each tunnel has its own key, the same on both clouds");
        for (const key of keys) assert.ok(key.value.length >= 8, key.where);
      });

      it("every key input is a secret input", () => {
        const { evaluation } = get();
        for (const resource of evaluation.resources) {
          for (const keyPath of KEY_INPUTS[resource.type] ?? []) {
            if (resource.inputs[keyPath] === undefined) continue;
            assert.ok(resource.secretInputPaths.includes(keyPath), `${resource.name}.${keyPath} is not secret (secret paths: ${resource.secretInputPaths.join(", ") || "none"})`);
          }
        }
      });

      it("no key appears in the stack outputs", () => {
        const { evaluation, keys } = get();
        assert.ok(Object.keys(evaluation.outputs).length > 0, "the evaluation has outputs");
        assert.deepEqual(leaks(JSON.stringify(evaluation.outputs), keys, "the stack outputs"), []);
        for (const name of Object.keys(evaluation.outputs)) {
          assert.deepEqual(leaks(JSON.stringify(evaluation.outputs[name]), keys, `output ${name}`), []);
        }
      });

      it("no key appears in the warnings or in anything the program printed", () => {
        const { evaluation, printed, keys } = get();
        assert.deepEqual(leaks(JSON.stringify(evaluation.warnings), keys, "the config warnings"), []);
        assert.deepEqual(leaks(printed, keys, "stdout/stderr during the evaluation"), []);
      });
    });
  }

  it("no key of any evaluation appears in any stack or project file", () => {
    const files = stackFiles();
    assert.ok(files.some((f) => f.file === "Pulumi.dev.yaml") && files.some((f) => f.file === "Pulumi.prod.yaml"), `found ${files.map((f) => f.file).join(", ")}`);
    for (const { file, text } of files) assert.deepEqual(leaks(text, allKeys, file), []);
  });

  it("stack files declare no plain pre-shared key entries", () => {
    const keyLike = /(pre_?)?shared_?key|psk/i;
    for (const { file, text } of stackFiles()) {
      const offending: string[] = [];
      const walk = (value: unknown, at: string): void => {
        if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
        else if (value !== null && typeof value === "object") {
          for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            const encrypted = v !== null && typeof v === "object" && Object.keys(v as object).join() === "secure";
            if (keyLike.test(key) && !encrypted) offending.push(`${at}.${key}`);
            walk(v, `${at}.${key}`);
          }
        }
      };
      walk(parseYaml(text), file);
      assert.deepEqual(offending, [], `${file} holds key-like entries that are not Pulumi secrets`);
      // Also the raw text, in case an entry is commented out or the YAML is unusual.
      const lines = text.split("\n").filter((line) => /^\s*#?\s*[\w.:-]*((pre_?)?shared_?key|psk)[\w.-]*\s*:/i.test(line) && !/:\s*$|secure:/.test(line));
      assert.deepEqual(lines, [], `${file}`);
    }
  });

  it("no key appears in the offline plan's output (text and --json, dev and prod)", async () => {
    // In-process (runPlan, the plan command's function, its output captured): the keys collected
    // here are the plan's, and tests/program/entrypoint.test.ts shows a process of its own derives
    // the same ones.
    const keys = [...evaluations.get("dev")!.keys, ...evaluations.get("prod")!.keys];
    const dir = mkdtempSync(path.join(tmpdir(), "plan-"));
    for (const args of [["--stack", "dev"], ["--stack", "prod"], ["--stack", "dev", "--json"], ["--stack", "prod", "--json"]]) {
      const label = `plan ${args.join(" ")}`;
      const out = path.join(dir, `${args.join("")}.md`);
      let stdout = "";
      let stderr = "";
      const code = await runPlan([...args, "--out", out], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
      assert.equal(code, 0, `${label} failed:\n${stderr}`);
      assert.ok(stdout.trim().length > 0, `${label} printed nothing`);
      if (args.includes("--json")) assert.doesNotThrow(() => JSON.parse(stdout), `${label} is not JSON`);
      // Not vacuous: the plan shows the key-bearing resources.
      assert.match(stdout, /VpnConnection|vpn-tunnels-c1-vpn/, `${label} does not show the VPN connections`);
      assert.deepEqual(leaks(stdout, keys, `${label} stdout`), []);
      assert.deepEqual(leaks(stderr, keys, `${label} stderr`), []);
      // The Markdown report the plan wrote.
      assert.ok(existsSync(out), `${label} wrote no report`);
      assert.deepEqual(leaks(readFileSync(out, "utf8"), keys, `${label} report`), []);
    }
  });
});
