import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { validateConfig, type ConfigIssue } from "../../infra/config";
import { AWS_TUNNEL_MBPS_BY_BANDWIDTH, AZURE_TUNNEL_MBPS, azureCipherRow, largeTunnelsUnused, throughputModel, type ThroughputInput } from "../../infra/throughput";
import { readStackConfig, withConfig } from "../helpers";

const base: ThroughputInput = {
  gatewaySku: "VpnGw5AZ",
  gatewayGeneration: "Generation2",
  activeActive: true,
  attachment: "tgw",
  routing: "bgp",
  tunnelBandwidth: "standard",
  phase2Encryption: "AES256-GCM-16",
  phase2Integrity: "SHA2-256",
};
const byDirection = (input: ThroughputInput) => Object.fromEntries(throughputModel(input).map((d) => [d.direction, d]));

describe("throughput model, per direction", () => {
  it("holds Microsoft's per-tunnel figures per cipher and AWS's per-tunnel figures per bandwidth", () => {
    assert.deepEqual([AWS_TUNNEL_MBPS_BY_BANDWIDTH.standard.mbps, AWS_TUNNEL_MBPS_BY_BANDWIDTH.large.mbps], [1_250, 5_000]);
    assert.deepEqual(AZURE_TUNNEL_MBPS.Generation2.VpnGw5AZ, { GCMAES256: 2_300, "AES256-SHA256": 700 });
    assert.deepEqual(AZURE_TUNNEL_MBPS.Generation1.VpnGw1AZ, { GCMAES256: 650, "AES256-SHA256": 500 });
  });

  it("maps phase 2 ciphers to Microsoft's rows, saying when the row is only the nearest", () => {
    assert.deepEqual(azureCipherRow("AES256-GCM-16", "SHA2-384"), { row: "GCMAES256", exact: true });
    assert.deepEqual(azureCipherRow("AES128-GCM-16", "SHA2-384"), { row: "GCMAES256", exact: false });
    assert.deepEqual(azureCipherRow("AES256", "SHA2-256"), { row: "AES256-SHA256", exact: true });
    assert.deepEqual(azureCipherRow("AES128", "SHA2-512"), { row: "AES256-SHA256", exact: false });
  });

  it("VpnGw5AZ, transit gateway, standard tunnels: 4 x 1250 both ways, limited by the AWS tunnels; one flow 1250", () => {
    const d = byDirection(base);
    for (const dir of ["aws-to-azure", "azure-to-aws"]) {
      assert.equal(d[dir]!.aggregateMbps, 5_000);
      assert.equal(d[dir]!.aggregateLimitedBy.id, "aws-tunnels");
      assert.equal(d[dir]!.singleFlowMbps, 1_250);
      assert.equal(d[dir]!.singleFlowLimitedBy.id, "aws-tunnel");
    }
  });

  it("VpnGw5AZ, large tunnels, GCM: the Azure per-tunnel figure becomes the limit (4 x 2300; one flow 2300)", () => {
    const d = byDirection({ ...base, tunnelBandwidth: "large" });
    assert.equal(d["aws-to-azure"]!.aggregateMbps, 9_200);
    assert.equal(d["aws-to-azure"]!.aggregateLimitedBy.id, "azure-tunnels");
    assert.equal(d["aws-to-azure"]!.singleFlowMbps, 2_300);
    assert.equal(d["aws-to-azure"]!.singleFlowLimitedBy.id, "azure-tunnel");
    assert.equal(largeTunnelsUnused({ ...base, tunnelBandwidth: "large" }), false);
  });

  it("AES256 with SHA256 caps every tunnel at Microsoft's 700 Mbps, so large tunnels buy nothing", () => {
    const input: ThroughputInput = { ...base, tunnelBandwidth: "large", phase2Encryption: "AES256", phase2Integrity: "SHA2-256" };
    const d = byDirection(input);
    assert.equal(d["azure-to-aws"]!.aggregateMbps, 2_800);
    assert.equal(d["azure-to-aws"]!.singleFlowMbps, 700);
    assert.equal(largeTunnelsUnused(input), true);
  });

  it("a virtual private gateway sends AWS -> Azure over one tunnel, while Azure -> AWS uses all four", () => {
    const d = byDirection({ ...base, attachment: "vgw" });
    assert.equal(d["aws-to-azure"]!.tunnelsCarryingTraffic, 1);
    assert.equal(d["aws-to-azure"]!.azureInstances, 1);
    assert.equal(d["aws-to-azure"]!.aggregateMbps, 1_250);
    assert.equal(d["azure-to-aws"]!.tunnelsCarryingTraffic, 4);
    assert.equal(d["azure-to-aws"]!.aggregateMbps, 5_000);
  });

  it("the Azure aggregate counts per instance: active-active doubles it, active-standby does not", () => {
    const small: ThroughputInput = { ...base, gatewaySku: "VpnGw2AZ" };
    assert.equal(byDirection(small)["azure-to-aws"]!.aggregateMbps, 2_500);
    assert.equal(byDirection({ ...small, activeActive: false, attachment: "vgw", routing: "static" })["azure-to-aws"]!.aggregateMbps, 1_250);
  });

  it("every limit names its source", () => {
    for (const d of throughputModel(base)) for (const l of [...d.aggregateLimits, ...d.singleFlowLimits]) assert.match(l.source, /(aws\.amazon|microsoft)\.com.*\d{4}/);
  });
});

