// Stack files as the real Pulumi CLI reads them: `pulumi config --json --show-secrets` against our
// reader (infra/stackFile.ts parseStackFile, offline/stackConfig.ts readStackConfig) for the
// committed stack files and a corpus of tricky ones. Equal, or the difference is the one
// docs/constraints.md ("Stack files as the Pulumi CLI reads them") describes, pinned here.
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { ConfigError, PROJECT, rawFromRuntimeConfig } from "../../infra/config";
import { EncryptedValue, parseStackFile, StackFileError, type StackFile } from "../../infra/stackFile";
import { readStackConfig, REPO_ROOT } from "../../offline/stackConfig";
import { cliReading, closeScratch, encryptWithCli, newScratch, stackFile, type CliConfigValue, type CliReading, type Scratch } from "./cliConfig";

const k = (name: string): string => `${PROJECT}:${name}`;
let scratch: Scratch;
let cipher: Record<string, string> = {};

before(() => {
  scratch = newScratch();
  cipher = encryptWithCli(scratch, { key: "ssh-ed25519 AAAA secret@example", email: "ops@example.com", plain: "s3cr3t" });
});
after(() => {
  if (scratch) closeScratch(scratch);
});

function accepted(reading: CliReading): Record<string, CliConfigValue> {
  if (!reading.ok) assert.fail(`the CLI refused the file: ${reading.error}`);
  return reading.values;
}

/** Both readings of `text`: the CLI's and ours (parseStackFile, and readStackConfig from the scratch project). */
function both(text: string): { cli: CliReading; ours: StackFile; read: () => unknown } {
  const cli = cliReading(scratch, text);
  const ours = parseStackFile(text, `Pulumi.${scratch.stack}.yaml`, PROJECT);
  return { cli, ours, read: () => readStackConfig(scratch.stack, scratch.project) };
}

/**
 * The CLI and our reader agree on every key: a plain value is the string the CLI passes the
 * program (PULUMI_CONFIG), and what the program makes of it (rawFromRuntimeConfig) is our raw; a
 * secret is the file's ciphertext on our side (no secrets provider offline) and its plaintext on
 * the CLI's. `secrets` maps each secret key to the plaintext the CLI must show.
 */
function assertSame(text: string, secrets: Record<string, string> = {}): Record<string, CliConfigValue> {
  const { cli, ours, read } = both(text);
  const values = accepted(cli);
  assert.deepEqual(ours.issues, [], "our reader reports no issue for a file the CLI accepts");
  assert.deepEqual(Object.keys(ours.raw).sort(), Object.keys(values).sort(), "the same keys");
  const plainValues = Object.fromEntries(Object.entries(values).filter(([, v]) => !v.secret).map(([key, v]) => [key, v.value ?? ""]));
  assert.deepEqual(ours.runtime, plainValues, "each plain value is the string the CLI passes the program");
  const program = rawFromRuntimeConfig(plainValues);
  for (const [key, v] of Object.entries(values)) {
    if (v.secret) {
      assert.ok(ours.raw[key] instanceof EncryptedValue, `${key} is encrypted to our reader`);
      assert.equal(v.value, secrets[key], `the CLI decrypts ${key}`);
    } else {
      assert.deepEqual(ours.raw[key], program[key], `${key} as the program reads it`);
      if (v.objectValue !== undefined) assert.deepEqual(JSON.parse(v.value ?? ""), v.objectValue, `${key}: value is objectValue's JSON`);
    }
  }
  assert.deepEqual(read(), ours.raw, "readStackConfig reads what parseStackFile reads");
  return values;
}

/** The CLI refuses the file; so does our reader (a StackFileError, or issues readStackConfig throws as a ConfigError). */
function assertBothRefuse(text: string, cliError: RegExp, ours: "StackFileError" | RegExp): void {
  const cli = cliReading(scratch, text);
  const read = (): unknown => readStackConfig(scratch.stack, scratch.project);
  assert.equal(cli.ok, false, "the CLI refuses the file");
  if (!cli.ok) assert.match(cli.error, cliError);
  if (ours === "StackFileError") {
    assert.throws(() => parseStackFile(text, "f", PROJECT), StackFileError);
    assert.throws(read, StackFileError);
  } else {
    assert.match(JSON.stringify(parseStackFile(text, "f", PROJECT).issues), ours);
    assert.throws(read, (e: unknown) => e instanceof ConfigError && ours.test(JSON.stringify(e.issues)));
  }
}

describe("stack files as the Pulumi CLI reads them: the committed stacks", () => {
  for (const stack of ["dev", "prod", "scale"]) {
    it(`Pulumi.${stack}.yaml reads the same`, () => {
      const text = readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
      const values = assertSame(text);
      assert.ok(Object.keys(values).length >= 15, `${Object.keys(values).length} keys`);
      // And the file as committed, copied byte for byte (the helper writes the text it is given).
      copyFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), stackFile(scratch));
      assert.equal(readFileSync(stackFile(scratch), "utf8"), text);
    });
  }
});

