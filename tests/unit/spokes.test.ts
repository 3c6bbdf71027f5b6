/** Spoke validation: address spaces disjoint across both clouds, BGP and a transit gateway, route counts, peering rules. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { validateConfig, type ConfigIssue } from "../../infra/config";
import { parseVnetId, routeCounts } from "../../infra/spokes";
import { readStackConfig, withConfig } from "../helpers";

const scale = readStackConfig("scale");
const result = (changes: Record<string, unknown>) => validateConfig(withConfig(scale, changes), "scale");
const errors = (changes: Record<string, unknown>): ConfigIssue[] => {
  const r = result(changes);
  return r.ok ? [] : r.errors;
};
const has = (issues: ConfigIssue[], key: string, rule: RegExp): boolean => issues.some((i) => i.key === `azure-aws-vpn:${key}` && rule.test(i.rule));
const created = { name: "vpc-x", cidr: "10.40.0.0/16", subnets: [{ name: "x-a", cidr: "10.40.1.0/24", availabilityZone: "us-east-1a" }] };
const vnet = { name: "vnet-x", addressSpace: ["10.41.0.0/16"] };

describe("spokes: the committed scale stack", () => {
  it("validates with spokes on both sides, large tunnels and BGP, without warnings", () => {
    const r = validateConfig(scale, "scale");
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.equal(r.config.awsSpokes.length, 2);
    assert.equal(r.config.azureSpokes.length, 2);
    assert.deepEqual(r.warnings, []);
  });
});

describe("spokes: validation", () => {
  it("need BGP", () => {
    const found = errors({ routing: "static", awsAttachment: "vgw", awsSpokes: [], tunnelBandwidth: "standard" });
    assert.ok(has(found, "azureSpokes", /spokes need routing: bgp/), JSON.stringify(found));
  });

  it("AWS spokes need a transit gateway", () => {
    assert.ok(has(errors({ awsAttachment: "vgw", tunnelBandwidth: "standard" }), "awsSpokes", /attach to a transit gateway: set awsAttachment: tgw/));
  });

  it("every address space disjoint across hub, spokes and both clouds", () => {
    assert.ok(has(errors({ awsSpokes: [{ ...created, cidr: "10.20.0.0/16", subnets: [{ name: "x-a", cidr: "10.20.1.0/24", availabilityZone: "us-east-1a" }] }] }), "awsSpokes[0].cidr", /overlaps the hub VNet/));
    assert.ok(has(errors({ azureSpokes: [{ ...vnet, addressSpace: ["10.31.128.0/17"] }] }), "azureSpokes[0].addressSpace[0]", /overlaps AWS spoke vpc-spoke-app/));
    assert.ok(has(errors({ azureSpokes: [vnet, { ...vnet, name: "vnet-y" }] }), "azureSpokes[1].addressSpace[0]", /overlaps Azure spoke vnet-x/));
    assert.ok(has(errors({ azureSpokes: [{ ...vnet, addressSpace: ["10.30.0.0/24"] }] }), "azureSpokes[0].addressSpace[0]", /overlaps the hub VPC/));
  });

  it("created AWS spokes: subnets inside the CIDR, one per zone, zones required", () => {
    const found = errors({ awsSpokes: [{ ...created, subnets: [{ name: "sa", cidr: "10.50.1.0/24", availabilityZone: "us-east-1a" }, { name: "sb", cidr: "10.40.2.0/24", availabilityZone: "us-east-1a" }, { name: "sc", cidr: "10.40.3.0/24" }] }] });
    assert.ok(has(found, "awsSpokes[0].subnets[0].cidr", /must lie inside the spoke's CIDR/));
    assert.ok(has(found, "awsSpokes[0].subnets[1].availabilityZone", /repeats subnets\[0\]'s zone/));
    assert.ok(has(found, "awsSpokes[0].subnets[2].availabilityZone", /is required/));
    assert.ok(has(errors({ awsSpokes: [{ name: "vpc-x", cidr: "10.40.0.0/16" }] }), "awsSpokes[0].subnets", /at least one subnet/));
  });

  it("existing AWS spokes: well-formed ids, subnet ids required, one attachment per VPC", () => {
    const existing = { name: "vpc-e", cidr: "10.40.0.0/16", vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"] };
    assert.deepEqual(errors({ awsSpokes: [existing] }), []);
    assert.ok(has(errors({ awsSpokes: [{ ...existing, vpcId: "vpc-xyz" }] }), "awsSpokes[0].vpcId", /must be a VPC id/));
    assert.ok(has(errors({ awsSpokes: [{ ...existing, subnetIds: [] }] }), "awsSpokes[0].subnetIds", /is required with vpcId/));
    assert.ok(has(errors({ awsSpokes: [existing, { ...existing, name: "vpc-f", cidr: "10.42.0.0/16" }] }), "awsSpokes[1].vpcId", /one attachment per VPC/));
    assert.ok(has(errors({ awsSpokes: [{ ...existing, routeTableIds: ["rt-1"] }] }), "awsSpokes[0].routeTableIds[0]", /must be a route table id/));
  });

  it("Azure spokes: no GatewaySubnet (a spoke uses the hub's gateway), existing ones by a VNet resource id", () => {
    assert.ok(has(errors({ azureSpokes: [{ ...vnet, subnets: [{ name: "GatewaySubnet", cidr: "10.41.0.0/27" }] }] }), "azureSpokes[0].subnets[0].name", /useRemoteGateways/));
    assert.ok(has(errors({ azureSpokes: [{ ...vnet, vnetId: "/subscriptions/x/vnet" }] }), "azureSpokes[0].vnetId", /must be a virtual network resource id/));
    assert.ok(has(errors({ azureSpokes: [{ ...vnet, subnets: [{ name: "s", cidr: "10.99.0.0/24" }] }] }), "azureSpokes[0].subnets[0].cidr", /must lie inside the spoke's address space/));
  });

  it("counts BGP routes over every prefix: Azure -> AWS above 100 per VPN connection on a transit gateway is refused", () => {
    // The hub's one prefix and 99 spoke prefixes: 100, accepted; one more: refused (it was 1,000).
    const many = Array.from({ length: 100 }, (_, i) => `10.${100 + Math.floor(i / 250)}.${i % 250}.0/24`);
    const found = errors({ azureSpokes: [{ name: "vnet-many", addressSpace: many }] });
    assert.ok(has(found, "azureSpokes", /make 101 prefixes.*at most 100 from a customer gateway per VPN connection on a transit gateway/), JSON.stringify(found.slice(0, 3)));
    assert.deepEqual(errors({ azureSpokes: [{ name: "vnet-many", addressSpace: many.slice(0, 99) }] }).filter((e) => e.key === "azure-aws-vpn:azureSpokes"), []);
  });

  it("warns above AWS's default 50 routes per route table (one route per Azure prefix in each)", () => {
    const prefixes = Array.from({ length: 50 }, (_, i) => `10.${100 + i}.0.0/16`);
    const warned = result({ azureSpokes: [{ name: "vnet-many", addressSpace: prefixes }] }).warnings;
    assert.ok(warned.some((w) => w.key === "azure-aws-vpn:azureSpokes" && /default quota of 50 routes per route table/.test(w.rule)), JSON.stringify(warned));
    assert.deepEqual(result({ azureSpokes: [{ name: "vnet-many", addressSpace: prefixes.slice(0, 49) }] }).warnings, []);
  });

  it("route counts and VNet ids read as expected", () => {
    assert.deepEqual(routeCounts({ awsSpokes: [], azureSpokes: [vnet, vnet], vnetAddressSpace: ["a", "b"], awsAttachment: "tgw" }), { toAws: 4, toAwsLimit: 100, toAzure: 1, toAzureLimit: 4000 });
    assert.deepEqual(parseVnetId("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-a/providers/Microsoft.Network/virtualNetworks/vnet-a"), { subscriptionId: "00000000-0000-0000-0000-000000000000", resourceGroupName: "rg-a", vnetName: "vnet-a" });
  });
});