describe("tunnelBandwidth validation", () => {
  const prod = readStackConfig("prod");
  const errors = (changes: Record<string, unknown>): ConfigIssue[] => {
    const r = validateConfig(withConfig(prod, changes), "prod");
    return r.ok ? [] : r.errors;
  };
  const warnings = (changes: Record<string, unknown>): ConfigIssue[] => validateConfig(withConfig(prod, changes), "prod").warnings;

  it("defaults to standard", () => {
    const r = validateConfig(prod, "prod");
    assert.ok(r.ok);
    assert.equal(r.config.tunnelBandwidth, "standard");
  });

  it("refuses large on a virtual private gateway, naming the setting and the rule", () => {
    const found = errors({ tunnelBandwidth: "large", awsAttachment: "vgw" }).find((e) => e.key === "azure-aws-vpn:tunnelBandwidth");
    assert.ok(found);
    assert.equal(found.value, "large");
    assert.match(found.rule, /only on VPN connections attached to a transit gateway/);
  });

  it("refuses large in a region AWS lists without it", () => {
    const found = errors({ tunnelBandwidth: "large", gatewaySku: "VpnGw5AZ", "aws:region": "ca-west-1", awsSubnets: [{ name: "a", cidr: "10.30.1.0/24", availabilityZone: "ca-west-1a" }] });
    assert.ok(found.some((e) => e.key === "azure-aws-vpn:tunnelBandwidth" && /not offered in ca-west-1/.test(e.rule)), JSON.stringify(found));
  });

  it("refuses values other than standard and large", () => {
    assert.ok(errors({ tunnelBandwidth: "Large" }).some((e) => e.key === "azure-aws-vpn:tunnelBandwidth"));
  });

  it("warns when the Azure side cannot use large tunnels: prod's VpnGw2AZ stays standard", () => {
    const found = warnings({ tunnelBandwidth: "large" }).find((w) => w.key === "azure-aws-vpn:tunnelBandwidth");
    assert.ok(found, "prod with large tunnels warns");
    assert.match(found.rule, /cannot use large tunnels.*VpnGw2AZ Generation2/);
  });

  it("does not warn when large tunnels raise a ceiling (VpnGw4AZ with GCM)", () => {
    assert.deepEqual(errors({ tunnelBandwidth: "large", gatewaySku: "VpnGw4AZ" }), []);
    assert.ok(!warnings({ tunnelBandwidth: "large", gatewaySku: "VpnGw4AZ" }).some((w) => w.key === "azure-aws-vpn:tunnelBandwidth"));
  });
});
