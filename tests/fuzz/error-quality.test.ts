/**
 * Error quality: every validation error a user can meet reads as one line
 * `<key> = <value>: <rule>`, where the key is the setting as written in the stack file, the value
 * is what was set there, and the rule says what is allowed (must / use / is not / needs / is
 * required / set / pick). A curated config reaches each rule once; a fuzzed sample covers the rest.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ConfigError, formatIssue, loadConfig, PROJECT, validateConfig, type ConfigIssue, type RawConfig } from "../../infra/config";
import { evaluateStack, withConfig } from "../helpers";
import { fuzzSeed, mutated, runs, runtimeView } from "./arbitraries";
import { issueProblems } from "./properties";

/** A rule names what is allowed or what to do. */
const DIRECTIVE = /\b(must|use|is not|needs|is required|set|pick)\b/i;

/** Problems with one error, judged against the config it came from. */
function errorQualityProblems(issue: ConfigIssue, raw: RawConfig): string[] {
  const problems = issueProblems(issue);
  const line = formatIssue(issue);
  if (!DIRECTIVE.test(issue.rule)) problems.push(`${line}: the rule does not say what is allowed`);
  const shown = issue.value === undefined ? "(not set)" : JSON.stringify(issue.value);
  if (line !== `${issue.key} = ${shown}: ${issue.rule}`) problems.push(`${line}: not "<key> = <value>: <rule>"`);
  // The value shown is the value set at that key (when the user set one there).
  const written = valueAtKey(raw, issue.key);
  if (written !== undefined && JSON.stringify(written) !== JSON.stringify(issue.value)) {
    problems.push(`${line}: shows ${shown}, but the stack sets ${JSON.stringify(written)}`);
  }
  return problems;
}

