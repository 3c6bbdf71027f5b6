import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { validateConfig, type VpnConfig } from "../../infra/config";
import { AWS_TUNNEL_MBPS, AZURE_SKU_AGGREGATE_MBPS, planTopology, throughputCeiling } from "../../infra/topology";
import { readStackConfig, withConfig } from "../helpers";

function config(stack: "dev" | "prod", changes: Record<string, unknown> = {}): VpnConfig {
  const result = validateConfig(withConfig(readStackConfig(stack), changes), stack);
  if (!result.ok) throw new Error(`test config rejected: ${JSON.stringify(result.errors)}`);
  return result.config;
}

describe("planTopology, active-standby (dev)", () => {
  const topology = planTopology(config("dev"));

  it("one public IP with the document's name, one AWS VPN connection on instance 0", () => {
    assert.deepEqual(topology.publicIpNames, ["pip-vpn-azure-aws"]);
    assert.equal(topology.connections.length, 1);
    assert.equal(topology.connections[0]!.number, 1);
    assert.equal(topology.connections[0]!.azureInstance, 0);
  });

  it("tunnel 1 keeps the document's names, tunnel 2 is the clearly named standby", () => {
    assert.deepEqual(
      topology.tunnels.map((t) => [t.id, t.localNetworkGatewayName, t.connectionName]),
      [
        ["c1t1", "lng-azure-aws", "cn-azure-aws"],
        ["c1t2", "lng-azure-aws-standby", "cn-azure-aws-standby"],
      ],
    );
  });

  it("tunnels in order, with inside addresses: AWS first host, Azure second", () => {
    assert.deepEqual(
      topology.tunnels.map((t) => ({ index: t.index, tunnelNumber: t.tunnelNumber, insideCidr: t.insideCidr, aws: t.awsInsideAddress, azure: t.azureInsideAddress, instance: t.azureInstance })),
      [
        { index: 0, tunnelNumber: 1, insideCidr: "169.254.21.0/30", aws: "169.254.21.1", azure: "169.254.21.2", instance: 0 },
        { index: 1, tunnelNumber: 2, insideCidr: "169.254.22.0/30", aws: "169.254.22.1", azure: "169.254.22.2", instance: 0 },
      ],
    );
    assert.deepEqual(topology.connections[0]!.tunnels, topology.tunnels);
  });

  it("one APIPA list for the single instance", () => {
    assert.deepEqual(topology.apipaByInstance, [["169.254.21.2", "169.254.22.2"]]);
  });

  it("follows configured names and inside CIDRs", () => {
    const custom = planTopology(config("dev", { localNetworkGatewayName: "lng-x", connectionName: "cn-x", publicIpName: "pip-x", tunnelInsideCidrs: ["169.254.100.0/30", "169.254.100.4/30"] }));
    assert.deepEqual(custom.publicIpNames, ["pip-x"]);
    assert.deepEqual(custom.tunnels.map((t) => t.localNetworkGatewayName), ["lng-x", "lng-x-standby"]);
    assert.deepEqual(custom.tunnels.map((t) => t.connectionName), ["cn-x", "cn-x-standby"]);
    assert.deepEqual(custom.tunnels.map((t) => [t.awsInsideAddress, t.azureInsideAddress]), [["169.254.100.1", "169.254.100.2"], ["169.254.100.5", "169.254.100.6"]]);
  });
});

describe("planTopology, active-active (prod)", () => {
  const topology = planTopology(config("prod"));

  it("two public IPs (the second suffixed -2), two AWS VPN connections on instances 0 and 1", () => {
    assert.deepEqual(topology.publicIpNames, ["pip-vpngw-prod", "pip-vpngw-prod-2"]);
    assert.deepEqual(topology.connections.map((c) => [c.number, c.azureInstance]), [[1, 0], [2, 1]]);
  });

  it("four tunnels c1t1..c2t2 with per-tunnel names", () => {
    assert.deepEqual(
      topology.tunnels.map((t) => [t.id, t.index, t.tunnelNumber, t.azureInstance, t.localNetworkGatewayName, t.connectionName]),
      [
        ["c1t1", 0, 1, 0, "lng-azure-aws-c1t1", "cn-azure-aws-c1t1"],
        ["c1t2", 1, 2, 0, "lng-azure-aws-c1t2", "cn-azure-aws-c1t2"],
        ["c2t1", 2, 1, 1, "lng-azure-aws-c2t1", "cn-azure-aws-c2t1"],
        ["c2t2", 3, 2, 1, "lng-azure-aws-c2t2", "cn-azure-aws-c2t2"],
      ],
    );
  });

  it("Microsoft's APIPA plan: AWS .1/.5, Azure .2/.6, per instance", () => {
    assert.deepEqual(
      topology.tunnels.map((t) => [t.insideCidr, t.awsInsideAddress, t.azureInsideAddress]),
      [
        ["169.254.21.0/30", "169.254.21.1", "169.254.21.2"],
        ["169.254.22.0/30", "169.254.22.1", "169.254.22.2"],
        ["169.254.21.4/30", "169.254.21.5", "169.254.21.6"],
        ["169.254.22.4/30", "169.254.22.5", "169.254.22.6"],
      ],
    );
    assert.deepEqual(topology.apipaByInstance, [
      ["169.254.21.2", "169.254.22.2"],
      ["169.254.21.6", "169.254.22.6"],
    ]);
  });

  it("each APIPA address of an instance belongs to a tunnel on that instance", () => {
    topology.apipaByInstance.forEach((addresses, instance) => {
      for (const address of addresses) {
        const tunnel = topology.tunnels.find((t) => t.azureInsideAddress === address);
        assert.equal(tunnel?.azureInstance, instance, address);
      }
    });
  });
});