describe("stack files as the Pulumi CLI reads them: a corpus of tricky files", () => {
  it("numbers quoted and plain: the same string; Go's integer forms; floats as Go's JSON writes them", () => {
    const values = assertSame(
      [
        "config:",
        "  azure-aws-vpn:azureAsn: 65010",
        '  azure-aws-vpn:awsAsn: "64512"',
        "  hex: 0xFFEA", "  octal: 0o17", "  oldOctal: 017", "  notOctal: 089", "  underscores: 65_010",
        "  exp: 6.501e4", "  half: .5", "  plus: +12", "  negHex: -0x1F", "  binary: 0b101", "  negZero: -0.0",
        "  small: 1e-7", "  version: 1.2.3", "  big: 9007199254740993", "  uint: 18446744073709551615", "  over: 18446744073709551616",
        "  list: [9007199254740993, 0x10, '0x10', 1.0]",
      ].join("\n"),
    );
    const v = (name: string): string | undefined => values[k(name)]?.value;
    assert.equal(v("azureAsn"), "65010");
    assert.equal(v("awsAsn"), "64512");
    assert.deepEqual([v("hex"), v("octal"), v("oldOctal"), v("notOctal"), v("underscores"), v("exp")], ["65514", "15", "15", "89", "65010", "65010"]);
    assert.deepEqual([v("big"), v("uint"), v("over"), v("negZero"), v("small"), v("version")], ["9007199254740993", "18446744073709551615", "18446744073709552000", "0", "1e-7", "1.2.3"]);
    assert.equal(v("list"), '[9007199254740993,16,"0x10",1]');
  });

  it("yes, on, y, off are strings (yaml.v3, YAML 1.2); true, True, TRUE are booleans; a %YAML 1.1 directive changes nothing", () => {
    const values = assertSame("config:\n  a: yes\n  b: on\n  c: y\n  d: off\n  e: true\n  f: True\n  g: TRUE\n  h: 'true'\n  azure-aws-vpn:activeActive: yes\n");
    assert.deepEqual(["a", "b", "c", "d", "e", "f", "g", "h", "activeActive"].map((name) => values[k(name)]?.value), ["yes", "on", "y", "off", "true", "true", "true", "true", "yes"]);
    assertSame("%YAML 1.1\n---\nconfig:\n  a: yes\n  b: 010\n");
  });

  it("bare keys get the project's namespace; ns:config:name is ns:name; quoted keys; empty namespace or name", () => {
    const values = assertSame('config:\n  protect: true\n  azure-aws-vpn:config:vpcName: vpc-a\n  "gatewayName": gw\n  aws:region: us-east-1\n  ":x": 1\n  "y:": 2\n');
    assert.deepEqual(Object.keys(values).sort(), [":x", "aws:region", k("gatewayName"), k("protect"), k("vpcName"), "y:"]);
  });

  it("misspelt namespaces pass through the CLI unchanged (our validateConfig, not the reader, refuses them)", () => {
    const values = assertSame("config:\n  azure-aws-vpm:protect: true\n  azure_native:location: eastus\n  aws:regoin: us-east-1\n");
    assert.deepEqual(Object.keys(values).sort(), ["aws:regoin", "azure-aws-vpm:protect", "azure_native:location"]);
  });

  it("merge keys and anchors: explicit keys override merged ones, lists of merges, aliases", () => {
    const values = assertSame(
      "base: &base\n  enabled: true\n  logRetentionDays: 30\nother: &other {logRetentionDays: 90, email: a@example.com}\nconfig:\n  azure-aws-vpn:monitoring:\n    <<: [*base, *other]\n    logRetentionDays: 60\n  copy: *base\n  &name azure-aws-vpn:vpcName: vpc-a\n  quoted: *name\n  <<: {azure-aws-vpn:testVms: false}\n",
    );
    assert.deepEqual(values[k("monitoring")]?.objectValue, { email: "a@example.com", enabled: true, logRetentionDays: 60 });
    assert.equal(values[k("quoted")]?.value, "azure-aws-vpn:vpcName");
    assert.equal(values[k("testVms")]?.value, "false");
  });

  it("nested objects: the value is Go's JSON (keys in byte order, <, >, & escaped), objectValue the object", () => {
    const values = assertSame('config:\n  azure-aws-vpn:monitoring:\n    enabled: true\n    email: "a<b>&c"\n    z: [1, "2", 0x10, ~]\n  aws:defaultTags:\n    tags: {b: 1, a: 2, "é": 3, Z: 4}\n  azure-aws-vpn:ipsec: {}\n  azure-aws-vpn:acknowledgeDisruption: []\n');
    assert.equal(values[k("monitoring")]?.value, '{"email":"a\\u003cb\\u003e\\u0026c","enabled":true,"z":[1,"2",16,null]}');
    assert.equal(values["aws:defaultTags"]?.value, '{"tags":{"Z":4,"a":2,"b":1,"é":3}}');
  });

  it("map keys that are not strings inside a value are named as Go's %v names them", () => {
    const values = assertSame("config:\n  azure-aws-vpn:keyRotation:\n    1: 2\n    true: 3\n    ~: 4\n    1.5: 5\n    0.00001: 6\n");
    assert.deepEqual(values[k("keyRotation")]?.objectValue, { "1": 2, true: 3, "<nil>": 4, "1.5": 5, "1e-05": 6 });
  });

  it("empty values (key:, ~, null) are the empty string, with the CLI's warning; '' is ''", () => {
    const { cli } = both("config:\n  azure-aws-vpn:vpcName:\n  n: null\n  t: ~\n  e: ''\n  obj:\n    a:\n");
    const values = assertSame("config:\n  azure-aws-vpn:vpcName:\n  n: null\n  t: ~\n  e: ''\n  obj:\n    a:\n");
    assert.deepEqual([k("vpcName"), k("n"), k("t"), k("e")].map((key) => values[key]?.value), ["", "", "", ""]);
    assert.equal(values[k("obj")]?.value, '{"a":null}');
    assert.ok(cli.ok && /No value for configuration keys/.test(cli.stderr));
  });

  it("multi-line strings: literal, folded, chomped, escaped", () => {
    const values = assertSame('config:\n  a: |\n    line1\n    line2\n  b: >\n    folded\n    text\n  c: "x\\ny"\n  d: |-\n    keep\n  e: >+\n    kept\n\n  f: plain\n    continued\n');
    assert.deepEqual([k("a"), k("b"), k("c"), k("d"), k("e"), k("f")].map((key) => values[key]?.value), ["line1\nline2\n", "folded text\n", "x\ny", "keep", "kept\n\n", "plain continued"]);
  });

  it("unquoted timestamps are Go time.Time strings; quoted ones and non-dates stay as written", () => {
    const values = assertSame(
      "config:\n  a: 2026-12-01\n  b: 2026-12-01T10:00:00+02:00\n  c: 2001-12-14t21:59:43.10-05:00\n  d: 2026-12-01 10:20:30\n  e: 2026-1-2\n  f: 2026-12-01T10:00:00.500Z\n  g: '2026-12-01'\n  h: 2026-02-30\n  i: 2026-12-01T10:00:00\n  j: [2026-12-01]\n  azure-aws-vpn:vpcName: 2026-12-01\n",
    );
    assert.deepEqual(
      ["a", "b", "c", "d", "e", "f", "g", "h", "i", "vpcName"].map((name) => values[k(name)]?.value),
      ["2026-12-01 00:00:00 +0000 UTC", "2026-12-01 10:00:00 +0200 +0200", "2001-12-14 21:59:43.1 -0500 -0500", "2026-12-01 10:20:30 +0000 UTC", "2026-01-02 00:00:00 +0000 UTC", "2026-12-01 10:00:00.5 +0000 UTC", "2026-12-01", "2026-02-30", "2026-12-01T10:00:00", "2026-12-01 00:00:00 +0000 UTC"],
    );
  });

  it("tags, !!binary, a BOM, a second document (ignored), an empty file, no config:", () => {
    assertSame("config:\n  a: !!str 123\n  b: !!int '12'\n  c: !!float 1\n  d: !!binary aGVsbG8=\n");
    assertSame("\uFEFFconfig:\n  a: 1\n");
    assertSame("config:\n  a: 1\n---\nconfig:\n  b: 2\n");
    assertSame("");
    assertSame("# nothing\n");
    assertSame("config:\n");
    assertSame("foo: bar\n");
  });

  it("secure values, encrypted by the CLI: top level, nested, and maps that only look secure", () => {
    const text = `config:\n  azure-aws-vpn:sshPublicKey:\n    secure: ${cipher["key"]}\n  azure-aws-vpn:monitoring:\n    enabled: true\n    email:\n      secure: ${cipher["email"]}\n  bare:\n    secure: ${cipher["plain"]}\n  notSecure:\n    secure: 5\n  twoKeys:\n    secure: a\n    other: b\n`;
    const values = assertSame(text, {
      [k("sshPublicKey")]: "ssh-ed25519 AAAA secret@example",
      [k("monitoring")]: '{"email":"ops@example.com","enabled":true}',
      [k("bare")]: "s3cr3t",
    });
    assert.deepEqual(values[k("monitoring")]?.objectValue, { email: "ops@example.com", enabled: true });
    assert.deepEqual([values[k("notSecure")]?.secret, values[k("twoKeys")]?.value], [false, '{"other":"b","secure":"a"}']);
    const ours = parseStackFile(text, "f", PROJECT).raw;
    // Our reader holds the file's ciphertext: a top-level secret as is, a value holding one as its JSON.
    assert.equal((ours[k("sshPublicKey")] as EncryptedValue).ciphertext, cipher["key"]);
    assert.equal((ours[k("monitoring")] as EncryptedValue).ciphertext, `{"email":{"secure":"${cipher["email"]}"},"enabled":true}`);
  });
});

