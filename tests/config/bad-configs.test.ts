/**
 * Bad configurations: each starts from a committed stack file, changes one thing, and must be
 * rejected by validateConfig with the expected key and rule, and must stop the program before a
 * single resource is registered, with a message naming the key and the value. The program's error
 * is validateConfig's over the config as Pulumi hands it over (programRefusal): one case of each
 * kind of rule runs through the program under mocks to show it, the others check programRefusal.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, PROJECT, validateConfig, type ConfigIssue, type RawConfig } from "../../infra/config";
import { evaluateStack, programRefusal, readStackConfig, withConfig } from "../helpers";

type Stack = "dev" | "prod";

interface Expected {
  /** Our key without namespace (`vpcCidr`, `azureSubnets[0].cidr`), or a qualified one (`aws:region`). */
  key: string;
  value: unknown;
  rule: string | RegExp;
}

interface BadCase {
  name: string;
  stack: Stack;
  changes: Record<string, unknown>;
  /** Every error expected, and no other. */
  errors: Expected[];
}

const qualify = (key: string): string => (key.includes(":") ? key : `${PROJECT}:${key}`);
const e = (key: string, value: unknown, rule: string | RegExp): Expected => ({ key, value, rule });

const prodSubnets = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown>[] => [
  { name: "subnet-prod-a", cidr: "10.30.1.0/24", availabilityZone: "us-east-1a", ...a },
  { name: "subnet-prod-b", cidr: "10.30.2.0/24", availabilityZone: "us-east-1b", ...b },
];
const prodInside = (first: string): string[] => [first, "169.254.22.0/30", "169.254.21.4/30", "169.254.22.4/30"];

