/**
 * Spoke inputs the clouds (or Pulumi) refuse, refused by validation before anything is created,
 * with the setting, the value and the rule: once through the stack config (Pulumi.scale.yaml with
 * one change) and once through Vpn's args (the same config as VpnArgs). One rule, both paths.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateConfig, type ConfigIssue, type RawConfig } from "../../infra/config";
import { validateVpnArgs, vpnArgsFromConfig, VpnArgsError, type VpnArgs } from "../../infra/components/vpn";
import { readStackConfig, validated, withConfig } from "../helpers";

const scale = readStackConfig("scale");
const scaleArgs = vpnArgsFromConfig(validated(scale, "scale"));
const OTHER_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";
const existingVnet = (subscription: string, name = "vnet-far"): string => `/subscriptions/${subscription}/resourceGroups/rg-far/providers/Microsoft.Network/virtualNetworks/${name}`;

/** The errors the stack config path reports, as `key: rule`. */
function configErrors(changes: Record<string, unknown>, raw: RawConfig = scale): ConfigIssue[] {
  const r = validateConfig(withConfig(raw, changes), "scale");
  return r.ok ? [] : r.errors;
}

/** The errors Vpn reports for the same change to its args. */
function argsErrors(changes: Partial<VpnArgs>): ConfigIssue[] {
  try {
    validateVpnArgs({ ...scaleArgs, ...changes }, "scale");
  } catch (err) {
    assert.ok(err instanceof VpnArgsError, String(err));
    return err.issues;
  }
  return [];
}

/** Both paths refuse `changes` at `key` with a rule matching `rule`, naming the value. */
function refusedBothWays(changes: Record<string, unknown>, key: string, rule: RegExp, value?: unknown): void {
  const fromConfig = configErrors(changes).find((i) => i.key === `azure-aws-vpn:${key}` && rule.test(i.rule));
  assert.ok(fromConfig, `config path: no ${key} matching ${rule}; got ${JSON.stringify(configErrors(changes))}`);
  const fromArgs = argsErrors(changes as Partial<VpnArgs>).find((i) => i.key === `VpnArgs.${key}` && rule.test(i.rule));
  assert.ok(fromArgs, `VpnArgs path: no ${key} matching ${rule}; got ${JSON.stringify(argsErrors(changes as Partial<VpnArgs>))}`);
  if (value !== undefined) {
    assert.deepEqual(fromConfig.value, value);
    assert.deepEqual(fromArgs.value, value);
  }
}

const createdAws = (name: string, subnets: { name: string; cidr: string; availabilityZone?: string }[], cidr = "10.40.0.0/16") => ({ name, cidr, subnets });
const createdAzure = (name: string, addressSpace = ["10.41.0.0/16"], subnets?: { name: string; cidr: string }[]) => ({ name, addressSpace, ...(subnets ? { subnets } : {}) });

