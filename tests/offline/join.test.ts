import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { evaluateStack } from "../../offline/evaluate";
import { joinTunnels } from "../../offline/join";
import { deriveTunnelViews, DeriveError } from "../../interop/derive";
import { TYPES } from "../../infra/types";

describe("joinTunnels: one walk from an AWS tunnel to the Azure side", () => {
  for (const [stack, ids] of [["dev", ["c1t1", "c1t2"]], ["prod", ["c1t1", "c1t2", "c2t1", "c2t2"]]] as const) {
    it(`${stack}: every link of every tunnel is found, and interop names the tunnels the same way`, async () => {
      const evaluation = await evaluateStack({ stack });
      const joined = joinTunnels(evaluation);
      assert.deepEqual(joined.map((t) => t.id), ids);
      for (const t of joined) {
        assert.ok(t.customerGateway && t.publicIp && t.localNetworkGateway && t.connection && t.gateway, t.id);
        assert.equal(t.localNetworkGateway.inputs["gatewayIpAddress"], t.outsideAddress);
        assert.equal(t.customerGateway.inputs["ipAddress"], t.publicIp.state["ipAddress"]);
        assert.equal(t.instance, Number(t.id[1]) - 1, `${t.id}: connection N terminates on Azure instance N-1`);
        assert.equal(t.bgpEntry !== undefined, stack === "prod", `${t.id}: a custom BGP entry only in BGP mode`);
      }
      assert.deepEqual(deriveTunnelViews(evaluation).map((v) => v.tunnelId), ids);
    });
  }

  it("leaves a missing link empty for the report, and interop refuses it", async () => {
    const evaluation = await evaluateStack({ stack: "dev" });
    const broken = { ...evaluation, resources: evaluation.resources.filter((r) => r.type !== TYPES.lng) };
    const joined = joinTunnels(broken);
    assert.equal(joined.length, 2);
    for (const t of joined) assert.equal(t.localNetworkGateway, undefined);
    assert.throws(() => deriveTunnelViews(broken), (err: unknown) => err instanceof DeriveError && /c1t1: no Azure local network gateway points at/.test(err.message));
  });
});