describe("stack files as the Pulumi CLI reads them: files the CLI refuses", () => {
  it("duplicate keys, also after a merge", () => {
    assertBothRefuse("config:\n  a: 1\n  a: 2\n", /mapping key "a" already defined/, "StackFileError");
    assertBothRefuse("a: &a {x: 1}\nconfig:\n  m:\n    <<: *a\n    x: 2\n    x: 3\n", /mapping key "x" already defined/, "StackFileError");
  });

  it("config: not a map; tabs; a syntax error", () => {
    assertBothRefuse("config:\n  - a\n", /cannot unmarshal !!seq/, "StackFileError");
    assertBothRefuse("config: 1\n", /cannot unmarshal !!int/, "StackFileError");
    assertBothRefuse("config:\n\ta: 1\n", /found character that cannot start any token/, "StackFileError");
    assertBothRefuse("config:\n  a: [1\n", /invalid YAML file/, "StackFileError");
  });

  // Documented difference: the CLI refuses the whole file; we read the rest and name the key (an issue).
  it("a key with colons that is not ns:config:name, a key that is not a string, .inf: the key is our issue", () => {
    assertBothRefuse("config:\n  a:b:c: 1\n  azure-aws-vpn:vpcName: v\n", /could not parse a:b:c as a configuration key/, /"key":"a:b:c".*not a configuration key/);
    assertBothRefuse("config:\n  true: 1\n  azure-aws-vpn:vpcName: v\n", /could not parse true as a configuration key/, /"key":"true".*not a configuration key/);
    assertBothRefuse("config:\n  12: 1\n", /could not parse 12 as a configuration key/, /"key":"12".*not a configuration key/);
    assertBothRefuse("config:\n  ~: 1\n  vpcName: v\n", /could not parse vpcName as a configuration key/, /"key":"<nil>".*not a configuration key/);
    assertBothRefuse("config:\n  a: .inf\n", /unsupported value: \+Inf/, /not a finite number/);
    assertBothRefuse("config:\n  a: [.nan]\n", /unsupported value: NaN/, /not a finite number/);
  });
});

