/**
 * Findings 1-4 of issue 10: the update model must see each stuck path, and each must complete
 * after the fix (these tests failed on the code before the fix).
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { planUpdate, formatUpdatePlan } from "../../offline/update";
import { withConfig, evaluateStack, readStackConfig } from "../helpers";
import type { RawConfig } from "../../infra/config";
import { TYPES } from "../../infra/types";

async function change(base: RawConfig, changes: Record<string, unknown>): Promise<ReturnType<typeof planUpdate>> {
  const previous = await evaluateStack({ stack: "dev", raw: base });
  const next = await evaluateStack({ stack: "dev", raw: withConfig(base, changes) });
  assert.equal(previous.error, undefined, previous.error?.message);
  assert.equal(next.error, undefined, next.error?.message);
  return planUpdate(previous, next);
}

const dev = (): RawConfig => readStackConfig("dev");
const assertCompletes = (plan: ReturnType<typeof planUpdate>): void => assert.ok(plan.completes, formatUpdatePlan(plan));

test("finding 1: azureAsn change replaces the customer gateway and completes (create-before-delete)", async () => {
  const plan = await change(withConfig(dev(), { routing: "bgp", activeActive: true }), { azureAsn: 65010 });
  assert.ok(plan.steps.some((s) => s.op === "create-replacement" && s.type === TYPES.customerGateway));
  assertCompletes(plan);
});

test("finding 2: static to BGP on a virtual private gateway completes", async () => {
  const plan = await change(withConfig(dev(), { activeActive: true }), { routing: "bgp" });
  assert.ok(plan.steps.some((s) => s.op === "create-replacement" && s.type === TYPES.vpnConnection));
  assertCompletes(plan);
  assert.ok(plan.outages.length > 0, "the VPN connection replacement names an outage");
});

test("finding 3: a public IP zone change completes (the gateway goes with it)", async () => {
  const plan = await change(dev(), { publicIpZones: ["1"] });
  assert.ok(plan.steps.some((s) => s.op === "create-replacement" && s.type === TYPES.publicIp));
  assertCompletes(plan);
});

test("finding 4: a gateway generation change and a local network gateway rename complete", async () => {
  const gen = await change(withConfig(dev(), { gatewaySku: "VpnGw2AZ" }), { gatewayGeneration: "Generation2" });
  assert.ok(gen.steps.some((s) => s.op === "create-replacement" && s.type === TYPES.gateway));
  assertCompletes(gen);
  const lng = await change(dev(), { localNetworkGatewayName: "lng-renamed" });
  assert.ok(lng.steps.some((s) => s.op === "create-replacement" && s.type === TYPES.lng));
  assertCompletes(lng);
});