/** The value at a qualified issue key such as "azure-aws-vpn:awsSubnets[1].cidr", if set. */
function valueAtKey(raw: RawConfig, key: string): unknown {
  // A flat key (a dotted name set without --path) is the value the issue is about.
  if (!key.startsWith(`${PROJECT}:`) || Object.hasOwn(raw, key)) return raw[key];
  const rest = key.slice(PROJECT.length + 1);
  const top = /^[^.[]*/.exec(rest)![0];
  let current: unknown = Object.hasOwn(raw, `${PROJECT}:${top}`) ? raw[`${PROJECT}:${top}`] : undefined;
  for (const match of rest.slice(top.length).matchAll(/\[(\d+)\]|\.([^.[]+)/g)) {
    if (current === null || typeof current !== "object") return undefined;
    const part = match[1] !== undefined ? Number(match[1]) : match[2]!;
    current = Object.hasOwn(current, part) ? (current as Record<string | number, unknown>)[part] : undefined;
  }
  return current;
}

/** The lines of a ConfigError's message, without the heading. */
function messageLines(error: ConfigError): string[] {
  const [heading, ...lines] = error.message.split("\n");
  assert.match(heading!, /^The stack configuration has \d+ problems?; nothing was created:$/);
  return lines;
}

const devSubnet = (cidr: string, name = "subnet-aws-01", availabilityZone?: string): Record<string, string> =>
  availabilityZone === undefined ? { name, cidr } : { name, cidr, availabilityZone };
const prodSubnets = (a: Record<string, string>, b: Record<string, string>): Record<string, string>[] => [
  { name: "subnet-prod-a", cidr: "10.30.1.0/24", availabilityZone: "us-east-1a", ...a },
  { name: "subnet-prod-b", cidr: "10.30.2.0/24", availabilityZone: "us-east-1b", ...b },
];

/** One invalid config per rule: [description, stack, changes, a key the errors must include]. */
const CURATED: [string, string, Record<string, unknown>, string][] = [
  ["Azure location missing", "dev", { "azure-native:location": undefined }, "azure-native:location"],
  ["AWS region malformed", "dev", { "aws:region": "useast1" }, "aws:region"],
  ["unknown setting", "dev", { gatewaySKU: "VpnGw2AZ" }, "gatewaySKU"],
  ["wrong type (boolean)", "dev", { activeActive: "yes" }, "activeActive"],
  ["not a whole number", "prod", { azureAsn: 65010.5 }, "azureAsn"],
  ["not one of the values", "dev", { routing: "ospf" }, "routing"],
  ["empty list", "dev", { azureSubnets: [] }, "azureSubnets"],
  ["required setting missing", "dev", { vpcCidr: undefined }, "vpcCidr"],
  ["nested field missing", "dev", { awsSubnets: [{ cidr: "10.0.1.0/24" }] }, "awsSubnets[0].name"],
  ["unknown nested field", "dev", { awsSubnets: [{ name: "a1", cidr: "10.0.1.0/24", zone: "a" }] }, "awsSubnets[0].zone"],
  ["bad resource name", "dev", { vnetName: "-bad" }, "vnetName"],
  ["malformed CIDR", "dev", { vpcCidr: "10.0.0/16" }, "vpcCidr"],
  ["host bits set", "dev", { vpcCidr: "10.0.0.1/16" }, "vpcCidr"],
  ["leading zeros", "dev", { vpcCidr: "10.00.0.0/16" }, "vpcCidr"],
  ["VNet blocks overlap", "dev", { vnetAddressSpace: ["172.10.0.0/16", "172.10.128.0/17"] }, "vnetAddressSpace[1]"],
  ["VPC too large", "dev", { vpcCidr: "10.0.0.0/12" }, "vpcCidr"],
  ["VPC overlaps the VNet", "dev", { vpcCidr: "172.10.0.0/16", awsSubnets: [devSubnet("172.10.1.0/24")] }, "vpcCidr"],
  ["GatewaySubnet outside the VNet", "dev", { gatewaySubnetCidr: "10.99.0.0/27" }, "gatewaySubnetCidr"],
  ["GatewaySubnet too small", "dev", { gatewaySubnetCidr: "172.10.0.0/30" }, "gatewaySubnetCidr"],
  ["Azure subnet outside the VNet", "dev", { azureSubnets: [{ name: "s1", cidr: "10.200.0.0/24" }] }, "azureSubnets[0].cidr"],
  ["Azure subnets overlap", "dev", { azureSubnets: [{ name: "s1", cidr: "172.10.1.0/24" }, { name: "s2", cidr: "172.10.1.0/25" }] }, "azureSubnets[1].cidr"],
  ["Azure subnet overlaps the GatewaySubnet", "dev", { azureSubnets: [{ name: "s1", cidr: "172.10.0.0/24" }] }, "azureSubnets[0].cidr"],
  ["subnet names repeat", "dev", { azureSubnets: [{ name: "s1", cidr: "172.10.1.0/24" }, { name: "s1", cidr: "172.10.2.0/24" }] }, "azureSubnets[1].name"],
  ["workload subnet named GatewaySubnet", "dev", { azureSubnets: [{ name: "GatewaySubnet", cidr: "172.10.1.0/24" }] }, "azureSubnets[0].name"],
  ["AWS subnet too small", "dev", { awsSubnets: [devSubnet("10.0.1.0/29")] }, "awsSubnets[0].cidr"],
  ["AWS subnet outside the VPC", "dev", { awsSubnets: [devSubnet("10.1.1.0/24")] }, "awsSubnets[0].cidr"],
  ["Basic SKU", "dev", { gatewaySku: "Basic" }, "gatewaySku"],
  ["non-AZ SKU", "dev", { gatewaySku: "VpnGw2" }, "gatewaySku"],
  ["unknown SKU", "dev", { gatewaySku: "VpnGw9AZ" }, "gatewaySku"],
  ["SKU name from Object.prototype", "dev", { gatewaySku: "constructor" }, "gatewaySku"],
  ["generation the SKU lacks", "dev", { gatewayGeneration: "Generation2" }, "gatewayGeneration"],
  ["BGP without active-active", "dev", { routing: "bgp" }, "routing"],
  ["transit gateway without BGP", "prod", { routing: "static" }, "awsAttachment"],
  ["transit gateway subnet without a zone", "prod", { awsSubnets: prodSubnets({}, { availabilityZone: undefined as unknown as string }) }, "awsSubnets[1].availabilityZone"],
  ["transit gateway subnets in one zone", "prod", { awsSubnets: prodSubnets({}, { availabilityZone: "us-east-1a" }) }, "awsSubnets[1].availabilityZone"],
  ["zone of another region", "dev", { awsSubnets: [devSubnet("10.0.1.0/24", "subnet-aws-01", "eu-west-1a")] }, "awsSubnets[0].availabilityZone"],
  ["Azure ASN out of range", "prod", { azureAsn: 3000000000 }, "azureAsn"],
  ["Azure ASN reserved by Azure", "prod", { azureAsn: 65515 }, "azureAsn"],
  ["Azure ASN reserved by IANA", "prod", { azureAsn: 23456 }, "azureAsn"],
  ["Amazon ASN out of range", "prod", { awsAsn: 100 }, "awsAsn"],
  ["Amazon ASN reserved by Azure", "prod", { awsAsn: 65517 }, "awsAsn"],
  ["equal ASNs", "prod", { azureAsn: 64512 }, "awsAsn"],
  ["inside CIDRs: wrong count", "prod", { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.22.0/30"] }, "tunnelInsideCidrs"],
  ["inside CIDR not a /30", "dev", { tunnelInsideCidrs: ["169.254.21.0/29", "169.254.22.0/30"] }, "tunnelInsideCidrs[0]"],
  ["inside CIDR not link-local", "dev", { tunnelInsideCidrs: ["10.0.0.0/30", "169.254.22.0/30"] }, "tunnelInsideCidrs[0]"],
  ["inside CIDR reserved by AWS", "dev", { tunnelInsideCidrs: ["169.254.5.0/30", "169.254.22.0/30"] }, "tunnelInsideCidrs[0]"],
  ["inside CIDR outside Azure's APIPA range with BGP", "prod", { tunnelInsideCidrs: ["169.254.100.0/30", "169.254.22.0/30", "169.254.21.4/30", "169.254.22.4/30"] }, "tunnelInsideCidrs[0]"],
  ["inside CIDR used twice", "dev", { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.21.0/30"] }, "tunnelInsideCidrs[1]"],
  ["key rotation of a missing tunnel", "dev", { keyRotation: { c2t1: 1 } }, "keyRotation.c2t1"],
  ["negative key generation", "dev", { keyRotation: { c1t1: -1 } }, "keyRotation.c1t1"],
  ["unknown acknowledgement", "prod", { acknowledgeDisruption: ["gatewaySku"] }, "acknowledgeDisruption[0]"],
  ["IKE integrity SHA2-512", "dev", { ipsec: { phase1: { integrity: "SHA2-512" } } }, "ipsec.phase1.integrity"],
  ["DH group only one cloud has", "dev", { ipsec: { phase1: { dhGroup: 5 } } }, "ipsec.phase1.dhGroup"],
  ["phase 1 lifetime", "dev", { ipsec: { phase1: { lifetimeSeconds: 3600 } } }, "ipsec.phase1.lifetimeSeconds"],
  ["phase 2 integrity Azure lacks", "dev", { ipsec: { phase2: { encryption: "AES256", integrity: "SHA2-384" } } }, "ipsec.phase2.integrity"],
  ["no PFS", "dev", { ipsec: { phase2: { pfsGroup: 0 } } }, "ipsec.phase2.pfsGroup"],
  ["PFS group only one cloud has", "dev", { ipsec: { phase2: { pfsGroup: 5 } } }, "ipsec.phase2.pfsGroup"],
  ["phase 2 lifetime out of range", "dev", { ipsec: { phase2: { lifetimeSeconds: 600 } } }, "ipsec.phase2.lifetimeSeconds"],
  ["phase 2 lifetime not below phase 1", "dev", { ipsec: { phase1: { lifetimeSeconds: 3000 }, phase2: { lifetimeSeconds: 3000 } } }, "ipsec.phase2.lifetimeSeconds"],
  ["DPD timeout", "dev", { ipsec: { dpdTimeoutSeconds: 10 } }, "ipsec.dpdTimeoutSeconds"],
  ["start with IKEv1", "dev", { ipsec: { ikeVersion: "ikev1" } }, "ipsec.startupAction"],
  ["nobody initiates", "dev", { ipsec: { startupAction: "add", azureConnectionMode: "ResponderOnly" } }, "ipsec.azureConnectionMode"],
  ["unknown IPsec option", "dev", { ipsec: { pfs: true } }, "ipsec.pfs"],
  ["nested key set without --path", "dev", { "ipsec.phase1": { dhGroup: 14 } }, "ipsec.phase1"],
  ["zones repeat", "dev", { publicIpZones: ["1", "1"] }, "publicIpZones"],
  ["test hosts without admin CIDR", "dev", { adminCidr: undefined }, "adminCidr"],
  ["test hosts open to the world", "dev", { adminCidr: "0.0.0.0/0" }, "adminCidr"],
  ["test hosts with a password", "dev", { sshPublicKey: "password123" }, "sshPublicKey"],
];

const qualify = (key: string): string => (key.includes(":") ? key : `${PROJECT}:${key}`);

describe("error quality", () => {
  for (const [what, stack, changes, key] of CURATED) {
    it(`${what}: ${qualify(key)} is named, and every error reads <key> = <value>: <rule>`, () => {
      const raw = runtimeView(withConfig(stack, changes));
      const result = validateConfig(raw, stack);
      assert.equal(result.ok, false, "the config must be refused");
      if (result.ok) return;
      assert.ok(result.errors.some((e) => e.key === qualify(key)), `errors name ${result.errors.map((e) => e.key).join(", ")}`);
      for (const issue of result.errors) assert.deepEqual(errorQualityProblems(issue, raw), []);
      // What the program throws: one line per error, each exactly the formatted issue.
      let thrown: unknown;
      try {
        loadConfig(raw, stack);
      } catch (err) {
        thrown = err;
      }
      assert.ok(thrown instanceof ConfigError);
      assert.deepEqual(messageLines(thrown), result.errors.map((e) => `  - ${formatIssue(e)}`));
    });
  }

  it("the program's own error (under mocks) is the same list, before any resource", async () => {
    const raw = withConfig("prod", { azureAsn: 65515, routing: "static", gatewayGeneration: "Generation3" });
    const evaluation = await evaluateStack({ stack: "prod", raw });
    assert.ok(evaluation.error instanceof ConfigError, String(evaluation.error));
    assert.equal(evaluation.resources.length, 0);
    const lines = messageLines(evaluation.error);
    assert.ok(lines.length >= 2);
    for (const line of lines) assert.match(line, /^ {2}- azure-aws-vpn:\w+ = .+: .*\b(must|use|is not|needs|is required|set|pick)\b/);
    assert.ok(lines.some((l) => l.startsWith("  - azure-aws-vpn:gatewayGeneration = \"Generation3\": must be one of")), lines.join("\n"));
  });

  it("every error of a broad fuzzed sample says what is allowed", () => {
    const short = new Map<string, string>();
    fc.assert(
      fc.property(mutated, (fuzz) => {
        const raw = runtimeView(fuzz.raw);
        const result = validateConfig(raw, fuzz.stack);
        if (result.ok) return;
        for (const issue of result.errors) {
          for (const problem of errorQualityProblems(issue, raw)) short.set(problem.replace(/\d+/g, "#").slice(0, 120), problem);
        }
      }),
      { seed: fuzzSeed(), numRuns: runs(1500) },
    );
    assert.deepEqual([...short.values()], []);
  });
});
