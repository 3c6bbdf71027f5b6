/**
 * Each policy of the pack, called directly (no CLI) with the argument shapes the policy SDK
 * builds: passing and failing inputs, preview-time unknowns, and the violation messages (they must
 * name the resource and the offending value).
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as policySdk from "@pulumi/policy";
import {
  gatewaySku,
  ikev2Only,
  isAnywhere,
  isProductionStack,
  keysFromSecrets,
  keysGenerated,
  noOpenAdminPorts,
  prodProtection,
  RESOURCE_POLICIES,
  stackPolicies,
  strongIpsecCrypto,
  vpnPolicies,
} from "../../policy/policies";
import { UNKNOWN } from "../../policy/values";
import {
  connectionProps,
  gatewayProps,
  GOOD_AZURE_IPSEC_POLICY,
  nsgRule,
  publicIpProps,
  resourceArgs,
  stackResource,
  stackViolationsOf,
  testHostRules,
  TYPES,
  type TestHostRules,
  violationsOf,
  vpnConnectionProps,
} from "./fixtures";

// The type tokens the policies use are checked against the SDK classes once, in tests/unit/types.test.ts.

/** Exactly one message, containing every fragment. */
function assertOneViolation(messages: string[], ...fragments: string[]): void {
  assert.equal(messages.length, 1, `expected exactly one violation, got ${messages.length}:\n${messages.join("\n")}`);
  for (const fragment of fragments) assert.ok(messages[0]!.includes(fragment), `"${messages[0]}" should mention ${fragment}`);
}

function assertNone(messages: string[]): void {
  assert.deepEqual(messages, [], `expected no violation, got:\n${messages.join("\n")}`);
}

const vpn = (overrides: Record<string, unknown> = {}, secretPaths?: readonly string[]) =>
  resourceArgs(TYPES.vpnConnection, "tunnels-c1-vpn", vpnConnectionProps(overrides), secretPaths === undefined ? {} : { secretPaths });
const conn = (overrides: Record<string, unknown> = {}, secretPaths?: readonly string[]) =>
  resourceArgs(TYPES.connection, "tunnels-c1-c1t1-connection", connectionProps(overrides), secretPaths === undefined ? {} : { secretPaths });
const azurePolicy = (overrides: Record<string, unknown>) => conn({ ipsecPolicies: [{ ...GOOD_AZURE_IPSEC_POLICY, ...overrides }] });

/** The SDK's own unknown-checking proxy (exported at runtime, not in its typings). */
function sdkUnknownCheckingProxy(props: Record<string, unknown>): Record<string, unknown> {
  const wrap: unknown = Reflect.get(policySdk, "unknownCheckingProxy");
  assert.equal(typeof wrap, "function", "@pulumi/policy no longer exports unknownCheckingProxy");
  const proxied: unknown = Reflect.apply(wrap as (...args: unknown[]) => unknown, undefined, [props]);
  assert.ok(proxied !== null && typeof proxied === "object");
  return proxied as Record<string, unknown>;
}

