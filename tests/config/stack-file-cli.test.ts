// What the real Pulumi CLI (v3.276.0) hands the program for a stack file, found by
// tests/engine/stack-files.test.ts (`pulumi config --json --show-secrets`) and reproduced by
// infra/stackFile.ts; docs/constraints.md, "Stack files as the Pulumi CLI reads them".
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { PROJECT, validateConfig } from "../../infra/config";
import { parseStackFile } from "../../infra/stackFile";
import { REPO_ROOT } from "../helpers";

const devText = readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8");
const k = (name: string): string => `${PROJECT}:${name}`;
/** Pulumi.dev.yaml with its vpcName line written as `value`. */
const withVpcName = (value: string): string => devText.replace(/^ {2}azure-aws-vpn:vpcName:.*$/m, `  azure-aws-vpn:vpcName:${value}`);

describe("stack file: values as the CLI hands them to the program", () => {
  it("an empty value (key:, ~, null) is the empty string the CLI passes, not null", () => {
    const { runtime, raw } = parseStackFile("config:\n  azure-aws-vpn:monitoring:\n  a: ~\n  b: null\n", "f");
    assert.deepEqual(runtime, { [k("monitoring")]: "", [k("a")]: "", [k("b")]: "" });
    assert.equal(raw[k("monitoring")], "");
  });

  it("an empty vpcName is refused as the program would refuse it, not taken as unset", () => {
    const { raw } = parseStackFile(withVpcName(""), "f");
    assert.equal(raw[k("vpcName")], "");
    assert.equal(validateConfig(raw, "dev").ok, false);
  });

  it("an unquoted date is the Go time string the program sees, and a name of it is refused", () => {
    const { raw } = parseStackFile(withVpcName(" 2026-12-01"), "f");
    assert.equal(raw[k("vpcName")], "2026-12-01 00:00:00 +0000 UTC");
    assert.equal(validateConfig(raw, "dev").ok, false);
    const more = parseStackFile("config:\n  a: 2026-12-01T10:00:00+02:00\n  b: 2001-12-14t21:59:43.10-05:00\n  c: '2026-12-01'\n  d: 2026-02-30\n  e: 2026-1-2 3:4:5\n", "f").runtime;
    assert.deepEqual(more, {
      [k("a")]: "2026-12-01 10:00:00 +0200 +0200",
      [k("b")]: "2001-12-14 21:59:43.1 -0500 -0500",
      [k("c")]: "2026-12-01",
      [k("d")]: "2026-02-30",
      [k("e")]: "2026-01-02 03:04:05 +0000 UTC",
    });
  });

  it("objects are Go's JSON: keys in byte order, <, > and & escaped, 64-bit integers exact", () => {
    const { runtime } = parseStackFile('config:\n  aws:defaultTags:\n    tags: {b: "<&>", a: 9007199254740993, Z: 18446744073709551615}\n  big: 9007199254740993\n', "f");
    assert.equal(runtime["aws:defaultTags"], '{"tags":{"Z":18446744073709551615,"a":9007199254740993,"b":"\\u003c\\u0026\\u003e"}}');
    assert.equal(runtime[k("big")], "9007199254740993");
  });

  it("map keys that are not strings are named as Go's %v names them (null is <nil>)", () => {
    const { runtime } = parseStackFile("config:\n  m:\n    ~: a\n    true: b\n    1.5: c\n    0.00001: d\n", "f");
    assert.equal(runtime[k("m")], '{"1.5":"c","1e-05":"d","\\u003cnil\\u003e":"a","true":"b"}');
  });

  it("a config key that is not a string is an issue, not the key azure-aws-vpn:", () => {
    const { runtime, issues } = parseStackFile("config:\n  ~: 1\n  azure-aws-vpn:x: 2\n", "f");
    assert.deepEqual(runtime, { [k("x")]: "2" });
    assert.match(JSON.stringify(issues), /"key":"<nil>".*not a configuration key/);
  });

  it("only the first YAML document is read (yaml.v3 Unmarshal); !!binary is the decoded text", () => {
    assert.deepEqual(parseStackFile("config:\n  a: 1\n---\nconfig:\n  b: 2\n", "f").runtime, { [k("a")]: "1" });
    assert.deepEqual(parseStackFile("config:\n  a: !!binary aGVsbG8=\n", "f").runtime, { [k("a")]: "hello" });
  });
});
