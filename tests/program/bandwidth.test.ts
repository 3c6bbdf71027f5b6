/**
 * Large (5 Gbps) tunnels: set on every AWS VPN connection when asked for, never otherwise (so
 * existing stacks keep their inputs); a change replaces the connections; the cost shows them.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { estimateMonthlyCost, loadPriceTable } from "../../offline/cost";
import { planSteps } from "../../offline/update/engine";
import { replaceTriggers } from "../../offline/update/replacement";
import { evaluateStack, ofType, readStackConfig, T, withConfig, type Evaluation } from "../helpers";

let prod: Evaluation;
let large: Evaluation;
before(async () => {
  prod = await evaluateStack({ stack: "prod" });
  // acknowledgeDisruption: the replacement of prod's protected VPN connections is accepted.
  large = await evaluateStack({ stack: "prod", raw: withConfig(readStackConfig("prod"), { tunnelBandwidth: "large", gatewaySku: "VpnGw4AZ", acknowledgeDisruption: ["tunnelBandwidth"] }) });
  if (prod.error ?? large.error) throw prod.error ?? large.error;
});

describe("tunnelBandwidth on the AWS VPN connections", () => {
  it("large: every VPN connection asks for large tunnels", () => {
    const vpns = ofType(large, T.vpnConnection);
    assert.equal(vpns.length, 2);
    for (const v of vpns) assert.equal(v.inputs["tunnelBandwidth"], "large");
  });

  it("standard (prod as committed): the input is left unset, AWS's default", () => {
    for (const v of ofType(prod, T.vpnConnection)) assert.equal(v.inputs["tunnelBandwidth"], undefined);
  });

  it("a change of tunnelBandwidth replaces the VPN connections (ForceNew)", () => {
    assert.ok(replaceTriggers(T.vpnConnection)?.includes("tunnelBandwidth"));
    const steps = planSteps(prod, large).steps.filter((s) => s.type === T.vpnConnection);
    assert.ok(steps.length > 0 && steps.every((s) => s.op !== "update"), JSON.stringify(steps.map((s) => [s.op, s.changed])));
    assert.ok(steps.some((s) => s.changed.includes("tunnelBandwidth")));
  });

  it("the cost estimate prices large-tunnel connections on their own line, never at the standard price", () => {
    const cost = estimateMonthlyCost(large.resources, loadPriceTable());
    const lines = cost.lines.filter((l) => /Site-to-Site VPN connection/.test(l.kind));
    assert.deepEqual(lines.map((l) => [l.kind, l.quantity, l.priceKey]), [["Site-to-Site VPN connection, large 5 Gbps tunnels (2 each)", 2, "aws.vpnConnection.largeBandwidth"]]);
    assert.ok(cost.unpriced.some((u) => /large 5 Gbps/.test(u)), "the missing figure is said, not hidden");
    const priced = estimateMonthlyCost(large.resources, { ...loadPriceTable(), prices: { ...loadPriceTable().prices, "aws.vpnConnection.largeBandwidth": { usd: 0.6, per: "hour", confidence: "low", sources: ["aws-vpn-large-bandwidth"] } } });
    assert.equal(priced.lines.find((l) => l.priceKey === "aws.vpnConnection.largeBandwidth")?.monthlyUsd, 2 * 0.6 * 730);
  });
});