describe("the pack", () => {
  it("has the policies the pipeline documents, all mandatory, with descriptions", () => {
    const policies = vpnPolicies(() => "dev");
    assert.deepEqual(
      policies.map((p) => p.name),
      ["ikev2-only", "strong-ipsec-crypto", "gateway-sku", "keys-from-secrets", "no-open-admin-ports", "keys-generated", "prod-protection", "prod-monitoring"],
    );
    for (const policy of policies) {
      assert.equal(policy.enforcementLevel, "mandatory", policy.name);
      assert.ok(policy.description.length > 20, `${policy.name} needs a description`);
    }
    assert.equal(RESOURCE_POLICIES.length + stackPolicies().length, policies.length);
  });

  it("ignores resource types it has no rule for", () => {
    const args = resourceArgs(TYPES.vpc, "aws-vpc", { cidrBlock: "10.0.0.0/16" });
    for (const policy of RESOURCE_POLICIES) assertNone(violationsOf(policy, args));
  });

  it("never throws on preview-time unknowns behind the SDK's proxy (which throws on reading them)", () => {
    const proxied = sdkUnknownCheckingProxy(vpnConnectionProps({ tunnel1PresharedKey: UNKNOWN, tunnel2IkeVersions: UNKNOWN }));
    assert.throws(() => proxied["tunnel1PresharedKey"], /can't be known during preview/);
    const args = resourceArgs(TYPES.vpnConnection, "tunnels-c1-vpn", proxied);
    for (const policy of RESOURCE_POLICIES) assertNone(violationsOf(policy, args));
  });
});

describe("ikev2-only", () => {
  it("passes the program's AWS VPN connection and Azure connection", () => {
    assertNone(violationsOf(ikev2Only, vpn()));
    assertNone(violationsOf(ikev2Only, conn()));
  });

  it("refuses an AWS tunnel offering IKEv1, naming the resource, the property and the value", () => {
    assertOneViolation(violationsOf(ikev2Only, vpn({ tunnel2IkeVersions: ["ikev1", "ikev2"] })), 'VpnConnection "tunnels-c1-vpn"', "tunnel2IkeVersions", '["ikev1","ikev2"]');
    assertOneViolation(violationsOf(ikev2Only, vpn({ tunnel1IkeVersions: ["ikev1"] })), "tunnel1IkeVersions", '["ikev1"]');
    assertOneViolation(violationsOf(ikev2Only, vpn({ tunnel1IkeVersions: [] })), "tunnel1IkeVersions", "[]");
  });

  it("refuses an AWS tunnel without IkeVersions (AWS would offer both)", () => {
    assertOneViolation(violationsOf(ikev2Only, vpn({ tunnel1IkeVersions: undefined })), "tunnel1IkeVersions is not set");
  });

  it("refuses an Azure connection on IKEv1 or without an explicit protocol", () => {
    assertOneViolation(violationsOf(ikev2Only, conn({ connectionProtocol: "IKEv1" })), 'VirtualNetworkGatewayConnection "tunnels-c1-c1t1-connection"', '"IKEv1"');
    assertOneViolation(violationsOf(ikev2Only, conn({ connectionProtocol: undefined })), "connectionProtocol is not set");
  });

  it("leaves unknowns to the update and ExpressRoute connections alone", () => {
    assertNone(violationsOf(ikev2Only, vpn({ tunnel1IkeVersions: UNKNOWN })));
    assertNone(violationsOf(ikev2Only, conn({ connectionProtocol: UNKNOWN })));
    assertNone(violationsOf(ikev2Only, conn({ connectionType: "ExpressRoute", connectionProtocol: undefined })));
  });
});

describe("strong-ipsec-crypto", () => {
  it("passes the program's default profile on both clouds", () => {
    assertNone(violationsOf(strongIpsecCrypto, vpn()));
    assertNone(violationsOf(strongIpsecCrypto, conn()));
  });

  it("accepts every strong DH group (14-21, 24)", () => {
    assertNone(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase1DhGroupNumbers: [14, 15, 16, 17, 18, 19, 20, 21, 24] })));
  });

  it("refuses weak AWS DH groups (2, 5, 22, 23 and anything below 14)", () => {
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase1DhGroupNumbers: [2, 14] })), 'VpnConnection "tunnels-c1-vpn"', "tunnel1Phase1DhGroupNumbers", "[2,14]", "weak DH group(s) 2");
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel2Phase2DhGroupNumbers: [5] })), "tunnel2Phase2DhGroupNumbers", "[5]");
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase2DhGroupNumbers: [20, 22, 23] })), "22, 23");
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase1DhGroupNumbers: [13] })), "13");
  });

  it("refuses AWS tunnels whose DH groups or integrity are left to AWS's defaults (which include 2 and SHA1)", () => {
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel2Phase1DhGroupNumbers: undefined })), "tunnel2Phase1DhGroupNumbers is not set");
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase2DhGroupNumbers: [] })), "tunnel1Phase2DhGroupNumbers is not set", "2 and 5");
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase2IntegrityAlgorithms: undefined })), "tunnel1Phase2IntegrityAlgorithms is not set", "SHA1");
  });

  it("refuses SHA1 integrity and non-AES ciphers on AWS", () => {
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase1IntegrityAlgorithms: ["SHA2-384", "SHA1"] })), "tunnel1Phase1IntegrityAlgorithms", '["SHA2-384","SHA1"]', "includes SHA1");
    assertOneViolation(violationsOf(strongIpsecCrypto, vpn({ tunnel2Phase2EncryptionAlgorithms: ["3DES"] })), "tunnel2Phase2EncryptionAlgorithms", "3DES", "no DES/3DES");
  });

  it("accepts AWS's default ciphers (all AES) when encryption is not listed", () => {
    assertNone(violationsOf(strongIpsecCrypto, vpn({ tunnel1Phase1EncryptionAlgorithms: undefined })));
  });

  it("refuses an Azure connection without a custom IPsec policy (Azure's defaults have no PFS) or with two", () => {
    assertOneViolation(violationsOf(strongIpsecCrypto, conn({ ipsecPolicies: undefined })), 'VirtualNetworkGatewayConnection "tunnels-c1-c1t1-connection"', "no PFS");
    assertOneViolation(violationsOf(strongIpsecCrypto, conn({ ipsecPolicies: [] })), "ipsecPolicies is not set");
    assertOneViolation(violationsOf(strongIpsecCrypto, conn({ ipsecPolicies: [GOOD_AZURE_IPSEC_POLICY, GOOD_AZURE_IPSEC_POLICY] })), "2 entries", "exactly one");
  });

  it("refuses weak Azure DH/PFS groups, ciphers and integrity, naming field and value", () => {
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ dhGroup: "DHGroup2" })), "ipsecPolicies[0].dhGroup", '"DHGroup2"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ dhGroup: "None" })), "dhGroup", '"None"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ pfsGroup: "None" })), "ipsecPolicies[0].pfsGroup", '"None"', "no PFS");
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ pfsGroup: "PFS1" })), "pfsGroup", '"PFS1"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ pfsGroup: "PFS2" })), "pfsGroup", '"PFS2"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ ikeEncryption: "DES3" })), "ikeEncryption", '"DES3"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ ipsecEncryption: "DES" })), "ipsecEncryption", '"DES"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ ipsecEncryption: "None" })), "ipsecEncryption", '"None"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ ikeIntegrity: "SHA1" })), "ikeIntegrity", '"SHA1"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ ipsecIntegrity: "MD5", ipsecEncryption: "AES256" })), "ipsecIntegrity", '"MD5"');
    assertOneViolation(violationsOf(strongIpsecCrypto, azurePolicy({ pfsGroup: undefined })), "pfsGroup is not set");
  });

  it("accepts the other strong Azure values the program can map to", () => {
    assertNone(violationsOf(strongIpsecCrypto, azurePolicy({ dhGroup: "DHGroup14", pfsGroup: "PFS2048", ikeIntegrity: "SHA256", ipsecEncryption: "AES128", ipsecIntegrity: "SHA256" })));
    assertNone(violationsOf(strongIpsecCrypto, azurePolicy({ dhGroup: "DHGroup24", pfsGroup: "PFS24", ikeEncryption: "GCMAES128" })));
  });
});