describe("stack files as the Pulumi CLI reads them: documented differences, pinned", () => {
  // loaders.go stackConfigNamespacedWithProject and config/map.go UnmarshalYAML build Go maps: of two
  // spellings of one key, which survives is Go's map order (random). We refuse both.
  it("one key in two spellings: the CLI keeps one of them at random, our reader reports the key as set twice", () => {
    for (const text of [
      "config:\n  protect: true\n  azure-aws-vpn:protect: false\n",
      "config:\n  azure-aws-vpn:config:protect: true\n  azure-aws-vpn:protect: false\n",
      "config:\n  <<: {protect: true}\n  azure-aws-vpn:protect: false\n",
    ]) {
      const { cli, ours, read } = both(text);
      const values = accepted(cli);
      assert.deepEqual(Object.keys(values), [k("protect")]);
      assert.ok(["true", "false"].includes(values[k("protect")]?.value ?? ""), text);
      assert.match(JSON.stringify(ours.issues), /"key":"azure-aws-vpn:protect".*is set twice/);
      assert.throws(read, ConfigError);
    }
  });

  // A null key keeps loaders.go from namespacing the map; namespaced keys survive, the null key is
  // dropped by the CLI. We name it.
  it("a null key beside namespaced keys: the CLI drops it, our reader reports it", () => {
    const { cli, ours } = both("config:\n  ~: 1\n  azure-aws-vpn:x: 2\n");
    assert.deepEqual(accepted(cli), { [k("x")]: { value: "2", secret: false } });
    assert.deepEqual(ours.runtime, { [k("x")]: "2" });
    assert.match(JSON.stringify(ours.issues), /"key":"<nil>".*not a configuration key/);
  });

  // A whole-number float map key of 1e6 or more inside a value: Go writes 1e+06, we write 1000000
  // (the YAML library gives us a number, not whether it was written as a float).
  it("a float map key from 1e6 up inside a value: Go's %v writes 1e+06, we write 1000000", () => {
    const { cli, ours } = both("config:\n  m:\n    1e6: b\n");
    assert.equal(accepted(cli)[k("m")]?.value, '{"1e+06":"b"}');
    assert.equal(ours.runtime[k("m")], '{"1000000":"b"}');
  });
});