describe("spokes refused by both paths", () => {
  it("the scale stack and its args stay valid", () => {
    assert.deepEqual(configErrors({}), []);
    assert.deepEqual(argsErrors({}), []);
  });

  it("an Azure spoke named like the hub VNet in another letter case is the hub", () => {
    refusedBothWays({ azureSpokes: [createdAzure("VNET-HUB")] }, "azureSpokes[0].name", /is the hub VNet's name \(vnetName = "vnet-hub"\) in Azure's case-insensitive comparison/, "VNET-HUB");
  });

  it("two Azure spokes whose names differ only in case", () => {
    refusedBothWays({ azureSpokes: [createdAzure("vnet-a"), createdAzure("VNET-A", ["10.42.0.0/16"])] }, "azureSpokes[1].name", /repeats azureSpokes\[0\]'s name "vnet-a" \(Azure compares names case-insensitively\)/, "VNET-A");
  });

  it("two subnets of one AWS spoke with the same name (one URN for two resources)", () => {
    const subnets = [{ name: "app", cidr: "10.40.1.0/24", availabilityZone: "us-east-1a" }, { name: "app", cidr: "10.40.2.0/24", availabilityZone: "us-east-1b" }];
    refusedBothWays({ awsSpokes: [createdAws("vpc-x", subnets)] }, "awsSpokes[0].subnets[1].name", /repeats subnets\[0\]'s name; subnet names must be unique within a spoke/, "app");
  });

  it("two subnets of one Azure spoke whose names differ only in case", () => {
    refusedBothWays({ azureSpokes: [createdAzure("vnet-x", ["10.41.0.0/16"], [{ name: "snet-a", cidr: "10.41.1.0/24" }, { name: "SNET-A", cidr: "10.41.2.0/24" }])] }, "azureSpokes[0].subnets[1].name", /must be unique within a VNet, and Azure compares them case-insensitively/, "SNET-A");
  });

  it("Azure spoke subnet names under Azure's subnet name rule, as the hub's", () => {
    refusedBothWays({ azureSpokes: [createdAzure("vnet-x", ["10.41.0.0/16"], [{ name: "snet-a-", cidr: "10.41.1.0/24" }])] }, "azureSpokes[0].subnets[0].name", /an Azure subnet name must be .*end with a letter, digit or '_'/, "snet-a-");
    refusedBothWays({ azureSpokes: [createdAzure("vnet-x", ["10.41.0.0/16"], [{ name: "x".repeat(81), cidr: "10.41.1.0/24" }])] }, "azureSpokes[0].subnets[0].name", /1 to 80 characters \(this is 81\)/);
  });

  it("the same existing VNet twice (ids compare case-insensitively)", () => {
    const id = existingVnet("00000000-0000-0000-0000-000000000000");
    refusedBothWays(
      { azureSpokes: [{ name: "far-1", addressSpace: ["10.41.0.0/16"], vnetId: id }, { name: "far-2", addressSpace: ["10.42.0.0/16"], vnetId: id.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/") }] },
      "azureSpokes[1].vnetId",
      /is already azureSpokes\[0\]\.vnetId.*Azure refuses a second peering/,
    );
  });

  it("derived peering names over Azure's 80 characters", () => {
    const name = `vnet-${"s".repeat(59)}`; // 64: a valid VNet name; vnet-hub-to-<64> is 76, <64>-to-vnet-hub 76
    assert.deepEqual(configErrors({ azureSpokes: [createdAzure(name)] }), []);
    const longer = { vnetName: "vnet-hub-longer", azureSpokes: [createdAzure(name)] }; // 64 + 4 + 15 = 83
    refusedBothWays(longer, "azureSpokes[0].name", /derives the peering name "vnet-hub-longer-to-vnet-s+".*an Azure virtual network peering name must be 1 to 80 characters \(this is 83\)/, name);
  });

  it("link-local and multicast ranges, refused for spokes as for the hub", () => {
    refusedBothWays({ azureSpokes: [createdAzure("vnet-x", ["169.254.0.0/16"])] }, "azureSpokes[0].addressSpace[0]", /overlaps 169\.254\.0\.0\/16 \(link-local\)/, "169.254.0.0/16");
    refusedBothWays({ azureSpokes: [createdAzure("vnet-x", ["224.0.0.0/16"])] }, "azureSpokes[0].addressSpace[0]", /overlaps 224\.0\.0\.0\/4 \(multicast\)/, "224.0.0.0/16");
    const awsLinkLocal = createdAws("vpc-x", [{ name: "sub-a", cidr: "169.254.1.0/24", availabilityZone: "us-east-1a" }], "169.254.0.0/16");
    refusedBothWays({ awsSpokes: [awsLinkLocal] }, "awsSpokes[0].cidr", /overlaps 169\.254\.0\.0\/16 \(link-local/, "169.254.0.0/16");
    const awsMulticast = createdAws("vpc-x", [{ name: "sub-a", cidr: "225.0.1.0/24", availabilityZone: "us-east-1a" }], "225.0.0.0/16");
    refusedBothWays({ awsSpokes: [awsMulticast] }, "awsSpokes[0].cidr", /overlaps 224\.0\.0\.0\/4 \(multicast\)/, "225.0.0.0/16");
  });

  it("an existing spoke's route tables named like another spoke (two routes with one URN)", () => {
    const existing = { name: "vpc-e", cidr: "10.40.0.0/16", vpcId: "vpc-0123456789abcdef2", subnetIds: ["subnet-0123456789abcdef2"], routeTableIds: ["rtb-0123456789abcdef2"] };
    const created = createdAws("vpc-e-rt1", [{ name: "sub-a", cidr: "10.42.1.0/24", availabilityZone: "us-east-1a" }], "10.42.0.0/16");
    refusedBothWays({ awsSpokes: [existing, created] }, "awsSpokes[1].name", /would be named "vpc-e-rt1", as awsSpokes\[0\]'s are/, "vpc-e-rt1");
  });

  // Not a refusal any more: the spoke-side peering goes through an explicit provider for the
  // spoke's subscription (tests/components/cross-subscription-spokes.test.ts).
  it("an existing VNet in another subscription than the one the stack config names is accepted by both paths", () => {
    const spoke = { name: "vnet-far", addressSpace: ["10.41.0.0/16"], vnetId: existingVnet(OTHER_SUBSCRIPTION) };
    const named = withConfig(scale, {});
    named["azure-native:subscriptionId"] = "00000000-0000-0000-0000-000000000000";
    assert.deepEqual(configErrors({ azureSpokes: [spoke] }, named), []);
    assert.deepEqual(configErrors({ azureSpokes: [spoke] }), []);
    assert.deepEqual(argsErrors({ azureSpokes: [spoke] }), []);
  });
});
