/**
 * Vpn refuses what the clouds or Pulumi would refuse before its first child registers: a duplicate
 * URN class through its args; an existing spoke in another subscription than the provider's, which
 * only the provider knows (no azure-native:subscriptionId in the config), before any peering is
 * declared, on both paths (stack config and VpnArgs), under Pulumi's mocks.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { evaluateStack, readStackConfig, T, withConfig, type Evaluation } from "../helpers";
import { OTHER_SUBSCRIPTION_VNET } from "./fixtures/refused-args";

const FIXTURE = path.join(__dirname, "fixtures", "refused-args.ts");
const children = (e: Evaluation): string[] => e.resources.filter((r) => r.type !== T.vpn).map((r) => `${r.type} ${r.name}`);

describe("Vpn refuses before registering what would fail later", () => {
  it("two AWS spoke subnets with one name: VpnArgs problem, no child registered", async () => {
    const e = await evaluateStack({ stack: "scale", program: { module: FIXTURE, export: "duplicateSpokeSubnets" } });
    assert.ok(e.error, "the program ran");
    assert.match(e.error.message, /VpnArgs\.awsSpokes\[0\]\.subnets\[1\]\.name = "app": repeats subnets\[0\]'s name/);
    assert.deepEqual(children(e), []);
  });

  it("an existing spoke in another subscription than the provider's: refused before any peering, config path", async () => {
    const raw = readStackConfig("scale");
    const spokes = (raw["azure-aws-vpn:azureSpokes"] as { vnetId?: string }[]).map((s) => (s.vnetId === undefined ? s : { ...s, vnetId: OTHER_SUBSCRIPTION_VNET }));
    const e = await evaluateStack({ stack: "scale", raw: withConfig(raw, { azureSpokes: spokes }) });
    assert.ok(e.error, "the program ran");
    assert.match(e.error.message, /azure-aws-vpn:azureSpokes\[1\]\.vnetId = "\/subscriptions\/11111111-[^"]*": is in subscription 11111111-1111-1111-1111-111111111111, but the stack deploys to subscription 00000000-0000-0000-0000-000000000000/);
    assert.deepEqual(e.resources.filter((r) => r.type === T.vnetPeering).map((r) => r.name), []);
  });

  it("the same through VpnArgs", async () => {
    const e = await evaluateStack({ stack: "scale", program: { module: FIXTURE, export: "crossSubscriptionSpoke" } });
    assert.ok(e.error, "the program ran");
    assert.match(e.error.message, /VpnArgs\.azureSpokes\[1\]\.vnetId = .*needs an explicit provider for that subscription, which this program does not support yet/);
    assert.deepEqual(e.resources.filter((r) => r.type === T.vnetPeering).map((r) => r.name), []);
  });
});
