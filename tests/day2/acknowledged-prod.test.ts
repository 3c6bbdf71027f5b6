/**
 * The guards' disruption list and the update model cannot disagree on what a protected stack
 * needs: on prod, every guarded setting's change, made the way the README's "Change a setting
 * safely" says (first `pulumi up` with the setting in acknowledgeDisruption, which lifts protect
 * from what that setting replaces; then the change), completes under the engine's protect rules,
 * which the update model applies (offline/update/engine.ts). A guard that forgot a kind of
 * resource its setting's change replaces or removes would leave it protected, and Pulumi would
 * refuse the change.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { GUARDED_SETTING_NAMES, isGuardedSetting } from "../../infra/guards";
import { formatUpdatePlan, planUpdate } from "../../offline/update";
import { evaluateStack, readStackConfig, withConfig } from "../helpers";
import { changeFor, MODES } from "../lifecycle/everyKey";

/** The every-key change, or one that fits prod where that one does not (BGP, active-active, tgw, 10.20.0.0/16). */
function prodChange(setting: string): Record<string, unknown> {
  if (setting === "awsAttachment") return { awsAttachment: "vgw", awsSpokes: [] };
  if (setting === "routing") return { routing: "static", awsAttachment: "vgw", activeActive: true };
  if (setting === "activeActive") return { routing: "static", activeActive: false, awsAttachment: "vgw" };
  if (setting === "gatewayGeneration") return { gatewayGeneration: "Generation1" };
  if (setting === "gatewaySubnetCidr") return { gatewaySubnetCidr: "10.20.255.0/26" };
  return changeFor(setting, MODES["bgp active-active"]);
}

describe("prod: each guarded setting's change, acknowledged, completes", () => {
  const prod = readStackConfig("prod");
  for (const setting of GUARDED_SETTING_NAMES) {
    if (setting === "ipsec" || setting === "keyRotation") continue; // resets in place: nothing protected is replaced
    it(`${setting}`, async () => {
      const change = prodChange(setting);
      const acknowledged = Object.keys(change).filter(isGuardedSetting);
      // The state after step 1: the acknowledgement deployed, protect lifted.
      const previous = await evaluateStack({ stack: "prod", raw: withConfig(prod, { acknowledgeDisruption: acknowledged }) });
      const next = await evaluateStack({ stack: "prod", raw: withConfig(prod, { ...change, acknowledgeDisruption: acknowledged }) });
      assert.equal(next.error, undefined, next.error?.message);
      const plan = planUpdate(previous, next);
      assert.deepEqual(plan.engineRefusals, [], `${setting} acknowledged (${acknowledged.join(", ")}):\n${formatUpdatePlan(plan)}`);
    });
  }
});
