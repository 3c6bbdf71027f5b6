// Property: over generated stack files (valid, invalid, and written in every way the CLI's YAML
// reader allows), the plan exits non-zero exactly when the file cannot be read or the config is
// refused, and 0 otherwise. The plan runs in-process (scripts/plan.ts runPlan).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { validateConfig } from "../../infra/config";
import { parseStackFile } from "../../infra/stackFile";
import { runPlan } from "../../scripts/plan";
import { REPO_ROOT } from "../helpers";

const dir = mkdtempSync(path.join(tmpdir(), "plan-property-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const base = { dev: readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8"), prod: readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8") };

/** One edit of a stack file's text. */
type Edit = (text: string) => string;
const setLine = (key: string, value: string): Edit => (text) => {
  const line = new RegExp(`^  ${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:.*$`, "m");
  return line.test(text) ? text.replace(line, `  ${key}: ${value}`) : text.replace(/^config:\n/m, `config:\n  ${key}: ${value}\n`);
};
const edit: fc.Arbitrary<Edit> = fc.oneof(
  // How a value is written: never changes the verdict.
  fc.constant<Edit>((t) => t.replace(/^( {2}azure-aws-vpn:azureAsn: )(\d+)$/m, '$1"$2"')),
  fc.constant<Edit>((t) => t.replace(/^( {2}azure-aws-vpn:vpcName: )(.+)$/m, "$1'$2'")),
  fc.constant<Edit>((t) => t.replace(/^( {2}azure-aws-vpn:activeActive: )(true|false)$/m, (_m, h: string, v: string) => `${h}${v === "true" ? "True" : "FALSE"}`)),
  fc.constant<Edit>((t) => t.replace("azure-aws-vpn:gatewaySku:", "gatewaySku:")),
  // Values, valid and not.
  fc.constantFrom("65010", "0xFDE2", "64512", "65515", "yes", "-1", "1e3").map((v) => setLine("azure-aws-vpn:azureAsn", v)),
  fc.constantFrom("true", "false", "yes", "on", "1").map((v) => setLine("azure-aws-vpn:testVms", v)),
  fc.constantFrom("10.0.0.0/16", "10.0.0.0/15", "127.0.0.0/16", "10.0.0.1/16", "10.0.0.0/28").map((v) => setLine("azure-aws-vpn:vpcCidr", v)),
  fc.constantFrom("eastus", "estus", "westeurope", "\"\"").map((v) => setLine("azure-native:location", v)),
  fc.constantFrom("us-east-1", "us-east-3", "eu-west-1").map((v) => setLine("aws:region", v)),
  fc.constantFrom("VpnGw2AZ", "VpnGw1", "Basic").map((v) => setLine("azure-aws-vpn:gatewaySku", v)),
  fc.constantFrom("x".repeat(80), "x".repeat(81), "bad name").map((v) => setLine("azure-aws-vpn:gatewayName", v)),
  // Keys.
  fc.constantFrom("azure-aws-vpm:protect: true", "protect: true", "azure-aws-vpn:protekt: true", "a:b:c: 1", "pulumi:template: x").map((line) => (t: string) => t.replace(/^config:\n/m, `config:\n  ${line}\n`)),
  // YAML features.
  fc.constant<Edit>((t) => `x-common: &zones ["1", "2"]\n${t.replace(/^config:\n/m, "config:\n  azure-aws-vpn:publicIpZones: *zones\n")}`),
  fc.constant<Edit>((t) => t.replace(/^config:\n/m, "config:\n  aws:region: us-east-1\n")), // duplicate key
  fc.constant<Edit>((t) => `${t}\n  : broken`),
);

/** The verdict expected from the reading and validation alone. */
function expectedFailure(text: string, stack: string): boolean {
  try {
    const { raw, issues } = parseStackFile(text, "x");
    return issues.length > 0 || !validateConfig(raw, stack).ok;
  } catch {
    return true;
  }
}

describe("plan exit code over generated stack files", () => {
  it("is non-zero exactly when the stack file is unreadable or refused", async () => {
    let n = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("dev", "prod"), fc.array(edit, { minLength: 0, maxLength: 3 }), async (stack, edits) => {
        const text = edits.reduce((t, e) => e(t), base[stack as "dev" | "prod"]);
        const name = `gen${n++}`;
        writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
        let output = "";
        const code = await runPlan(["--stack", name, "--out", path.join(dir, `${name}.md`)], { stdout: (t) => void (output += t), stderr: (t) => void (output += t) }, { root: dir });
        const fails = expectedFailure(text, name);
        if (fails) failures++;
        assert.equal(code, fails ? 1 : 0, `${text}\n---\n${output.slice(0, 2000)}`);
        if (fails) assert.ok(output.length > 0, "a failure prints why");
      }),
      { numRuns: 16, seed: 11 },
    );
    // Both branches exercised.
    assert.ok(failures > 0 && failures < n, `${failures} of ${n} generated files refused`);
  });
});
