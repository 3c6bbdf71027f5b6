/**
 * Every committed stack through the real engine and the fake cloud: `pulumi up` from nothing,
 * `pulumi preview --expect-no-changes`, then `pulumi destroy` (prod after lifting protection the
 * documented way: `protect: false`, `pulumi up`). Each completes under the clouds' rules, and the
 * fake cloud holds exactly what the stack declares, then nothing.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { committedConfig, newSite, removeSite, run, worldOf, writeStackConfig, type Run, type Site } from "./harness";

const failure = (r: Run): string => `${r.errors.join("\n")}\ncloud refusals: ${r.calls.filter((c) => c.refused).map((c) => c.refused).join("; ")}`;

for (const stack of ["dev", "prod", "scale"] as const) {
  describe(`${stack}: up, preview --expect-no-changes, destroy`, () => {
    let site: Site;
    after(() => site && removeSite(site));

    it("pulumi up creates every declared resource", async () => {
      site = newSite(stack, committedConfig(stack));
      const result = await run(site, "up");
      assert.ok(result.ok, failure(result));
      const creates = result.steps.filter((s) => s.op === "create" && !s.type.startsWith("pulumi:") && !s.type.startsWith("azureawsvpn:"));
      assert.equal(worldOf(site).created().length, creates.length, "the fake cloud holds one object per created custom resource");
      assert.ok(creates.length > 10);
      assert.equal(result.calls.filter((c) => c.refused).length, 0);
      process.stdout.write(`# ${stack}: up ${creates.length} resources in ${result.seconds.toFixed(1)} s\n`);
    });

    it("pulumi preview --expect-no-changes finds nothing to do", async () => {
      const result = await run(site, "preview-no-changes");
      assert.ok(result.ok, failure(result));
      assert.deepEqual(result.steps.filter((s) => !["same", "read"].includes(s.op)), []);
    });

    it("pulumi destroy removes everything", async () => {
      const config = committedConfig(stack);
      if (config["azure-aws-vpn:protect"] === true) {
        // README, "Tear down": protection is lifted by config and an up before destroy.
        const refused = await run(site, "destroy");
        assert.equal(refused.ok, false, "destroy of a protected stack must be refused by the engine");
        assert.match(refused.errors.join("\n"), /protect/);
        writeStackConfig(site, { ...config, "azure-aws-vpn:protect": false });
        const lifted = await run(site, "up");
        assert.ok(lifted.ok, failure(lifted));
      }
      const result = await run(site, "destroy");
      assert.ok(result.ok, failure(result));
      const world = worldOf(site);
      assert.deepEqual(world.created().map((o) => o.urn), []);
      // Existing networks (the scale stack's existing spokes) are referenced, never changed or deleted.
      const existing = world.existing();
      assert.deepEqual(result.calls.filter((c) => existing.includes(c.id)), []);
    });
  });
}
