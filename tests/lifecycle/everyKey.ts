/**
 * For every config key, one old -> new change in a routing mode, run through the update model:
 * the sequence must complete under the engine's and the clouds' rules. One test file per mode
 * (every-key-*.test.ts), so `npm test`'s two shards can run the modes at the same time.
 */
import { it } from "node:test";
import * as assert from "node:assert/strict";
import { configSchema, type RawConfig } from "../../infra/config";
import { formatUpdatePlan, planUpdate } from "../../offline/update";
import { withConfig, evaluateStack, readStackConfig, type Evaluation } from "../helpers";

export const MODES = {
  "static active-standby": { routing: "static", activeActive: false },
  "static active-active": { routing: "static", activeActive: true },
  "bgp active-active": { routing: "bgp", activeActive: true },
} as const satisfies Record<string, Record<string, unknown>>;
export type ModeName = keyof typeof MODES;

/** One change per key (a mode key changes to another valid mode). */
export function changeFor(key: string, mode: Record<string, unknown>): Record<string, unknown> {
  const bgp = mode["routing"] === "bgp";
  switch (key) {
    case "resourceGroupName": return { resourceGroupName: "rg-azure-aws-2" };
    case "vnetName": return { vnetName: "vnet-azure-2" };
    case "vnetAddressSpace": return { vnetAddressSpace: ["172.10.0.0/16", "172.11.0.0/16"] };
    case "azureSubnets": return { azureSubnets: [{ name: "subnet-01", cidr: "172.10.1.0/24" }, { name: "subnet-02", cidr: "172.10.2.0/24" }] };
    case "gatewaySubnetCidr": return { gatewaySubnetCidr: "172.10.0.0/26" };
    case "gatewayName": return { gatewayName: "vpn-azure-aws-2" };
    case "publicIpName": return { publicIpName: "pip-vpn-2" };
    case "gatewaySku": return { gatewaySku: "VpnGw2AZ" };
    case "gatewayGeneration": return { gatewaySku: "VpnGw2AZ", gatewayGeneration: "Generation2" };
    case "publicIpZones": return { publicIpZones: ["1"] };
    case "azureAsn": return { azureAsn: 65010 };
    case "vpcName": return { vpcName: "vpc-2" };
    case "vpcCidr": return { vpcCidr: "10.1.0.0/16", awsSubnets: [{ name: "subnet-aws-01", cidr: "10.1.1.0/24", availabilityZone: "us-east-1a" }] };
    case "awsSubnets": return { awsSubnets: [{ name: "subnet-aws-01", cidr: "10.0.1.0/24", availabilityZone: "us-east-1a" }, { name: "subnet-aws-02", cidr: "10.0.2.0/24", availabilityZone: "us-east-1b" }] };
    case "awsAsn": return { awsAsn: 64600 };
    // A transit gateway needs BGP (config rule): from a static mode the change includes it.
    case "awsAttachment": return bgp ? { awsAttachment: "tgw" } : { awsAttachment: "tgw", routing: "bgp", activeActive: true };
    case "routing": return bgp ? { routing: "static" } : { routing: "bgp", activeActive: true };
    case "activeActive": return bgp ? { routing: "static", activeActive: false } : { activeActive: !mode["activeActive"] };
    // Large tunnels and AWS spokes need a transit gateway (and BGP); Azure spokes need BGP.
    case "tunnelBandwidth": return { tunnelBandwidth: "large", awsAttachment: "tgw", routing: "bgp", activeActive: true };
    case "awsSpokes": return { awsAttachment: "tgw", routing: "bgp", activeActive: true, awsSpokes: [{ name: "vpc-spoke", cidr: "10.50.0.0/16", subnets: [{ name: "subnet-spoke-a", cidr: "10.50.1.0/24", availabilityZone: "us-east-1a" }] }] };
    case "azureSpokes": return { routing: "bgp", activeActive: true, azureSpokes: [{ name: "vnet-spoke", addressSpace: ["172.20.0.0/16"], subnets: [{ name: "snet-spoke", cidr: "172.20.1.0/24" }] }] };
    case "tunnelInsideCidrs": return { tunnelInsideCidrs: ["169.254.21.8/30", "169.254.22.8/30", "169.254.21.12/30", "169.254.22.12/30"].slice(0, mode["activeActive"] ? 4 : 2) };
    case "localNetworkGatewayName": return { localNetworkGatewayName: "lng-2" };
    case "connectionName": return { connectionName: "cn-2" };
    case "ipsec": return { ipsec: { dpdTimeoutSeconds: 30 } };
    case "testVms": return { testVms: false };
    case "adminCidr": return { adminCidr: "203.0.113.20/32" };
    case "sshPublicKey": return { sshPublicKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDwhhCC1N6bg1S/J6ePLZ6tRj3B0tO+3Qdf1EpAlyXcs other@example" };
    case "protect": return { protect: true };
    case "keyRotation": return { keyRotation: { c1t1: 1 } };
    case "acknowledgeDisruption": return { acknowledgeDisruption: ["routing"] };
    case "monitoring": return { monitoring: { enabled: true, email: "ops@example.com" } };
    case "tags": return { tags: { team: "network", "cost-center": "cc-1234" } };
    // A hub part moves from created to existing: the created one goes (the README's path keeps it instead).
    case "existingAzure": return { existingAzure: { resourceGroupName: "rg-network" }, resourceGroupName: undefined };
    case "existingAws": return { existingAws: { vpcId: "vpc-0123456789abcdef0", routeTableIds: ["rtb-0123456789abcdef0"] }, awsSubnets: undefined, testVms: false };
    default: throw new Error(`no change written for config key ${key}: add one`);
  }
}

/**
 * The every-key tests of one mode, for a test file's describe (defined there, so that `npm test`
 * counts their time as that file's: scripts/test-weights.json orders the shards' queue by it).
 */
export function everyKeyTests(modeName: ModeName): void {
  const mode: Record<string, unknown> = MODES[modeName];
  let base: RawConfig;
  let before: Evaluation;
  it("evaluates the base", async () => {
    base = withConfig(readStackConfig("dev"), mode);
    before = await evaluateStack({ stack: "dev", raw: base });
    assert.equal(before.error, undefined, before.error?.message);
  });
  for (const key of Object.keys(configSchema.shape)) {
    it(`${key} change completes`, async () => {
      const after = await evaluateStack({ stack: "dev", raw: withConfig(base, changeFor(key, mode)) });
      assert.equal(after.error, undefined, after.error?.message);
      const plan = planUpdate(before, after);
      if (key === "existingAzure") {
        // Every Azure resource moves to the existing group at once, each replaced on its own
        // (no created group to chain them): concurrent delete-first chains the engine cannot run.
        // The README's path ("Bring your own hub") moves the stack in two steps instead.
        assert.equal(plan.completes, false, formatUpdatePlan(plan));
        assert.match(formatUpdatePlan(plan), /REFUSED by Pulumi: .* whose delete-before-replace chains run concurrently/);
        return;
      }
      assert.ok(plan.steps.some((s) => s.op !== "update" || s.changed.length > 0) || key === "acknowledgeDisruption" || key === "vpcName" || key === "protect", `${key}: the change moved nothing`);
      assert.ok(plan.completes, formatUpdatePlan(plan));
    });
  }
}