describe("gateway-sku", () => {
  const gateway = (sku: unknown) => resourceArgs(TYPES.gateway, "azure-gateway", gatewayProps(sku));
  const pip = (overrides: Record<string, unknown>) => resourceArgs(TYPES.publicIp, "azure-pip-1", publicIpProps(overrides));

  it("passes AZ gateway SKUs and Standard static public IPs", () => {
    for (const sku of ["VpnGw1AZ", "VpnGw2AZ", "VpnGw5AZ"]) assertNone(violationsOf(gatewaySku, gateway(sku)));
    assertNone(violationsOf(gatewaySku, pip({})));
  });

  it("refuses non-AZ and Basic gateway SKUs, naming the value and the replacement", () => {
    assertOneViolation(violationsOf(gatewaySku, gateway("VpnGw1")), 'VirtualNetworkGateway "azure-gateway"', '"VpnGw1"', "VpnGw1AZ");
    assertOneViolation(violationsOf(gatewaySku, gateway("Basic")), '"Basic"');
    assertOneViolation(violationsOf(gatewaySku, gateway(undefined)), "sku.name is not set");
  });

  it("refuses Basic or SKU-less public IPs and dynamic allocation", () => {
    assertOneViolation(violationsOf(gatewaySku, pip({ sku: { name: "Basic" } })), 'PublicIPAddress "azure-pip-1"', '"Basic"');
    assertOneViolation(violationsOf(gatewaySku, pip({ sku: undefined })), "defaults to Basic");
    assertOneViolation(violationsOf(gatewaySku, pip({ publicIPAllocationMethod: "Dynamic" })), "publicIPAllocationMethod", '"Dynamic"');
    assertOneViolation(violationsOf(gatewaySku, pip({ publicIPAllocationMethod: undefined })), "defaults to Dynamic");
  });

  it("leaves unknown SKUs to the update", () => {
    assertNone(violationsOf(gatewaySku, resourceArgs(TYPES.gateway, "azure-gateway", { sku: UNKNOWN })));
  });
});

