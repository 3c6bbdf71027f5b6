/** The bench's throughput table: every combination, ceilings from the model, flags that can fail. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { combinations, throughputMatrix, throughputSection } from "../../bench/throughput";
import { loadPriceTable } from "../../offline/cost";

describe("bench throughput table", () => {
  const prices = loadPriceTable();
  const rows = throughputMatrix(prices);
  const find = (sku: string, gen: string, attachment: string, bandwidth: string, encryption: string) =>
    rows.find((r) => r.input.gatewaySku === sku && r.input.gatewayGeneration === gen && r.input.attachment === attachment && r.input.tunnelBandwidth === bandwidth && r.input.phase2Encryption === encryption)!;

  it("covers every creatable SKU/generation x attachment x bandwidth (large only on tgw) x cipher", () => {
    // 7 SKU/generation pairs x (vgw standard, tgw standard, tgw large) x 2 ciphers.
    assert.equal(combinations().length, 7 * 3 * 2);
    assert.equal(rows.length, 42);
    assert.ok(!rows.some((r) => r.input.attachment === "vgw" && r.input.tunnelBandwidth === "large"));
  });

  it("a single flow never exceeds its direction's aggregate", () => {
    for (const r of rows) for (const d of [r.awsToAzure, r.azureToAws]) assert.ok(d.singleFlow <= d.aggregate, JSON.stringify(r.input));
  });

  it("flags large tunnels the Azure side cannot use, and not those it can", () => {
    assert.ok(find("VpnGw2AZ", "Generation2", "tgw", "large", "AES256-GCM-16").flags.includes("large tunnels raise no ceiling"));
    assert.ok(!find("VpnGw4AZ", "Generation2", "tgw", "large", "AES256-GCM-16").flags.includes("large tunnels raise no ceiling"));
  });

  it("flags a SKU whose ceilings a cheaper SKU reaches (VpnGw5AZ behind a virtual private gateway)", () => {
    const r = find("VpnGw5AZ", "Generation2", "vgw", "standard", "AES256-GCM-16");
    assert.equal(r.awsToAzure.aggregate, 1250);
    assert.ok(r.flags.some((f) => /reaches the same ceilings for \$[\d.]+\/h less/.test(f)), r.flags.join("; "));
    assert.deepEqual(find("VpnGw2AZ", "Generation2", "tgw", "standard", "AES256-GCM-16").flags, []);
  });

  it("renders one row per combination with its flags", () => {
    const s = throughputSection(prices);
    assert.equal(s.rows.length, 42);
    assert.ok(s.rows.every((r) => r.length === s.headers.length));
  });
});
