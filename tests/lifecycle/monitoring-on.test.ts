// Turning monitoring on for a deployed stack (issue 13): the update model accepts every step (the
// Azure alerts were once auto-named, and the model saw them all as "named" the resource group),
// and names the tunnel option change on each VPN connection as what it is.
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { evaluateStack, readStackConfig } from "../../offline/evaluate";
import { planUpdate } from "../../offline/update";
import { TYPES } from "../../infra/types";

test("prod, monitoring off -> on: creates, two in-place tunnel option updates, no refusal", async () => {
  const previous = await evaluateStack({ stack: "prod", raw: { ...readStackConfig("prod"), "azure-aws-vpn:monitoring": { enabled: false } } });
  const next = await evaluateStack({ stack: "prod" });
  assert.equal(previous.error ?? next.error, undefined);
  const plan = planUpdate(previous, next);
  assert.deepEqual(plan.refusals, [], JSON.stringify(plan.refusals, null, 2));
  const updates = plan.steps.filter((s) => s.op === "update");
  assert.deepEqual(updates.map((s) => s.urn.split("::").pop()), ["vpn-tunnels-c1-vpn", "vpn-tunnels-c2-vpn"]);
  assert.ok(plan.steps.filter((s) => s.op !== "update").every((s) => s.op === "create"), "everything else is created");
  assert.equal(plan.steps.filter((s) => s.type === TYPES.metricAlert).length, 8);
});
