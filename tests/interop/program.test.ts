// The interop check on the program itself: every tunnel of dev, prod and a static active-active
// variant, each side configured only from its declared resources, negotiated by real daemons.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { checkInterop, stackViews, type InteropReport } from "../../interop/check";
import type { TunnelViews } from "../../interop/views";
import * as path from "node:path";
import { REPO_ROOT, readStackConfig } from "../helpers";

describe("interop of the declared program (root, strongSwan, FRR)", () => {
  let views: TunnelViews[];
  let report: InteropReport;

  before(async () => {
    const staticActiveActive = { ...readStackConfig("dev"), "azure-aws-vpn:activeActive": true, "azure-aws-vpn:testVms": false };
    // scale: spokes on both sides, so each side's FRR announces hub and spoke prefixes (issue 14).
    // both: an existing Azure gateway and transit gateway, each side's view derived from what the deployment reads of them.
    views = await stackViews(["dev", "prod", { stack: "dev-aa", raw: staticActiveActive }, "scale", { stack: "both", root: path.join(REPO_ROOT, "examples", "estates") }]);
    report = await checkInterop(views);
  });

  it("derives every tunnel: 2 in dev, 4 in prod, 4 in static active-active, 4 in scale, 4 with an existing hub", () => {
    const count = (stack: string): number => views.filter((v) => v.stack === stack).length;
    assert.deepEqual([count("dev"), count("prod"), count("dev-aa"), count("scale"), count("both")], [2, 4, 4, 4, 4]);
  });

  it("brings every tunnel up: CHILD_SA installed, rekeyed with PFS, ping through the tunnel", () => {
    for (const r of report.positives) {
      assert.equal(r.ok, true, `${r.stack}/${r.tunnelId}: ${r.cause ?? ""}`);
      assert.equal(r.childSaState, "INSTALLED", `${r.stack}/${r.tunnelId}`);
      assert.equal(r.rekey, "ok", `${r.stack}/${r.tunnelId}`);
      assert.equal(r.ping, "ok", `${r.stack}/${r.tunnelId}`);
      assert.match(r.ikeProposal ?? "", /AES_CBC-256\/HMAC_SHA2_384_192\/PRF_HMAC_SHA2_384\/ECP_384/);
      assert.match(r.espProposal ?? "", /AES_GCM_16-256\/ECP_384/);
    }
  });

  it("establishes BGP on every prod tunnel and every tunnel to an existing hub, each side learning the other's prefixes", () => {
    const bgpStacks = report.positives.filter((r) => r.stack === "prod" || r.stack === "both");
    assert.equal(bgpStacks.length, 8);
    for (const r of bgpStacks) {
      const v = views.find((x) => x.stack === r.stack && x.tunnelId === r.tunnelId)!;
      assert.ok(r.bgp, `${r.tunnelId} has no BGP result`);
      assert.equal(r.bgp.awsState, "Established");
      assert.equal(r.bgp.azureState, "Established");
      assert.deepEqual(r.bgp.awsLearned, v.azure.localPrefixes);
      assert.deepEqual(r.bgp.azureLearned, v.aws.localPrefixes);
    }
    assert.ok(report.positives.filter((r) => !["prod", "scale", "both"].includes(r.stack)).every((r) => r.bgp === undefined), "static tunnels run no BGP");
  });

  it("learns a spoke prefix on each side across every scale tunnel (FRR announces hub and spoke prefixes)", () => {
    const scale = report.positives.filter((r) => r.stack === "scale");
    assert.equal(scale.length, 4);
    for (const r of scale) {
      const v = views.find((x) => x.stack === r.stack && x.tunnelId === r.tunnelId)!;
      assert.deepEqual(v.aws.localPrefixes, ["10.30.0.0/16", "10.31.0.0/16", "10.32.0.0/16"], "AWS announces the hub VPC and both spokes");
      assert.deepEqual(v.azure.localPrefixes, ["10.20.0.0/16", "10.21.0.0/16", "10.22.0.0/16"], "Azure announces the hub VNet and both spokes");
      assert.ok(r.bgp, `${r.tunnelId} has no BGP result`);
      assert.deepEqual([r.bgp.awsState, r.bgp.azureState], ["Established", "Established"]);
      // A spoke prefix of each side, learned by the other across the tunnel.
      assert.ok(r.bgp.awsLearned.includes("10.21.0.0/16"), `${r.tunnelId}: AWS learned ${r.bgp.awsLearned.join(", ")}`);
      assert.ok(r.bgp.azureLearned.includes("10.31.0.0/16"), `${r.tunnelId}: Azure learned ${r.bgp.azureLearned.join(", ")}`);
      assert.deepEqual([...r.bgp.awsLearned].sort(), v.azure.localPrefixes);
      assert.deepEqual([...r.bgp.azureLearned].sort(), v.aws.localPrefixes);
    }
  });

  it("fails every negative control, for the stated reason", () => {
    const names = new Set(report.negatives.map((n) => `${n.result.stack}:${n.control.name}`));
    for (const expected of ["dev:keys", "dev:no-pfs", "dev:phase2", "prod:keys", "prod:no-pfs", "prod:phase2", "prod:bgp-peer"]) {
      assert.ok(names.has(expected), `negative control ${expected} was not run`);
    }
    for (const n of report.negatives) {
      assert.equal(n.result.ok, false, `${n.result.tunnelId} should have failed`);
      assert.ok(n.asExpected, `${n.result.tunnelId}: expected "${n.control.expectedCause}", got "${n.result.cause ?? ""}"`);
    }
  });
});
