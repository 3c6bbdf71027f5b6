/**
 * The engine suite's fake cloud (tests/engine/fakeCloud/) on its own: each rule refuses with the
 * cloud's code and leaves the world as the cloud would, and Diff answers from the update model's
 * table. A fake that accepted everything would make every engine test pass.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { TYPES } from "../../infra/types";
import { checkInputs, diffInputs, UNKNOWN } from "../engine/fakeCloud/provider";
import { CloudError, updatedState, World } from "../engine/fakeCloud/world";

const urn = (type: string, name: string): string => `urn:pulumi:dev::azure-aws-vpn::azureawsvpn:index:Vpn$${type}::${name}`;
const rg = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg";

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof CloudError, String(error));
    return error.message;
  }
  assert.fail("the fake cloud accepted it");
}

describe("the fake cloud's world", () => {
  it("refuses to delete a public IP a gateway holds, and keeps both", () => {
    const world = new World();
    world.create(TYPES.resourceGroup, urn(TYPES.resourceGroup, "rg"), { resourceGroupName: "rg" });
    const pip = world.create(TYPES.publicIp, urn(TYPES.publicIp, "pip"), { resourceGroupName: "rg", publicIpAddressName: "pip" });
    world.create(TYPES.gateway, urn(TYPES.gateway, "gw"), { resourceGroupName: "rg", virtualNetworkGatewayName: "gw", ipConfigurations: [{ publicIPAddress: { id: pip.id } }] });
    assert.match(refusal(() => world.delete(pip.id, TYPES.publicIp, pip.urn)), /^InUse: Azure refuses to delete a public IP a gateway holds/);
    assert.equal(world.live().length, 3);
    assert.equal(world.calls.at(-1)?.refused !== undefined, true);
  });

  it("refuses an Azure resource that still exists, and an id that names nothing", () => {
    const world = new World();
    world.create(TYPES.resourceGroup, urn(TYPES.resourceGroup, "rg"), { resourceGroupName: "rg" });
    world.create(TYPES.lng, urn(TYPES.lng, "lng"), { resourceGroupName: "rg", localNetworkGatewayName: "lng" });
    assert.match(refusal(() => world.create(TYPES.lng, urn(TYPES.lng, "lng"), { resourceGroupName: "rg", localNetworkGatewayName: "lng" })), /^Conflict: cannot create already existing resource/);
    assert.match(refusal(() => world.create(TYPES.connection, urn(TYPES.connection, "cn"), { resourceGroupName: "rg", virtualNetworkGatewayConnectionName: "cn", localNetworkGateway2: { id: `${rg}/providers/Microsoft.Network/localNetworkGateways/other` } })), /^NotFound: .*other does not exist/);
    assert.match(refusal(() => world.create(TYPES.vpnConnection, urn(TYPES.vpnConnection, "vpn"), { customerGatewayId: "cgw-0123456789abcdef0" })), /^InvalidCGWID\.NotFound/);
  });

  it("gives every AWS object a new id and every public IP a new address", () => {
    const world = new World();
    const a = world.create(TYPES.customerGateway, urn(TYPES.customerGateway, "cgw"), { ipAddress: "198.51.100.1" });
    world.delete(a.id, a.type, a.urn);
    const b = world.create(TYPES.customerGateway, urn(TYPES.customerGateway, "cgw"), { ipAddress: "198.51.100.1" });
    assert.notEqual(a.id, b.id);
    world.create(TYPES.resourceGroup, urn(TYPES.resourceGroup, "rg"), { resourceGroupName: "rg" });
    const pip1 = world.create(TYPES.publicIp, urn(TYPES.publicIp, "pip"), { resourceGroupName: "rg", publicIpAddressName: "pip" });
    world.delete(pip1.id, pip1.type, pip1.urn);
    const pip2 = world.create(TYPES.publicIp, urn(TYPES.publicIp, "pip"), { resourceGroupName: "rg", publicIpAddressName: "pip" });
    assert.equal(pip1.id, pip2.id, "an Azure id is its name");
    assert.notEqual(pip1.outputs["ipAddress"], pip2.outputs["ipAddress"]);
  });

  it("refuses overlapping subnets in one VPC, a second gateway on a VPC, and a location change", () => {
    const world = new World();
    const vpc = world.create(TYPES.vpc, urn(TYPES.vpc, "vpc"), { cidrBlock: "10.0.0.0/16" });
    world.create(TYPES.awsSubnet, urn(TYPES.awsSubnet, "a"), { vpcId: vpc.id, cidrBlock: "10.0.1.0/24" });
    assert.match(refusal(() => world.create(TYPES.awsSubnet, urn(TYPES.awsSubnet, "b"), { vpcId: vpc.id, cidrBlock: "10.0.1.128/25" })), /^InvalidSubnet\.Conflict/);
    const vgw = world.create(TYPES.vpnGateway, urn(TYPES.vpnGateway, "vgw"), {});
    world.create(TYPES.vpnGatewayAttachment, urn(TYPES.vpnGatewayAttachment, "att"), { vpcId: vpc.id, vpnGatewayId: vgw.id });
    assert.match(refusal(() => world.create(TYPES.vpnGatewayAttachment, urn(TYPES.vpnGatewayAttachment, "att2"), { vpcId: vpc.id, vpnGatewayId: vgw.id })), /already has virtual private gateway/);
    const group = world.create(TYPES.resourceGroup, urn(TYPES.resourceGroup, "rg"), { resourceGroupName: "rg", location: "eastus" });
    assert.match(refusal(() => world.update(group.id, group.type, group.urn, { resourceGroupName: "rg", location: "westus" })), /^InvalidResourceLocation/);
  });

  it("keeps what it holds across a save and a load, and never lists an adopted object as created", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-cloud-"));
    try {
      const file = path.join(dir, "world.json");
      const world = World.load(file);
      world.adopt(TYPES.vpc, "vpc-0123456789abcdef0");
      world.create(TYPES.customerGateway, urn(TYPES.customerGateway, "cgw"), { ipAddress: "198.51.100.1" });
      const again = World.load(file);
      assert.equal(again.live().length, 2);
      assert.deepEqual(again.existing(), ["vpc-0123456789abcdef0"]);
      assert.equal(again.created().length, 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("an in-place update's state", () => {
  it("keeps what the cloud computed inside a list of sub-resources (a NIC's private address) and replaces a map as given (tags)", () => {
    const old = { ipConfigurations: [{ name: "ipconfig1", privateIPAddress: "10.0.1.4" }], tags: { team: "a", "managed-by": "azure-aws-vpn" } };
    const state = updatedState(old, { ipConfigurations: [{ name: "ipconfig1" }], tags: { "managed-by": "azure-aws-vpn" } });
    assert.deepEqual(state, { ipConfigurations: [{ name: "ipconfig1", privateIPAddress: "10.0.1.4" }], tags: { "managed-by": "azure-aws-vpn" } });
  });
});

describe("the fake providers' Diff and Check", () => {
  it("replaces on the table's properties, asks delete-first where the provider does, counts unknowns as changed", () => {
    assert.deepEqual(diffInputs(TYPES.customerGateway, { ipAddress: "198.51.100.1", bgpAsn: "65000" }, { ipAddress: UNKNOWN, bgpAsn: "65000" }), { changed: ["ipAddress"], replaces: ["ipAddress"], deleteBeforeReplace: false });
    assert.deepEqual(diffInputs(TYPES.publicIp, { resourceGroupName: "rg", publicIpAddressName: "a" }, { resourceGroupName: "rg", publicIpAddressName: "b" }).deleteBeforeReplace, true);
    assert.deepEqual(diffInputs(TYPES.vpnConnection, { staticRoutesOnly: true, tunnel1PresharedKey: "a" }, { staticRoutesOnly: true, tunnel1PresharedKey: "b" }), { changed: ["tunnel1PresharedKey"], replaces: [], deleteBeforeReplace: false });
    assert.throws(() => diffInputs("aws:unknown/thing:Thing", {}, {}), /no replacement rule/);
  });

  it("names an unnamed Azure resource as azure-native does: the old name, else a new one", () => {
    const fresh = checkInputs(TYPES.actionGroup, urn(TYPES.actionGroup, "ag"), {}, { resourceGroupName: "rg" });
    assert.match(String(fresh["actionGroupName"]), /^ag[0-9a-f]{8}$/);
    assert.equal(checkInputs(TYPES.actionGroup, urn(TYPES.actionGroup, "ag"), fresh, { resourceGroupName: "rg" })["actionGroupName"], fresh["actionGroupName"]);
    assert.equal(checkInputs(TYPES.actionGroup, urn(TYPES.actionGroup, "ag"), {}, { resourceGroupName: "rg", actionGroupName: "mine" })["actionGroupName"], "mine");
  });
});