describe("throughputCeiling", () => {
  it("uses the documented SKU figures (constraints.md) and 1.25 Gbps per AWS tunnel", () => {
    assert.equal(AWS_TUNNEL_MBPS, 1_250);
    assert.deepEqual(AZURE_SKU_AGGREGATE_MBPS, {
      Generation1: { VpnGw1AZ: 650, VpnGw2AZ: 1_000, VpnGw3AZ: 1_250 },
      Generation2: { VpnGw2AZ: 1_250, VpnGw3AZ: 2_500, VpnGw4AZ: 5_000, VpnGw5AZ: 10_000 },
    });
  });

  it("dev (VpnGw1AZ Gen1, virtual private gateway): 650 Mbps, limited by the Azure SKU, one tunnel carries traffic", () => {
    const c = config("dev");
    const ceiling = throughputCeiling(c, planTopology(c));
    assert.equal(ceiling.mbps, 650);
    assert.equal(ceiling.azureAggregateMbps, 650);
    assert.equal(ceiling.tunnelsCarryingTraffic, 1);
    assert.equal(ceiling.limitedBy, "azure-sku");
    assert.match(ceiling.reason, /one tunnel at a time/);
  });

  it("prod (VpnGw2AZ Gen2, transit gateway ECMP over 4 BGP tunnels): min(4 x 1250, 2 instances x 1250) = 2500, Azure-limited", () => {
    // Microsoft: the SKU's aggregate is per gateway instance; an active-active gateway has two.
    const c = config("prod");
    const ceiling = throughputCeiling(c, planTopology(c));
    assert.equal(ceiling.tunnelsCarryingTraffic, 4);
    assert.equal(ceiling.mbps, 2_500);
    assert.equal(ceiling.limitedBy, "azure-sku");
    assert.match(ceiling.reason, /transit gateway ECMP over BGP/);
  });

  it("VpnGw5AZ with a transit gateway: min(10000, 4 x 1250) = 5000, AWS-limited", () => {
    const c = config("prod", { gatewaySku: "VpnGw5AZ" });
    const ceiling = throughputCeiling(c, planTopology(c));
    assert.deepEqual([ceiling.mbps, ceiling.tunnelsCarryingTraffic, ceiling.limitedBy], [5_000, 4, "aws-tunnels"]);
  });

  it("VpnGw5AZ with a virtual private gateway: one tunnel at a time, 1250 Mbps, AWS-limited", () => {
    const c = config("prod", { gatewaySku: "VpnGw5AZ", awsAttachment: "vgw" });
    const ceiling = throughputCeiling(c, planTopology(c));
    assert.deepEqual([ceiling.mbps, ceiling.tunnelsCarryingTraffic, ceiling.limitedBy], [1_250, 1, "aws-tunnels"]);
  });

  it("VpnGw3AZ Gen2 with a transit gateway: min(4 x 1250, 4 x 1500, 2 x 2500) = 5000", () => {
    const c = config("prod", { gatewaySku: "VpnGw3AZ" });
    const ceiling = throughputCeiling(c, planTopology(c));
    assert.deepEqual([ceiling.mbps, ceiling.azureAggregateMbps], [5_000, 2_500]);
  });

  it("static active-active on a virtual private gateway still counts one tunnel", () => {
    const c = config("dev", { activeActive: true, gatewaySku: "VpnGw2AZ" });
    const ceiling = throughputCeiling(c, planTopology(c));
    assert.deepEqual([ceiling.mbps, ceiling.tunnelsCarryingTraffic, ceiling.limitedBy], [1_000, 1, "azure-sku"]);
  });
});