describe("keys-from-secrets", () => {
  const AWS_KEYS = ["tunnel1PresharedKey", "tunnel2PresharedKey"];

  it("passes set keys that are secret", () => {
    assertNone(violationsOf(keysFromSecrets, vpn({}, AWS_KEYS)));
    assertNone(violationsOf(keysFromSecrets, conn({}, ["sharedKey"])));
  });

  it("under the CLI (secretness unknown) checks that keys are set", () => {
    assertNone(violationsOf(keysFromSecrets, vpn()));
    assertNone(violationsOf(keysFromSecrets, conn()));
    assertOneViolation(violationsOf(keysFromSecrets, conn({ sharedKey: undefined })), 'VirtualNetworkGatewayConnection "tunnels-c1-c1t1-connection"', "sharedKey is not set");
  });

  it("accepts a key still being computed at preview (unknown)", () => {
    assertNone(violationsOf(keysFromSecrets, vpn({ tunnel1PresharedKey: UNKNOWN, tunnel2PresharedKey: UNKNOWN }, AWS_KEYS)));
  });

  it("refuses a missing or empty key", () => {
    assertOneViolation(violationsOf(keysFromSecrets, vpn({ tunnel2PresharedKey: undefined }, ["tunnel1PresharedKey"])), 'VpnConnection "tunnels-c1-vpn"', "tunnel2PresharedKey is not set");
    assertOneViolation(violationsOf(keysFromSecrets, conn({ sharedKey: "" }, [])), "sharedKey is not set");
  });

  it("refuses a plain (non-secret) key when secretness is known, without printing the key", () => {
    const messages = violationsOf(keysFromSecrets, conn({}, []));
    assertOneViolation(messages, "sharedKey is a plain (non-secret) input");
    assert.ok(!messages[0]!.includes(String(connectionProps()["sharedKey"])), "the message must not contain the key");
    assertOneViolation(violationsOf(keysFromSecrets, vpn({}, ["tunnel1PresharedKey"])), "tunnel2PresharedKey is a plain");
  });
});

