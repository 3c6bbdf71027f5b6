/**
 * Real IKEv2 and BGP between two network namespaces (needs root; fails, never skips, without it).
 * Two hand-built tunnels must come up end to end; every negative control must fail with its cause.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import { before, describe, test } from "node:test";
import { negativeControls } from "../../interop/negative";
import { formatResults, runTunnels, type TunnelResult } from "../../interop/netns";
import { bgpTunnel, staticTunnel } from "../unit/interop-fixtures";

describe("interop in network namespaces", () => {
  const positives = [staticTunnel(), bgpTunnel()];
  const controls = positives.flatMap(negativeControls);
  const results = new Map<string, TunnelResult>();
  let elapsedMs = 0;
  // Kept, not thrown from the hook: every test then fails with the environment's reason.
  let setupError: Error | undefined;

  before(async () => {
    const started = Date.now();
    try {
      const all = await runTunnels([...positives, ...controls.map((c) => c.views)], { concurrency: 4, bgpTimeoutSeconds: 10 });
      elapsedMs = Date.now() - started;
      for (const r of all) results.set(r.tunnelId, r);
      console.log(formatResults(all, { expectedCauses: new Map(controls.map((c) => [c.views.tunnelId, c.expectedCause])) }));
      console.log(`${all.length} tunnels in ${elapsedMs} ms`);
    } catch (e) {
      setupError = e as Error;
    }
  });

  const get = (tunnelId: string): TunnelResult => {
    if (setupError) throw setupError;
    const r = results.get(tunnelId);
    assert.ok(r, `no result for ${tunnelId}`);
    return r;
  };

  test("this machine can run the check (root, network namespaces, packages)", () => {
    if (setupError) throw setupError;
  });

  test("static tunnel: CHILD_SA installed, rekeyed with PFS, ping through ESP", () => {
    const r = get(positives[0]!.tunnelId);
    assert.equal(r.cause, undefined);
    assert.equal(r.ikeProposal, "AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/ECP_384");
    assert.equal(r.espProposal, "AES_GCM_16-256/ECP_384");
    assert.equal(r.childSaState, "INSTALLED");
    assert.equal(r.rekey, "ok");
    assert.equal(r.ping, "ok");
    assert.ok(r.ok);
  });

  test("BGP tunnel: Established both ways, each side learns the other's prefix, ping over learned routes", () => {
    const r = get(positives[1]!.tunnelId);
    assert.equal(r.cause, undefined);
    assert.equal(r.childSaState, "INSTALLED");
    assert.equal(r.rekey, "ok");
    assert.deepEqual(r.bgp, { awsState: "Established", azureState: "Established", awsLearned: ["172.10.0.0/16"], azureLearned: ["10.0.0.0/16"] });
    assert.equal(r.ping, "ok");
    assert.ok(r.ok);
  });

  for (const control of controls) {
    test(`negative control ${control.views.tunnelId} fails with "${control.expectedCause}"`, () => {
      const r = get(control.views.tunnelId);
      assert.equal(r.ok, false, `${control.name} passed: the check does not test what it claims`);
      assert.ok(r.cause?.includes(control.expectedCause), `cause was: ${r.cause}`);
    });
  }

  test("the PFS control is caught at the rekey, and says PFS", () => {
    const r = get(controls.find((c) => c.name === "no-pfs")!.views.tunnelId);
    assert.equal(r.childSaState, "INSTALLED");
    assert.equal(r.rekey, "failed");
    assert.match(r.cause ?? "", /PFS missing on one side/);
  });

  test("everything was cleaned up", () => {
    if (setupError) throw setupError;
    const prefix = `aav-${process.pid}-`;
    const namespaces = execFileSync("ip", ["netns", "list"], { encoding: "utf8" });
    assert.ok(!namespaces.includes(prefix), `namespaces left: ${namespaces}`);
    assert.deepEqual(readdirSync(os.tmpdir()).filter((f) => f.startsWith(prefix)), []);
    const ours = readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .filter((p) => {
        try {
          // charon's command line is bare; its STRONGSWAN_CONF names our temp dir.
          return [`/proc/${p}/cmdline`, `/proc/${p}/environ`].some((f) => readFileSync(f, "utf8").includes(prefix));
        } catch {
          return false;
        }
      });
    assert.deepEqual(ours, [], "daemons still running");
  });
  // The run's wall time is printed above, not asserted: the suite holds no timed assertions (it
  // failed at 121 s under a load of 17 while every tunnel was sound).
});
