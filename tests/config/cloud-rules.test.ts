// The rules the clouds enforce on what we take (docs/constraints.md): each refused before any
// resource, the message naming the setting, the value and the rule; the boundary case accepted.
// The program's error is validateConfig's (programRefusal, shown by tests/config/bad-configs.test.ts),
// so the rules here are checked without running the program.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { PROJECT, validateConfig, type ConfigIssue, type RawConfig } from "../../infra/config";
import { evaluateStack, programRefusal, readStackConfig, withConfig } from "../helpers";

type Stack = "dev" | "prod";
const q = (key: string): string => (key.includes(":") ? key : `${PROJECT}:${key}`);

/** The config refused: an error at `key` with `value` whose rule matches, and the program's error names the setting. */
function refused(stack: Stack, changes: Record<string, unknown>, key: string, value: unknown, rule: RegExp): void {
  const raw = withConfig(readStackConfig(stack), changes);
  const result = validateConfig(raw, stack);
  assert.equal(result.ok, false, `refused: ${JSON.stringify(changes).slice(0, 200)}`);
  if (result.ok) return;
  const issue = result.errors.find((e) => e.key === q(key));
  assert.ok(issue, `an error at ${q(key)} among ${JSON.stringify(result.errors)}`);
  assert.deepEqual(issue.value, value);
  assert.match(issue.rule, rule);
  assert.ok(programRefusal(stack, raw)?.message.includes(q(key)), "the program's error names the setting");
}

function accepted(stack: Stack, changes: Record<string, unknown>): ConfigIssue[] {
  const result = validateConfig(withConfig(readStackConfig(stack), changes), stack);
  assert.equal(result.ok, true, result.ok ? "" : JSON.stringify(result.errors));
  return result.warnings;
}

/**
 * An OpenSSH RSA public key line whose modulus is exactly `bits` long. The rule reads only the
 * modulus's length (infra/sshKey.ts), so the modulus is random bytes with the top bit set rather
 * than a generated key pair: generating 4096-bit keys cost up to 2 s of the suite's CPU.
 */