describe("keys-generated", () => {
  const password = (name: string) => stackResource(TYPES.password, name);
  const vpnResource = (deps: Record<string, ReturnType<typeof stackResource>[]>) =>
    stackResource(TYPES.vpnConnection, "tunnels-c1-vpn", vpnConnectionProps(), { propertyDependencies: deps });
  const connResource = (deps: Record<string, ReturnType<typeof stackResource>[]>) =>
    stackResource(TYPES.connection, "tunnels-c1-c1t1-connection", connectionProps(), { propertyDependencies: deps });

  it("passes keys derived from RandomPasswords", () => {
    const k1 = password("tunnels-c1-c1t1-key");
    const k2 = password("tunnels-c1-c1t2-key");
    const outcome = stackViolationsOf(keysGenerated, [k1, k2, vpnResource({ tunnel1PresharedKey: [k1], tunnel2PresharedKey: [k2] }), connResource({ sharedKey: [k1] })]);
    assert.deepEqual(outcome.violations, []);
  });

  it("refuses a key with no dependency (a literal or config value), with the resource's URN", () => {
    const k1 = password("tunnels-c1-c1t1-key");
    const c = connResource({});
    const outcome = stackViolationsOf(keysGenerated, [k1, vpnResource({ tunnel1PresharedKey: [k1], tunnel2PresharedKey: [k1] }), c]);
    assert.equal(outcome.violations.length, 1);
    assert.equal(outcome.violations[0]!.urn, c.urn);
    assert.match(outcome.violations[0]!.message, /VirtualNetworkGatewayConnection "tunnels-c1-c1t1-connection": sharedKey is derived from nothing/);
  });

  it("refuses a key derived from something other than a RandomPassword, naming it", () => {
    const other = stackResource("random:index/randomString:RandomString", "not-a-password");
    const outcome = stackViolationsOf(keysGenerated, [other, vpnResource({ tunnel1PresharedKey: [other], tunnel2PresharedKey: [other] })]);
    assert.equal(outcome.violations.length, 2);
    assert.match(outcome.violations[0]!.message, /tunnel1PresharedKey is derived from RandomString "not-a-password"/);
  });

  it("leaves missing keys to keys-from-secrets", () => {
    const c = stackResource(TYPES.connection, "c", connectionProps({ sharedKey: undefined }));
    delete c.props["sharedKey"];
    assert.deepEqual(stackViolationsOf(keysGenerated, [c]).violations, []);
  });
});