const CASES: BadCase[] = [
  // --- addresses
  { name: "VPC CIDR with bad syntax", stack: "dev", changes: { vpcCidr: "10.0.0/16" }, errors: [e("vpcCidr", "10.0.0/16", "must be an IPv4 CIDR")] },
  { name: "VNet block with an octet above 255", stack: "dev", changes: { vnetAddressSpace: ["172.300.0.0/16"] }, errors: [e("vnetAddressSpace[0]", "172.300.0.0/16", "octets 0-255")] },
  { name: "Azure subnet with bad syntax", stack: "dev", changes: { azureSubnets: [{ name: "subnet-01", cidr: "172.10.1.0" }] }, errors: [e("azureSubnets[0].cidr", "172.10.1.0", "must be an IPv4 CIDR")] },
  { name: "VPC CIDR with host bits set suggests the network", stack: "dev", changes: { vpcCidr: "10.0.0.1/16" }, errors: [e("vpcCidr", "10.0.0.1/16", "did you mean 10.0.0.0/16?")] },
  { name: "Azure subnet with host bits set suggests the network", stack: "dev", changes: { azureSubnets: [{ name: "subnet-01", cidr: "172.10.1.17/24" }] }, errors: [e("azureSubnets[0].cidr", "172.10.1.17/24", "did you mean 172.10.1.0/24?")] },
  { name: "Azure subnet outside the VNet", stack: "dev", changes: { azureSubnets: [{ name: "subnet-01", cidr: "172.11.1.0/24" }] }, errors: [e("azureSubnets[0].cidr", "172.11.1.0/24", "must lie inside the VNet address space (172.10.0.0/16)")] },
  { name: "AWS subnet outside the VPC", stack: "dev", changes: { awsSubnets: [{ name: "subnet-aws-01", cidr: "10.1.1.0/24" }] }, errors: [e("awsSubnets[0].cidr", "10.1.1.0/24", "must lie inside the VPC CIDR (10.0.0.0/16)")] },
  {
    name: "overlapping Azure subnets",
    stack: "dev",
    changes: { azureSubnets: [{ name: "subnet-01", cidr: "172.10.1.0/24" }, { name: "subnet-02", cidr: "172.10.1.128/25" }] },
    errors: [e("azureSubnets[1].cidr", "172.10.1.128/25", "overlaps azureSubnets[0] (172.10.1.0/24)")],
  },
  { name: "overlapping AWS subnets", stack: "prod", changes: { awsSubnets: prodSubnets({}, { cidr: "10.30.1.0/25" }) }, errors: [e("awsSubnets[1].cidr", "10.30.1.0/25", "overlaps awsSubnets[0] (10.30.1.0/24)")] },
  { name: "Azure subnet overlapping the GatewaySubnet", stack: "dev", changes: { azureSubnets: [{ name: "subnet-01", cidr: "172.10.0.0/24" }] }, errors: [e("azureSubnets[0].cidr", "172.10.0.0/24", "overlaps gatewaySubnetCidr (172.10.0.0/27)")] },
  { name: "GatewaySubnet /30", stack: "dev", changes: { gatewaySubnetCidr: "172.10.0.0/30" }, errors: [e("gatewaySubnetCidr", "172.10.0.0/30", "GatewaySubnet must be at least a /29")] },
  { name: "GatewaySubnet outside the VNet", stack: "dev", changes: { gatewaySubnetCidr: "10.99.0.0/27" }, errors: [e("gatewaySubnetCidr", "10.99.0.0/27", "must lie inside the VNet address space")] },
  { name: "workload subnet named GatewaySubnet", stack: "dev", changes: { azureSubnets: [{ name: "GatewaySubnet", cidr: "172.10.1.0/24" }] }, errors: [e("azureSubnets[0].name", "GatewaySubnet", "GatewaySubnet is created from gatewaySubnetCidr")] },
  {
    name: "duplicate subnet names",
    stack: "prod",
    changes: { azureSubnets: [{ name: "snet", cidr: "10.20.1.0/24" }, { name: "snet", cidr: "10.20.2.0/24" }] },
    errors: [e("azureSubnets[1].name", "snet", "subnet names must be unique")],
  },
  {
    name: "Azure and AWS address spaces overlap",
    stack: "dev",
    changes: { vnetAddressSpace: ["172.10.0.0/16", "10.0.0.0/16"] },
    errors: [e("vpcCidr", "10.0.0.0/16", "overlaps the Azure address space vnetAddressSpace[1] (10.0.0.0/16)")],
  },
  { name: "VNet blocks overlapping each other", stack: "dev", changes: { vnetAddressSpace: ["172.10.0.0/16", "172.10.128.0/17"] }, errors: [e("vnetAddressSpace[1]", "172.10.128.0/17", "overlaps vnetAddressSpace[0] (172.10.0.0/16)")] },
  { name: "VPC larger than /16", stack: "dev", changes: { vpcCidr: "10.0.0.0/12" }, errors: [e("vpcCidr", "10.0.0.0/12", "AWS accepts a VPC CIDR from /16 to /28")] },

  // --- tunnel inside CIDRs
  { name: "inside CIDR not a /30", stack: "dev", changes: { tunnelInsideCidrs: ["169.254.21.0/29", "169.254.22.0/30"] }, errors: [e("tunnelInsideCidrs[0]", "169.254.21.0/29", "must be a /30")] },
  { name: "inside CIDR outside 169.254.0.0/16", stack: "dev", changes: { tunnelInsideCidrs: ["10.255.0.0/30", "169.254.22.0/30"] }, errors: [e("tunnelInsideCidrs[0]", "10.255.0.0/30", "must lie inside 169.254.0.0/16")] },
  { name: "inside CIDR in AWS's reserved 169.254.5.0/30", stack: "dev", changes: { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.5.0/30"] }, errors: [e("tunnelInsideCidrs[1]", "169.254.5.0/30", "is reserved by AWS (169.254.5.0/30")] },
  { name: "inside CIDR in AWS's reserved 169.254.0.0/30", stack: "dev", changes: { tunnelInsideCidrs: ["169.254.0.0/30", "169.254.22.0/30"] }, errors: [e("tunnelInsideCidrs[0]", "169.254.0.0/30", "is reserved by AWS (169.254.0.0/30")] },
  { name: "inside CIDR in AWS's reserved 169.254.169.252/30", stack: "dev", changes: { tunnelInsideCidrs: ["169.254.169.252/30", "169.254.22.0/30"] }, errors: [e("tunnelInsideCidrs[0]", "169.254.169.252/30", "is reserved by AWS (169.254.169.252/30")] },
  { name: "the same inside CIDR twice", stack: "dev", changes: { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.21.0/30"] }, errors: [e("tunnelInsideCidrs[1]", "169.254.21.0/30", "is already used by tunnelInsideCidrs[0]")] },
  {
    name: "three inside CIDRs for two tunnels",
    stack: "dev",
    changes: { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.22.0/30", "169.254.21.4/30"] },
    errors: [e("tunnelInsideCidrs", ["169.254.21.0/30", "169.254.22.0/30", "169.254.21.4/30"], "must list exactly 2 /30s")],
  },
  {
    name: "two inside CIDRs for four tunnels (active-active)",
    stack: "prod",
    changes: { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.22.0/30"] },
    errors: [e("tunnelInsideCidrs", ["169.254.21.0/30", "169.254.22.0/30"], "must list exactly 4 /30s")],
  },
  { name: "BGP inside CIDR outside Azure's APIPA range", stack: "prod", changes: { tunnelInsideCidrs: prodInside("169.254.10.0/30") }, errors: [e("tunnelInsideCidrs[0]", "169.254.10.0/30", "custom APIPA range 169.254.21.0 - 169.254.22.255")] },

  // --- ASNs
  ...[65515, 65517, 65518, 65519, 65520, 8074, 8075, 12076].map(
    (asn): BadCase => ({ name: `azureAsn ${asn} reserved by Azure`, stack: "prod", changes: { azureAsn: asn }, errors: [e("azureAsn", asn, /reserved by Azure|Azure's own default gateway ASN/)] }),
  ),
  { name: "azureAsn in IANA's documentation range", stack: "prod", changes: { azureAsn: 64500 }, errors: [e("azureAsn", 64500, "reserved by IANA for documentation")] },
  { name: "azureAsn out of AWS's customer gateway range", stack: "prod", changes: { azureAsn: 3_000_000_000 }, errors: [e("azureAsn", 3_000_000_000, "must be 1 to 2147483647")] },
  { name: "awsAsn reserved by Azure", stack: "prod", changes: { awsAsn: 65515 }, errors: [e("awsAsn", 65515, "Azure refuses it as a peer ASN")] },
  { name: "ASNs equal on both sides", stack: "prod", changes: { azureAsn: 64512 }, errors: [e("awsAsn", 64512, "must differ from azureAsn (64512)")] },
  { name: "awsAsn out of the Amazon-side range", stack: "prod", changes: { awsAsn: 70_000 }, errors: [e("awsAsn", 70_000, "64512 to 65534 or 4200000000 to 4294967294")] },

  // --- gateway SKU and generation
  { name: "non-AZ SKU VpnGw1 names VpnGw1AZ", stack: "dev", changes: { gatewaySku: "VpnGw1" }, errors: [e("gatewaySku", "VpnGw1", "use VpnGw1AZ")] },
  { name: "non-AZ SKU VpnGw3 names VpnGw3AZ", stack: "prod", changes: { gatewaySku: "VpnGw3" }, errors: [e("gatewaySku", "VpnGw3", "use VpnGw3AZ")] },
  { name: "Basic SKU", stack: "dev", changes: { gatewaySku: "Basic" }, errors: [e("gatewaySku", "Basic", /Basic gateways have no BGP.*use VpnGw1AZ/)] },
  { name: "unknown SKU", stack: "dev", changes: { gatewaySku: "VpnGw9AZ" }, errors: [e("gatewaySku", "VpnGw9AZ", "must be one of VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ")] },
  { name: "SKU named like an object property", stack: "dev", changes: { gatewaySku: "constructor" }, errors: [e("gatewaySku", "constructor", "must be one of VpnGw1AZ")] },
  { name: "VpnGw1AZ as Generation2", stack: "dev", changes: { gatewayGeneration: "Generation2" }, errors: [e("gatewayGeneration", "Generation2", "VpnGw1AZ exists only as Generation1")] },
  { name: "VpnGw4AZ as Generation1", stack: "prod", changes: { gatewaySku: "VpnGw4AZ", gatewayGeneration: "Generation1" }, errors: [e("gatewayGeneration", "Generation1", "VpnGw4AZ exists only as Generation2")] },

  // --- routing modes
  { name: "BGP with an active-standby gateway", stack: "prod", changes: { activeActive: false }, errors: [e("routing", "bgp", "BGP needs activeActive: true")] },
  { name: "transit gateway with static routing", stack: "prod", changes: { routing: "static" }, errors: [e("awsAttachment", "tgw", "only with BGP: set routing: bgp")] },
  {
    name: "transit gateway with a subnet missing its zone",
    stack: "prod",
    changes: { awsSubnets: prodSubnets({}, { availabilityZone: undefined }).map((s) => Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined))) },
    errors: [e("awsSubnets[1].availabilityZone", undefined, "is required with awsAttachment tgw")],
  },
  { name: "transit gateway with two subnets in the same zone", stack: "prod", changes: { awsSubnets: prodSubnets({}, { availabilityZone: "us-east-1a" }) }, errors: [e("awsSubnets[1].availabilityZone", "us-east-1a", "repeats awsSubnets[0]'s zone")] },
  { name: "subnet zone of another region", stack: "prod", changes: { awsSubnets: prodSubnets({}, { availabilityZone: "us-west-2b" }) }, errors: [e("awsSubnets[1].availabilityZone", "us-west-2b", "must be a zone of aws:region us-east-1")] },

  // --- IPsec profile
  { name: "SHA2-512 in phase 1", stack: "dev", changes: { ipsec: { phase1: { integrity: "SHA2-512" } } }, errors: [e("ipsec.phase1.integrity", "SHA2-512", "not SHA2-512")] },
  { name: "DH group 21 (not in Azure)", stack: "dev", changes: { ipsec: { phase1: { dhGroup: 21 } } }, errors: [e("ipsec.phase1.dhGroup", 21, "2, 14, 19, 20 or 24")] },
  { name: "PFS 0 (none)", stack: "prod", changes: { ipsec: { phase2: { pfsGroup: 0 } } }, errors: [e("ipsec.phase2.pfsGroup", 0, "PFS must never be none")] },
  {
    name: "phase 2 lifetime not below phase 1",
    stack: "dev",
    changes: { ipsec: { phase1: { lifetimeSeconds: 3_600 } } },
    errors: [e("ipsec.phase1.lifetimeSeconds", 3_600, "fixes the IKE SA lifetime at 28800"), e("ipsec.phase2.lifetimeSeconds", 3_600, "below the phase 1 lifetime (3600 s)")],
  },
  { name: "phase 1 lifetime other than 28800", stack: "dev", changes: { ipsec: { phase1: { lifetimeSeconds: 14_400 } } }, errors: [e("ipsec.phase1.lifetimeSeconds", 14_400, "must match it (28800)")] },
  { name: "phase 2 lifetime above AWS's 3600", stack: "dev", changes: { ipsec: { phase2: { lifetimeSeconds: 7_200 } } }, errors: [e("ipsec.phase2.lifetimeSeconds", 7_200, "900 to 3600")] },
  { name: "DPD timeout 20 s", stack: "dev", changes: { ipsec: { dpdTimeoutSeconds: 20 } }, errors: [e("ipsec.dpdTimeoutSeconds", 20, "30 to 3600")] },
  { name: "startup action start with IKEv1", stack: "dev", changes: { ipsec: { ikeVersion: "ikev1" } }, errors: [e("ipsec.startupAction", "start", "needs IKEv2")] },
  { name: "non-GCM phase 2 with SHA2-384", stack: "prod", changes: { ipsec: { phase2: { encryption: "AES256", integrity: "SHA2-384" } } }, errors: [e("ipsec.phase2.integrity", "SHA2-384", "only SHA1 or SHA2-256")] },
  { name: "AWS 'add' with Azure ResponderOnly: nobody initiates", stack: "dev", changes: { ipsec: { startupAction: "add", azureConnectionMode: "ResponderOnly" } }, errors: [e("ipsec.azureConnectionMode", "ResponderOnly", "nobody would initiate")] },
  { name: "unknown cipher name", stack: "dev", changes: { ipsec: { phase1: { encryption: "AES512" } } }, errors: [e("ipsec.phase1.encryption", "AES512", /AES128.*AES256-GCM-16/)] },
  { name: "unknown profile field (typo)", stack: "dev", changes: { ipsec: { phase2: { pfs: 20 } } }, errors: [e("ipsec.phase2.pfs", 20, "is not a setting of this program")] },

  // --- schema: unknown keys, types, required values
  // Pulumi hands the program an unknown key as the CLI's string form: "true", not true.
  { name: "unknown key (typo of activeActive)", stack: "dev", changes: { activeActiv: "true" }, errors: [e("activeActiv", "true", "is not a setting of this program")] },
  // A string that is valid JSON ("true", "65010") reaches the program as that JSON value, exactly as
  // with the Pulumi CLI, so the wrong types here are strings no CLI parsing could turn into the type.
  { name: "string for the boolean activeActive", stack: "dev", changes: { activeActive: "yes" }, errors: [e("activeActive", "yes", /true or false|expected boolean/)] },
  { name: "string for the number azureAsn", stack: "prod", changes: { azureAsn: "AS65010" }, errors: [e("azureAsn", "AS65010", /a number|expected number/)] },
  { name: "fractional ASN", stack: "prod", changes: { azureAsn: 65010.5 }, errors: [e("azureAsn", 65010.5, /whole number|expected int/i)] },
  { name: "unknown routing mode", stack: "dev", changes: { routing: "ospf" }, errors: [e("routing", "ospf", /static.*bgp/)] },
  { name: "missing vpcCidr", stack: "dev", changes: { vpcCidr: undefined }, errors: [e("vpcCidr", undefined, "is required")] },
  { name: "empty awsSubnets", stack: "dev", changes: { awsSubnets: [] }, errors: [e("awsSubnets", [], /at least 1|>=1/)] },
  { name: "Azure name with a space", stack: "dev", changes: { gatewayName: "vpn azure" }, errors: [e("gatewayName", "vpn azure", "must be only letters, digits")] },
  { name: "repeated public IP zones", stack: "dev", changes: { publicIpZones: ["1", "1"] }, errors: [e("publicIpZones", ["1", "1"], "zones must not repeat")] },

  // --- test hosts
  { name: "testVms without adminCidr", stack: "dev", changes: { adminCidr: undefined }, errors: [e("adminCidr", undefined, "is required when testVms is true")] },
  { name: "testVms with SSH open to the world", stack: "dev", changes: { adminCidr: "0.0.0.0/0" }, errors: [e("adminCidr", "0.0.0.0/0", "must not open SSH to the world")] },
  { name: "testVms without an SSH key", stack: "dev", changes: { sshPublicKey: undefined }, errors: [e("sshPublicKey", undefined, "is required when testVms is true")] },
  { name: "testVms with a password instead of a key", stack: "dev", changes: { sshPublicKey: "hunter2" }, errors: [e("sshPublicKey", "hunter2", "passwords are never used")] },
  { name: "testVms on in prod without admin CIDR or key", stack: "prod", changes: { testVms: true }, errors: [e("adminCidr", undefined, "is required"), e("sshPublicKey", undefined, "is required")] },

  // --- provider settings
  { name: "missing aws:region", stack: "dev", changes: { "aws:region": undefined }, errors: [e("aws:region", undefined, "must be set to an AWS region")] },
  { name: "malformed aws:region", stack: "prod", changes: { "aws:region": "us-east" }, errors: [e("aws:region", "us-east", /is not an AWS region.*did you mean us-east-1 or us-east-2\?/)] },
  { name: "missing azure-native:location", stack: "prod", changes: { "azure-native:location": undefined }, errors: [e("azure-native:location", undefined, "must be set to the Azure region")] },
];

/**
 * The cases run through the program under mocks: the first of each kind of rule above (the other
 * cases' rules reach the program the same way, through validateArgs).
 */
const EVALUATED = new Set([
  "VPC CIDR with bad syntax",
  "inside CIDR not a /30",
  "azureAsn 65515 reserved by Azure",
  "non-AZ SKU VpnGw1 names VpnGw1AZ",
  "BGP with an active-standby gateway",
  "SHA2-512 in phase 1",
  "unknown key (typo of activeActive)",
  "testVms on in prod without admin CIDR or key",
  "missing aws:region",
]);

function baseConfig(stack: Stack): RawConfig {
  return readStackConfig(stack);
}

function matchesRule(rule: string, expected: string | RegExp): boolean {
  return typeof expected === "string" ? rule.includes(expected) : expected.test(rule);
}

/** How a value appears in the error message. */
function shown(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

/** The program's error: one ConfigError naming every expected key and value, saying nothing was created. */
function assertProgramError(error: Error | undefined, expected: Expected[]): void {
  assert.ok(error, "the program should fail");
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error.message}`);
  assertIssues(error.issues, expected);
  const message = error.message;
  assert.match(message, /nothing was created/);
  for (const x of expected) {
    const line = message.split("\n").find((l) => l.includes(`${qualify(x.key)} = `));
    assert.ok(line, `the message names ${qualify(x.key)}:\n${message}`);
    assert.ok(line.includes(`= ${shown(x.value)}: `), `the message shows the value ${shown(x.value)}:\n${line}`);
  }
}

function assertIssues(issues: ConfigIssue[], expected: Expected[]): void {
  assert.deepEqual(
    issues.map((i) => i.key).sort(),
    expected.map((x) => qualify(x.key)).sort(),
    `errors reported: ${JSON.stringify(issues, null, 1)}`,
  );
  for (const x of expected) {
    const issue = issues.find((i) => i.key === qualify(x.key))!;
    assert.deepEqual(issue.value, x.value, `value of ${issue.key}`);
    assert.ok(matchesRule(issue.rule, x.rule), `rule of ${issue.key}: ${JSON.stringify(issue.rule)} should contain ${String(x.rule)}`);
  }
}

describe("bad configs are rejected before any resource is declared", () => {
  it(`there are at least 30 of them (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, "case names are unique");
    assert.deepEqual([...EVALUATED].filter((name) => !CASES.some((c) => c.name === name)), [], "every evaluated case is a case");
  });

  for (const badCase of CASES) {
    describe(badCase.name, () => {
      const raw = withConfig(baseConfig(badCase.stack), badCase.changes);

      it("validateConfig names the key, the value and the rule", () => {
        const result = validateConfig(raw, badCase.stack);
        assert.equal(result.ok, false, "the config should be rejected");
        if (result.ok) return;
        assertIssues(result.errors, badCase.errors);
      });

      if (EVALUATED.has(badCase.name)) {
        it("the program registers no resource and its error names the key and the value", async () => {
          const evaluation = await evaluateStack({ stack: badCase.stack, raw });
          assert.deepEqual(evaluation.resources.map((r) => `${r.type} ${r.name}`), []);
          assert.deepEqual(evaluation.outputs, {});
          assertProgramError(evaluation.error, badCase.errors);
          assert.deepEqual((evaluation.error as ConfigError).issues, programRefusal(badCase.stack, raw)?.issues, "the program's error is programRefusal's");
        });
      } else {
        it("the program's error (programRefusal) names the key and the value", () => {
          assertProgramError(programRefusal(badCase.stack, raw), badCase.errors);
        });
      }
    });
  }
});

describe("several problems are reported at once", () => {
  const raw = withConfig(readStackConfig("dev"), {
    vpcCidr: "10.0.0.1/16",
    azureAsn: 65515,
    gatewaySku: "VpnGw1",
    ipsec: { phase2: { pfsGroup: 0 }, dpdTimeoutSeconds: 20 },
    tunnelInsideCidrs: ["169.254.21.0/30", "169.254.169.252/30"],
    adminCidr: undefined,
  });
  const expected = [
    e("vpcCidr", "10.0.0.1/16", "did you mean 10.0.0.0/16?"),
    e("azureAsn", 65515, "Azure's own default gateway ASN"),
    e("gatewaySku", "VpnGw1", "use VpnGw1AZ"),
    e("ipsec.phase2.pfsGroup", 0, "never be none"),
    e("ipsec.dpdTimeoutSeconds", 20, "30 to 3600"),
    e("tunnelInsideCidrs[1]", "169.254.169.252/30", "reserved by AWS"),
    e("adminCidr", undefined, "is required when testVms is true"),
  ];

  it("validateConfig lists all seven", () => {
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) assertIssues(result.errors, expected);
  });

  it("the program's one error lists all seven and creates nothing", async () => {
    const evaluation = await evaluateStack({ stack: "dev", raw });
    assert.ok(evaluation.error instanceof ConfigError);
    assert.equal(evaluation.resources.length, 0);
    assert.match(evaluation.error.message, /has 7 problems; nothing was created/);
    for (const x of expected) assert.ok(evaluation.error.message.includes(`${qualify(x.key)} = ${shown(x.value)}: `), x.key);
  });

  it("schema problems (unknown key, wrong type, missing value) are also reported together", () => {
    const result = validateConfig(withConfig(readStackConfig("prod"), { vpcName: undefined, vpcCidr: undefined, activeActive: "yes", protekt: true }), "prod");
    assert.equal(result.ok, false);
    if (!result.ok) {
      // activeActive falls back to its default (false) for the other checks, so prod's BGP is
      // reported too: every problem at once, not only the schema's.
      assertIssues(result.errors, [
        e("vpcCidr", undefined, "is required"),
        e("activeActive", "yes", /true or false|expected boolean/),
        e("protekt", true, "is not a setting"),
        e("routing", "bgp", "BGP needs activeActive: true"),
      ]);
    }
  });
});

describe("warnings do not stop the program", () => {
  it("dev's 172.10.0.0/16 is public address space: a warning, and the program runs", async () => {
    const raw = readStackConfig("dev");
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, true);
    assert.deepEqual(result.warnings.map((w) => w.key), [`${PROJECT}:vnetAddressSpace[0]`]);
    assert.match(result.warnings[0]!.rule, /not RFC 1918 private address space/);
    const evaluation = await evaluateStack({ stack: "dev", raw });
    assert.equal(evaluation.error, undefined);
    assert.ok(evaluation.resources.length > 0);
    assert.equal(evaluation.warnings.length, 1);
    assert.ok(evaluation.warnings[0]!.includes(`${PROJECT}:vnetAddressSpace[0] = "172.10.0.0/16"`), evaluation.warnings[0]);
  });

  it("a public VPC CIDR warns too", () => {
    const result = validateConfig(withConfig(readStackConfig("prod"), { vpcCidr: "100.64.0.0/16", awsSubnets: prodSubnets({ cidr: "100.64.1.0/24" }, { cidr: "100.64.2.0/24" }) }), "prod");
    assert.equal(result.ok, true, JSON.stringify(!result.ok && result.errors));
    assert.deepEqual(result.warnings.map((w) => [w.key, w.value]), [[`${PROJECT}:vpcCidr`, "100.64.0.0/16"]]);
  });

  it("a /28 GatewaySubnet warns (Microsoft recommends /27) but is accepted", async () => {
    const raw = withConfig(readStackConfig("prod"), { gatewaySubnetCidr: "10.20.255.0/28" });
    const result = validateConfig(raw, "prod");
    assert.equal(result.ok, true, JSON.stringify(!result.ok && result.errors));
    assert.deepEqual(result.warnings.map((w) => [w.key, w.value]), [[`${PROJECT}:gatewaySubnetCidr`, "10.20.255.0/28"]]);
    assert.match(result.warnings[0]!.rule, /recommends \/27 or larger/);
    const evaluation = await evaluateStack({ stack: "prod", raw });
    assert.equal(evaluation.error, undefined);
    assert.ok(evaluation.warnings.some((w) => w.includes("gatewaySubnetCidr")));
  });

  it("a /29 GatewaySubnet is the smallest accepted", () => {
    const result = validateConfig(withConfig(readStackConfig("prod"), { gatewaySubnetCidr: "10.20.255.0/29" }), "prod");
    assert.equal(result.ok, true);
  });

  it("no public IP zones: a warning about zone redundancy", () => {
    const result = validateConfig(withConfig(readStackConfig("prod"), { publicIpZones: [] }), "prod");
    assert.equal(result.ok, true);
    assert.deepEqual(result.warnings.map((w) => w.key), [`${PROJECT}:publicIpZones`]);
  });
});
