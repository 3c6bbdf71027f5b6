// Rotation and failover measured with real peers (issue 10): every tunnel of dev (static,
// active-standby) and prod (BGP, active-active, transit gateway) between two sites, a ping every
// 50 ms. Figures are printed; no timed assertions.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { stackViews } from "../../interop/check";
import { formatFailover, type FailoverResult } from "../../interop/failover";
import { formatRotation, type RotationResult } from "../../interop/rotation";
import { measureStack } from "../../interop/sites";

describe("rotation and failover between two sites (root, strongSwan, FRR)", () => {
  const results: Record<string, { rotation: RotationResult; failover: FailoverResult }> = {};

  before(async () => {
    const [dev, prod] = await Promise.all([stackViews(["dev"]), stackViews(["prod"])]);
    // One stack after the other: the interop files run two at a time, and a dozen daemons at once
    // would starve the other file's bounded steps.
    const d = await measureStack(dev, "rdev");
    const p = await measureStack(prod, "rprod");
    results["static"] = d;
    results["bgp"] = p;
    for (const r of [d, p]) console.log(`${formatRotation(r.rotation)}\n${formatFailover(r.failover)}`);
  });

  for (const mode of ["static", "bgp"] as const) {
    it(`${mode}: a key rotated AWS first, Azure later, comes back on the new key; the loss is measured`, () => {
      const r = results[mode]!.rotation;
      assert.equal(r.mode, mode);
      assert.ok(r.awsRetryRefused, "AWS's initiation with the new key is refused while Azure has the old one");
      assert.ok(r.tunnelBack, formatRotation(r));
      assert.ok(r.ping.sent > 0 && r.ping.lost >= 0 && r.ping.lost < r.ping.sent, formatRotation(r));
    });

    it(`${mode}: with one tunnel's outside path cut, traffic flows again over another tunnel`, () => {
      const f = results[mode]!.failover;
      assert.ok(f.resumed, formatFailover(f));
      assert.notEqual(f.nowTunnelId, f.cutTunnelId, formatFailover(f));
    });
  }
});
