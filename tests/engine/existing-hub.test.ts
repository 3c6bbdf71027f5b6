/**
 * An existing hub through the real engine: the 'both' estate (an existing Azure VNet and VPN
 * gateway, an existing transit gateway and VPC) against a fake cloud that holds them before the
 * first run and answers the program's lookups from them. `up` creates only the tunnels' resources
 * and routes, `preview --expect-no-changes` finds nothing, `destroy` removes what it created, and
 * no call ever names an existing object. A gateway that cannot serve stops `up` with the fix
 * before anything is created.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { TYPES } from "../../infra/types";
import { REPO_ROOT } from "../../offline/stackConfig";
import { newSite, removeSite, run, worldOf, type Run, type Site } from "./harness";

const failure = (r: Run): string => `${r.errors.join("\n")}\ncloud refusals: ${r.calls.filter((c) => c.refused).map((c) => c.refused).join("; ")}`;

/** The estate, deployed to the existing gateway's subscription (the Azure login's). */
function estateConfig(): Record<string, unknown> {
  const text = readFileSync(path.join(REPO_ROOT, "examples", "estates", "Pulumi.both.yaml"), "utf8");
  const config = (parse(text) as { config: Record<string, unknown> }).config;
  return { ...config, "azure-native:subscriptionId": "11111111-2222-3333-4444-555555555555" };
}

const TUNNEL_TYPES = [TYPES.customerGateway, TYPES.vpnConnection, TYPES.tgwAssociation, TYPES.tgwPropagation, TYPES.route, TYPES.lng, TYPES.connection, TYPES.password].sort();

describe("both hubs existing: up, preview --expect-no-changes, destroy", () => {
  let site: Site;
  let existingBefore: string;
  after(() => site && removeSite(site));

  it("pulumi up creates only the tunnels' resources and routes, and touches nothing existing", async () => {
    site = newSite("both", estateConfig());
    const world = worldOf(site);
    assert.ok(world.existing().length >= 8, `the existing hub is in the fake cloud: ${world.existing().join(", ")}`);
    existingBefore = JSON.stringify(world.live().filter((o) => world.existing().includes(o.id)));
    const result = await run(site, "up");
    assert.ok(result.ok, failure(result));
    const created = [...new Set(worldOf(site).created().map((o) => o.type))].sort();
    assert.deepEqual(created, TUNNEL_TYPES);
    const existing = worldOf(site).existing();
    assert.deepEqual(result.calls.filter((c) => existing.includes(c.id)), []);
  });

  it("pulumi preview --expect-no-changes finds nothing to do", async () => {
    const result = await run(site, "preview-no-changes");
    assert.ok(result.ok, failure(result));
    assert.deepEqual(result.steps.filter((s) => !["same", "read"].includes(s.op)), []);
  });

  it("pulumi destroy removes what it created and leaves the existing hub as it was", async () => {
    const result = await run(site, "destroy");
    assert.ok(result.ok, failure(result));
    const world = worldOf(site);
    assert.deepEqual(world.created().map((o) => o.urn), []);
    assert.equal(JSON.stringify(world.live().filter((o) => world.existing().includes(o.id))), existingBefore);
  });
});

describe("an existing gateway that cannot serve", () => {
  let site: Site;
  after(() => site && removeSite(site));

  it("stops pulumi up with the reason and the fix, before anything is created", async () => {
    site = newSite("both", estateConfig());
    const world = worldOf(site);
    const gateway = world.live().find((o) => o.type === TYPES.gateway);
    assert.ok(gateway, "the existing gateway is in the fake cloud");
    gateway.outputs["enableBgp"] = false;
    world.save();
    const result = await run(site, "up");
    assert.equal(result.ok, false, "up must stop");
    assert.match(result.errors.join("\n"), /existingAzure\.gatewayId has BGP off, but the stack says routing: bgp: turn BGP on \(az network vnet-gateway update --resource-group rg-network-hub --name vgw-hub --enable-bgp true/);
    // Every resource waits for the existing gateways' checks: nothing is created.
    assert.deepEqual(worldOf(site).created().map((o) => `${o.type} ${o.urn}`), []);
  });
});
