// The one reading of a stack file: as the Pulumi CLI (yaml.v3, config/object.go, loaders.go) reads it.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { PROJECT, validateConfig, type ConfigIssue } from "../../infra/config";
import { EncryptedValue, parseStackFile } from "../../infra/stackFile";
import { REPO_ROOT, evaluateStack } from "../helpers";

const devText = readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8");
const prodText = readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
const k = (name: string): string => `${PROJECT}:${name}`;

/** The text with `  key: value` lines set: an existing line for the key is replaced, else added under config:. */
function appended(text: string, lines: string): string {
  const first = /^ {2}(\S+):(?: |$)/m.exec(lines);
  const existing = first ? new RegExp(`^  ${first[1]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:.*\n`, "m") : undefined;
  if (existing && existing.test(text)) return text.replace(existing, `${lines}\n`);
  return text.replace(/^config:\n/m, `config:\n${lines}\n`);
}

function issueFor(issues: ConfigIssue[], key: string): ConfigIssue {
  const found = issues.find((i) => i.key === key);
  assert.ok(found, `an issue for ${key} among ${JSON.stringify(issues)}`);
  return found;
}

describe("stack file: values as the CLI stores them", () => {
  it("a number written quoted (pulumi config set) or plain reads the same", () => {
    const plain = parseStackFile(appended(devText, "  azure-aws-vpn:azureAsn: 65010"), "a").raw;
    const quoted = parseStackFile(appended(devText, '  azure-aws-vpn:azureAsn: "65010"'), "b").raw;
    assert.equal(plain[k("azureAsn")], 65010);
    assert.deepEqual(plain, quoted);
    assert.equal(validateConfig(quoted, "dev").ok, true);
  });

  it("a string setting written as a plain number is the string the CLI passes", () => {
    const { raw } = parseStackFile(appended(devText, "  azure-aws-vpn:vpcName: 123"), "a");
    assert.equal(raw[k("vpcName")], "123");
  });

  it("YAML 1.1 booleans are strings (yaml.v3): activeActive: yes is refused naming the setting, value and rule", () => {
    const { raw } = parseStackFile(appended(devText, "  azure-aws-vpn:activeActive: yes"), "a");
    assert.equal(raw[k("activeActive")], "yes");
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(JSON.stringify(issueFor(result.errors, k("activeActive"))), /"value":"yes".*true or false/);
  });

  it("True and TRUE are booleans (YAML 1.2 core, as yaml.v3)", () => {
    for (const spelling of ["True", "TRUE", "true"]) {
      assert.equal(parseStackFile(appended(devText, `  azure-aws-vpn:testVms: ${spelling}`), "a").raw[k("testVms")], true, spelling);
    }
  });

  it("integers as Go reads them: 0x, 0o, leading-0 octal, underscores", () => {
    const cases: [string, unknown][] = [["0xFFEA", 65514], ["0o177752", 65514], ["0177752", 65514], ["65_010", 65010], ["6.501e4", 65010]];
    for (const [written, expected] of cases) {
      assert.equal(parseStackFile(appended(devText, `  azure-aws-vpn:azureAsn: ${written}`), "a").raw[k("azureAsn")], expected, written);
    }
  });

  it("anchors, aliases and merge keys are honoured", () => {
    const text = `x-subnet: &subnet
  name: snet-a
  cidr: 10.10.1.0/24
${devText.replace(/azure-aws-vpn:azureSubnets:\n(\s+-.*\n(\s+ .*\n)*)/, "azure-aws-vpn:azureSubnets:\n    - <<: *subnet\n      name: snet-merged\n")}`;
    const { raw, issues } = parseStackFile(text, "a");
    assert.deepEqual(issues, []);
    assert.deepEqual(raw[k("azureSubnets")], [{ name: "snet-merged", cidr: "10.10.1.0/24" }]);
  });

  it("tags are honoured: !!str keeps a number a string", () => {
    const { raw } = parseStackFile(appended(devText, "  azure-aws-vpn:azureAsn: !!str 65010"), "a");
    // The CLI stores "65010" either way; the program reads it as a number.
    assert.equal(raw[k("azureAsn")], 65010);
    const nested = parseStackFile(appended(devText, "  azure-aws-vpn:ipsec: {phase2: {pfsGroup: !!str 24}}"), "b").raw;
    assert.deepEqual(nested[k("ipsec")], { phase2: { pfsGroup: "24" } });
  });

  it("a nested (--path) value stays typed: a quoted number there is refused", () => {
    const { raw } = parseStackFile(appended(devText, '  azure-aws-vpn:ipsec:\n    phase2:\n      pfsGroup: "24"'), "a");
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(JSON.stringify(issueFor(result.errors, k("ipsec.phase2.pfsGroup"))), /"value":"24".*a number/);
  });
});