function rsaKey(bits: number): string {
  const modulus = randomBytes(bits / 8);
  modulus[0]! |= 0x80;
  const exponent = Buffer.from([0x01, 0x00, 0x01]);
  // OpenSSH mpint: a leading zero byte when the high bit is set.
  const mpint = (bytes: Buffer): Buffer => (bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
  const field = (b: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    return Buffer.concat([len, b]);
  };
  return `ssh-rsa ${Buffer.concat([field(Buffer.from("ssh-rsa")), field(mpint(exponent)), field(mpint(modulus))]).toString("base64")} test@example`;
}
const ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICD/OFS6yVcsxb+tqO+0kF+ymeikFkUIDwhA07nSaRV8 dev@example";

describe("subnet sizes", () => {
  it("an Azure workload subnet of /30 is refused (smallest /29)", () => refused("dev", { azureSubnets: [{ name: "s", cidr: "172.10.1.0/30" }] }, "azureSubnets[0].cidr", "172.10.1.0/30", /smallest subnet is a \/29/));
  it("an Azure workload subnet of /29 is accepted (the boundary)", () => void accepted("dev", { azureSubnets: [{ name: "s", cidr: "172.10.1.0/29" }] }));
  it("a VNet block of /30 is refused", () => refused("dev", { vnetAddressSpace: ["172.10.0.0/16", "192.168.9.0/30"] }, "vnetAddressSpace[1]", "192.168.9.0/30", /smallest subnet \(\/29\)/));
  it("an AWS subnet of /29 is refused, /28 accepted", () => {
    refused("dev", { awsSubnets: [{ name: "aa", cidr: "10.0.1.0/29" }] }, "awsSubnets[0].cidr", "10.0.1.0/29", /\/16 to \/28/);
    accepted("dev", { awsSubnets: [{ name: "aa", cidr: "10.0.1.0/28" }] });
  });
});

describe("ranges a VNet or VPC cannot hold", () => {
  it("a link-local VNet block is refused", () => refused("dev", { vnetAddressSpace: ["172.10.0.0/16", "169.254.0.0/24"] }, "vnetAddressSpace[1]", "169.254.0.0/24", /169\.254\.0\.0\/16 \(link-local\).*Azure does not allow.*use private/));
  it("a VNet block holding Azure's DNS address is refused", () => refused("dev", { vnetAddressSpace: ["172.10.0.0/16", "168.63.128.0/23"] }, "vnetAddressSpace[1]", "168.63.128.0/23", /168\.63\.129\.16\/32/));
  it("a loopback VPC is refused", () => refused("dev", { vpcCidr: "127.0.0.0/16", awsSubnets: [{ name: "aa", cidr: "127.0.1.0/24" }] }, "vpcCidr", "127.0.0.0/16", /loopback.*cannot be a VPC/));
  it("a multicast VPC is refused", () => refused("dev", { vpcCidr: "224.1.0.0/16", awsSubnets: [{ name: "aa", cidr: "224.1.1.0/24" }] }, "vpcCidr", "224.1.0.0/16", /multicast/));
  it("172.17.0.0/16 is accepted with AWS's warning", () => {
    const warnings = accepted("dev", { vpcCidr: "172.17.0.0/16", awsSubnets: [{ name: "aa", cidr: "172.17.1.0/24" }] });
    assert.ok(warnings.some((w) => w.key === q("vpcCidr") && /Cloud9/.test(w.rule)));
  });
});

describe("names", () => {
  it("a gateway name of 80 characters is accepted, 81 refused", () => {
    accepted("dev", { gatewayName: "g".repeat(80) });
    refused("dev", { gatewayName: "g".repeat(81) }, "gatewayName", "g".repeat(81), /virtual network gateway name must be 1 to 80 characters \(this is 81\)/);
  });
  it("a VNet name ending in '-' is refused", () => refused("dev", { vnetName: "vnet-" }, "vnetName", "vnet-", /end with a letter, digit or '_'/));
  it("a resource group name of 90 characters with parentheses is accepted, ending in '.' refused", () => {
    accepted("dev", { resourceGroupName: `rg(${"x".repeat(86)})` });
    refused("dev", { resourceGroupName: "rg." }, "resourceGroupName", "rg.", /not end with '\.'/);
  });
  it("subnet names differing only in case collide", () => refused("prod", { azureSubnets: [{ name: "snet-A", cidr: "10.20.1.0/24" }, { name: "snet-a", cidr: "10.20.2.0/24" }] }, "azureSubnets[1].name", "snet-a", /case-insensitively/));
  it("a reserved subnet name in another case is refused", () => {
    refused("prod", { azureSubnets: [{ name: "azurebastionsubnet", cidr: "10.20.1.0/24" }] }, "azureSubnets[0].name", "azurebastionsubnet", /AzureBastionSubnet is reserved/);
    refused("prod", { azureSubnets: [{ name: "gatewaysubnet", cidr: "10.20.1.0/24" }] }, "azureSubnets[0].name", "gatewaysubnet", /GatewaySubnet is created from gatewaySubnetCidr/);
  });
  it("the test VM's derived computer name: 53-character vpcName accepted, 54 refused", () => {
    accepted("dev", { vpcName: "v".repeat(53) });
    refused("dev", { vpcName: "v".repeat(54) }, "vpcName", "v".repeat(54), /computer name ".*-test-azure".*1 to 64 characters \(this is 65\)/);
  });
  it("a connection name whose per-tunnel name is too long is refused (prod derives -c1t1)", () => refused("prod", { connectionName: "c".repeat(76) }, "connectionName", "c".repeat(76), /derives the name "c{76}-c1t1".*1 to 80/));
});

describe("SSH keys", () => {
  it("RSA 2048 and 4096 and ed25519 are accepted", () => {
    accepted("dev", { sshPublicKey: rsaKey(2048) });
    accepted("dev", { sshPublicKey: rsaKey(4096) });
    accepted("dev", { sshPublicKey: ED25519 });
  });
  it("RSA 1024 is refused for Azure", () => {
    const key = rsaKey(1024);
    refused("dev", { sshPublicKey: key }, "sshPublicKey", key, /1024-bit RSA key: Azure Linux VMs need RSA of at least 2048/);
  });
  it("RSA 3072 is refused for AWS key pair import", () => {
    const key = rsaKey(3072);
    refused("dev", { sshPublicKey: key }, "sshPublicKey", key, /3072-bit RSA key: AWS key pair import takes RSA of 1024, 2048, 4096/);
  });
  it("an ECDSA key is refused", () => refused("dev", { sshPublicKey: "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= x" }, "sshPublicKey", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= x", /ecdsa-sha2-nistp256 key: AWS key pair import takes only RSA and ed25519/));
  it("a truncated ed25519 key does not decode", () => {
    const body = Buffer.from(ED25519.split(" ")[1]!, "base64");
    const key = `ssh-ed25519 ${body.subarray(0, body.length - 3).toString("base64")} x`;
    return refused("dev", { sshPublicKey: key }, "sshPublicKey", key, /does not decode/);
  });
  it("a type that lies about its body is refused", () => {
    const key = ED25519.replace("ssh-ed25519", "ssh-rsa");
    return refused("dev", { sshPublicKey: key }, "sshPublicKey", key, /says ssh-rsa but its key body is "ssh-ed25519"/);
  });
});

describe("regions and zones", () => {
  it("a misspelt Azure location is refused with a suggestion", () => refused("dev", { "azure-native:location": "estus" }, "azure-native:location", "estus", /not an Azure location.*did you mean eastus/));
  it("an AWS region that does not exist is refused with suggestions", () => refused("dev", { "aws:region": "us-east-3" }, "aws:region", "us-east-3", /not an AWS region.*did you mean us-east-1/));
  it("catalogued regions are accepted", () => {
    // dev pins its subnet to a us-east-1 zone: move it with the region.
    accepted("dev", { "azure-native:location": "swedencentral", "aws:region": "eu-north-1", awsSubnets: [{ name: "subnet-aws-01", cidr: "10.0.1.0/24", availabilityZone: "eu-north-1a" }] });
  });
  it("a zone that is not the region and one letter is refused", () => refused("prod", { awsSubnets: [{ name: "aa", cidr: "10.30.1.0/24", availabilityZone: "us-east-1-a" }, { name: "bb", cidr: "10.30.2.0/24", availabilityZone: "us-east-1b" }] }, "awsSubnets[0].availabilityZone", "us-east-1-a", /region's code and one letter/));
});

describe("per-connection limits", () => {
  const prefixes = (n: number): string[] => ["172.10.0.0/16", ...Array.from({ length: n - 1 }, (_, i) => `192.168.${i}.0/24`)];
  it("100 VNet prefixes are accepted on a virtual private gateway, 101 refused", () => {
    accepted("dev", { vnetAddressSpace: prefixes(100) });
    refused("dev", { vnetAddressSpace: prefixes(101) }, "vnetAddressSpace", prefixes(101), /101 prefixes.*at most 100 static routes per VPN connection on a virtual private gateway/);
  });
  // AWS's quota page as far as it could be read (docs/constraints.md, "Per connection"): the same
  // 100 on a transit gateway; 101 to 1,000 used to pass there.
  it("100 VNet prefixes are accepted on a transit gateway, 101 refused, naming the setting, the value and the rule", () => {
    const hub = (n: number): string[] => ["10.20.0.0/16", ...Array.from({ length: n - 1 }, (_, i) => `192.168.${i}.0/24`)];
    accepted("prod", { vnetAddressSpace: hub(100) });
    refused("prod", { vnetAddressSpace: hub(101) }, "vnetAddressSpace", hub(101), /lists 101 prefixes, each a route to AWS, but AWS takes at most 100 BGP routes a VPN connection on a transit gateway accepts from the customer gateway/);
  });
  it("policy-based traffic selectors with two VNet prefixes are refused, with one accepted", () => {
    accepted("dev", { ipsec: { usePolicyBasedTrafficSelectors: true } });
    refused("dev", { vnetAddressSpace: prefixes(2), ipsec: { usePolicyBasedTrafficSelectors: true } }, "ipsec.usePolicyBasedTrafficSelectors", true, /single SA pair/);
  });
  it("IKEv1 is accepted with a warning about Azure's rekey", () => {
    const warnings = accepted("dev", { ipsec: { ikeVersion: "ikev1", startupAction: "add", azureConnectionMode: "Default" } });
    assert.ok(warnings.some((w) => w.key === q("ipsec.ikeVersion") && w.value === "ikev1" && /rekey/.test(w.rule)));
  });
});

describe("keyRotation and acknowledgements", () => {
  it("a keyRotation key that is no tunnel id is refused", () => refused("dev", { keyRotation: { c2t1: 1 } }, "keyRotation.c2t1", 1, /names no tunnel.*c1t1, c1t2/));
  it("__proto__ as a keyRotation key is refused, not swallowed", async () => {
    const raw: RawConfig = { ...readStackConfig("dev"), [q("keyRotation")]: JSON.parse('{"__proto__": 3}') as unknown };
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) assert.ok(result.errors.some((e) => e.key === q("keyRotation.__proto__") && e.value === 3 && /names no tunnel/.test(e.rule)), JSON.stringify(result.errors));
    assert.equal((await evaluateStack({ stack: "dev", raw })).resources.length, 0);
  });
  it("a standing acknowledgement on a protected stack warns on every plan", async () => {
    const raw = withConfig(readStackConfig("prod"), { acknowledgeDisruption: ["gatewayGeneration"] });
    const result = validateConfig(raw, "prod");
    assert.equal(result.ok, true);
    const warning = result.warnings.find((w) => w.key === q("acknowledgeDisruption[0]"));
    assert.ok(warning && warning.value === "gatewayGeneration" && /lifts protect from gateway.*for as long as it stands/.test(warning.rule));
    const evaluation = await evaluateStack({ stack: "prod", raw });
    assert.ok(evaluation.warnings.some((w) => w.includes("acknowledgeDisruption[0]") && w.includes("for as long as it stands")));
  });
  it("the same acknowledgement on an unprotected stack does not warn", () => {
    const warnings = accepted("dev", { acknowledgeDisruption: ["gatewayGeneration"] });
    assert.equal(warnings.some((w) => w.key.startsWith(q("acknowledgeDisruption"))), false);
  });
});