describe("no-open-admin-ports", () => {
  let hosts: TestHostRules;
  before(async () => {
    hosts = await testHostRules();
  });
  const sg = (...extra: Record<string, unknown>[]) => resourceArgs(TYPES.securityGroup, "test-sg", hosts.securityGroupProps(extra));
  const nsg = (...extra: Record<string, unknown>[]) => resourceArgs(TYPES.nsg, "test-nsg", hosts.nsgProps(extra));

  it("passes the test hosts' rules (SSH from the admin CIDR only, ICMP from the other cloud)", () => {
    assertNone(violationsOf(noOpenAdminPorts, sg()));
    assertNone(violationsOf(noOpenAdminPorts, nsg()));
  });

  it("refuses SSH or RDP from anywhere in a security group, naming rule, ports and source", () => {
    assertOneViolation(violationsOf(noOpenAdminPorts, sg({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] })), 'SecurityGroup "test-sg"', "ingress[2]", "22", "0.0.0.0/0");
    assertOneViolation(violationsOf(noOpenAdminPorts, sg({ protocol: "tcp", fromPort: 3000, toPort: 4000, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] })), "3389", "3000", "0.0.0.0/0");
    assertOneViolation(violationsOf(noOpenAdminPorts, sg({ protocol: "6", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] })), "22, 3389", "::/0");
    assertOneViolation(violationsOf(noOpenAdminPorts, sg({ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] })), '"-1"', "22, 3389");
  });

  it("accepts other ports and protocols from anywhere, and admin ports from a network", () => {
    assertNone(violationsOf(noOpenAdminPorts, sg({ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] })));
    assertNone(violationsOf(noOpenAdminPorts, sg({ protocol: "udp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] })));
    assertNone(violationsOf(noOpenAdminPorts, sg({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] })));
  });

  it("checks standalone AWS rules (aws.vpc.SecurityGroupIngressRule, aws.ec2.SecurityGroupRule ingress only)", () => {
    const ingressRule = (props: Record<string, unknown>) => resourceArgs(TYPES.securityGroupIngressRule, "ssh-rule", props);
    assertOneViolation(violationsOf(noOpenAdminPorts, ingressRule({ ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" })), 'SecurityGroupIngressRule "ssh-rule"', "22, 3389");
    assertOneViolation(violationsOf(noOpenAdminPorts, ingressRule({ ipProtocol: "tcp", fromPort: 3389, toPort: 3389, cidrIpv6: "::/0" })), "3389", "::/0");
    assertNone(violationsOf(noOpenAdminPorts, ingressRule({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "198.51.100.0/24" })));
    const rule = (type: string) => resourceArgs(TYPES.securityGroupRule, "legacy-rule", { type, protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] });
    assertOneViolation(violationsOf(noOpenAdminPorts, rule("ingress")), 'SecurityGroupRule "legacy-rule"');
    assertNone(violationsOf(noOpenAdminPorts, rule("egress")));
  });

  it("refuses NSG rules admitting SSH/RDP from *, Internet, Any or a /0, including ranges and wildcards", () => {
    assertOneViolation(violationsOf(noOpenAdminPorts, nsg(nsgRule("*", "22"))), 'NetworkSecurityGroup "test-nsg"', "securityRules[2] (rule-under-test)", '"*"', "22");
    assertOneViolation(violationsOf(noOpenAdminPorts, nsg(nsgRule("Internet", "3389"))), '"Internet"', "3389");
    assertOneViolation(violationsOf(noOpenAdminPorts, nsg(nsgRule(["10.0.0.0/8", "0.0.0.0/0"], ["80", "20-25"]))), '"0.0.0.0/0"', '"20-25"');
    assertOneViolation(violationsOf(noOpenAdminPorts, nsg(nsgRule("Any", "*", { protocol: "*" }))), "22, 3389");
    assertOneViolation(violationsOf(noOpenAdminPorts, resourceArgs(TYPES.securityRule, "rdp", nsgRule("::/0", "3389"))), 'SecurityRule "rdp"', "3389");
  });

  it("accepts NSG rules that deny, are outbound, are not TCP, or come from a network", () => {
    assertNone(violationsOf(noOpenAdminPorts, nsg(nsgRule("*", "22", { access: "Deny" }))));
    assertNone(violationsOf(noOpenAdminPorts, nsg(nsgRule("*", "22", { direction: "Outbound" }))));
    assertNone(violationsOf(noOpenAdminPorts, nsg(nsgRule("*", "22", { protocol: "Udp" }))));
    assertNone(violationsOf(noOpenAdminPorts, nsg(nsgRule("VirtualNetwork", "22"))));
    assertNone(violationsOf(noOpenAdminPorts, nsg(nsgRule("*", "443"))));
  });

  it("leaves unknown sources to the update", () => {
    assertNone(violationsOf(noOpenAdminPorts, sg({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [UNKNOWN] })));
    assertNone(violationsOf(noOpenAdminPorts, nsg(nsgRule(UNKNOWN, "22"))));
  });

  it("knows what 'anywhere' means", () => {
    for (const s of ["0.0.0.0/0", "::/0", "::0/0", "*", "Internet", "any", " 0.0.0.0/0 "]) assert.ok(isAnywhere(s), s);
    for (const s of ["10.0.0.0/8", "0.0.0.0/1", "VirtualNetwork", "203.0.113.10/32", "AzureLoadBalancer"]) assert.ok(!isAnywhere(s), s);
  });
});

describe("prod-protection", () => {
  const protectedSet = (protect: boolean, stack = "prod") => [
    stackResource(TYPES.gateway, "azure-gateway", {}, { protect, stack }),
    stackResource(TYPES.publicIp, "azure-pip-1", {}, { protect, stack }),
    stackResource(TYPES.vpnConnection, "tunnels-c1-vpn", {}, { protect, stack }),
    stackResource(TYPES.customerGateway, "aws-cgw-1", {}, { protect, stack }),
    stackResource(TYPES.vnet, "azure-vnet", {}, { protect: false, stack }),
  ];
  const policyFor = (stack: string) => prodProtection({ stack: () => stack });

  it("decides production by stack name", () => {
    for (const s of ["prod", "prod-eu", "production", "PROD", "acme/azure-aws-vpn/prod"]) assert.ok(isProductionStack(s), s);
    for (const s of ["dev", "staging", "preprod", "", "prod/dev"]) assert.ok(!isProductionStack(s), s);
  });

  it("passes a production stack whose slow, address-bearing resources are protected", () => {
    const outcome = stackViolationsOf(policyFor("prod"), protectedSet(true));
    assert.deepEqual(outcome.violations, []);
    assert.equal(outcome.notApplicable, undefined);
  });

  it("refuses each unprotected gateway, public IP, VPN connection and customer gateway in prod, by URN", () => {
    const resources = protectedSet(false);
    const outcome = stackViolationsOf(policyFor("prod"), resources);
    assert.deepEqual(outcome.violations.map((v) => v.urn), resources.slice(0, 4).map((r) => r.urn));
    assert.match(outcome.violations[0]!.message, /VirtualNetworkGateway "azure-gateway" is not protected in production stack "prod"/);
  });

  it("refuses test hosts in prod", () => {
    const vm = stackResource(TYPES.vm, "test-azure-vm", {}, { stack: "prod" });
    const instance = stackResource(TYPES.instance, "test-aws-vm", {}, { stack: "prod" });
    const outcome = stackViolationsOf(policyFor("prod-eu"), [...protectedSet(true, "prod-eu"), vm, instance]);
    assert.deepEqual(outcome.violations.map((v) => v.urn), [vm.urn, instance.urn]);
    assert.match(outcome.violations[1]!.message, /Instance "test-aws-vm" is a test host; production stack "prod-eu"/);
  });

  it("is not applicable to other stacks, test hosts and unprotected resources included", () => {
    for (const stack of ["dev", "staging", "preprod"]) {
      const outcome = stackViolationsOf(policyFor(stack), [...protectedSet(false, stack), stackResource(TYPES.instance, "test-aws-vm", {}, { stack })]);
      assert.deepEqual(outcome.violations, [], stack);
      assert.match(outcome.notApplicable ?? "", new RegExp(`stack "${stack}" is not a production stack`));
    }
  });

  it("exempts the resources its policy config lists (an acknowledged disruption), and only those", () => {
    const outcome = stackViolationsOf(policyFor("prod"), protectedSet(false), { exempt: ["azure-gateway", urnOf(TYPES.customerGateway, "aws-cgw-1", "prod")] });
    assert.deepEqual(outcome.violations.map((v) => v.urn), [urnOf(TYPES.publicIp, "azure-pip-1", "prod"), urnOf(TYPES.vpnConnection, "tunnels-c1-vpn", "prod")]);
  });

  it("fails closed when the stack name is unknown", () => {
    const outcome = stackViolationsOf(policyFor(""), protectedSet(true));
    assert.equal(outcome.violations.length, 1);
    assert.match(outcome.violations[0]!.message, /cannot tell which stack/);
  });
});

function urnOf(type: string, name: string, stack: string): string {
  return `urn:pulumi:${stack}::azure-aws-vpn::${type}::${name}`;
}