describe("stack file: keys as the CLI reads them", () => {
  it("a key without a namespace takes the project's (loaders.go stackConfigNamespacedWithProject)", () => {
    const { raw } = parseStackFile(prodText.replace("azure-aws-vpn:protect: true", "protect: true"), "a");
    assert.equal(raw[k("protect")], true);
  });

  it("the old ns:config:name form is read as ns:name", () => {
    const { raw } = parseStackFile(devText.replace("aws:region:", "aws:config:region:"), "a");
    assert.equal(raw["aws:region"], "us-east-1");
  });

  it("a key the CLI cannot parse is an issue naming the key, value and rule", () => {
    const { issues } = parseStackFile(appended(devText, "  azure-aws-vpn:protect:now: true"), "a");
    assert.match(JSON.stringify(issueFor(issues, "azure-aws-vpn:protect:now")), /true.*<namespace>:<name>/);
  });

  it("a misspelt namespace is an error with a suggestion, not silently ignored", async () => {
    const text = prodText.replace("azure-aws-vpn:protect: true", "azure-aws-vpm:protect: true");
    const { raw } = parseStackFile(text, "a");
    const result = validateConfig(raw, "prod");
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(JSON.stringify(issueFor(result.errors, "azure-aws-vpm:protect")), /did you mean azure-aws-vpn:protect\?/);
    const evaluation = await evaluateStack({ stack: "prod", raw });
    assert.equal(evaluation.resources.length, 0);
    assert.match(evaluation.error?.message ?? "", /azure-aws-vpm:protect = "true".*did you mean azure-aws-vpn:protect/);
  });

  it("a provider namespace misspelt is caught too; an unrelated namespace is left alone", () => {
    const raw = parseStackFile(appended(devText, "  azure-nativ:location: westus\n  pulumi:tags: x"), "a").raw;
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.match(issueFor(result.errors, "azure-nativ:location").rule, /did you mean azure-native:location/);
      assert.equal(result.errors.some((e) => e.key === "pulumi:tags"), false);
    }
  });
});

describe("stack file: what the CLI cannot read", () => {
  it("a secure value offline is reported as undecryptable, not malformed, and nothing is registered", async () => {
    const text = devText.replace(/azure-aws-vpn:sshPublicKey: .*/, "azure-aws-vpn:sshPublicKey:\n    secure: v1:Zm9vYmFy");
    const { raw } = parseStackFile(text, "a");
    assert.ok(raw[k("sshPublicKey")] instanceof EncryptedValue);
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) {
      const issue = issueFor(result.errors, k("sshPublicKey"));
      assert.match(issue.rule, /cannot be decrypted offline/);
      assert.equal(result.errors.some((e) => /OpenSSH public key/.test(e.rule)), false);
    }
    const evaluation = await evaluateStack({ stack: "dev", raw });
    assert.equal(evaluation.resources.length, 0);
    assert.match(evaluation.error?.message ?? "", /sshPublicKey.*cannot be decrypted offline/);
  });

  it("a duplicate key is a YAML error (yaml.v3 refuses it)", () => {
    assert.throws(() => parseStackFile(devText.replace(/^config:\n/m, "config:\n  aws:region: us-west-2\n"), "Pulumi.x.yaml"), /Pulumi\.x\.yaml:.*(unique|duplicate)/i);
  });

  it("the same key written twice (bare and qualified) is an issue", () => {
    const { issues } = parseStackFile(prodText.replace(/^config:\n/m, "config:\n  protect: false\n"), "a");
    assert.match(JSON.stringify(issueFor(issues, k("protect"))), /set twice/);
  });

  it(".inf is an issue: the CLI cannot store it", () => {
    const { issues } = parseStackFile(appended(devText, "  azure-aws-vpn:azureAsn: .inf"), "a");
    assert.match(JSON.stringify(issueFor(issues, k("azureAsn"))), /finite/);
  });

  it("the committed stack files read without issues and validate", () => {
    for (const [stack, text] of [["dev", devText], ["prod", prodText]] as const) {
      const { raw, issues } = parseStackFile(text, stack);
      assert.deepEqual(issues, []);
      assert.equal(validateConfig(raw, stack).ok, true, stack);
    }
  });
});

describe("stack file: numbers with underscores and fractions (yaml.v3 drops '_' first)", () => {
  it("1_000.5 is 1000.5, 1.2.3 stays a string, 12abc stays a string", () => {
    // Under ipsec, a map the program parses; the CLI's JSON text is what it would receive.
    const { runtime } = parseStackFile("config:\n  azure-aws-vpn:ipsec:\n    a: 1_000.5\n    b: 1.2.3\n    c: 12abc\n    d: .5\n", "a");
    assert.deepEqual(JSON.parse(runtime[k("ipsec")]!), { a: 1000.5, b: "1.2.3", c: "12abc", d: 0.5 });
  });
});
