/**
 * An existing Azure spoke in another subscription than the hub's (the landing-zone layout), on both
 * paths (stack config and VpnArgs), under Pulumi's mocks: the spoke-side peering is created
 * through an explicit azure-native provider for the spoke's subscription (a child of AzureSpokes),
 * the hub-side peering names the spoke by its full resource id (subscription kept), and the plan
 * says so. It used to be created with the stack's own provider, in the wrong subscription, and
 * then refused.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { loadPriceTable } from "../../offline/cost";
import { buildPlanReport, renderText } from "../../offline/report";
import { evaluateStack, readStackConfig, T, withConfig, type Evaluation, type RegisteredResource } from "../helpers";
import { OTHER_SUBSCRIPTION_VNET } from "./fixtures/spoke-args";

const FIXTURE = path.join(__dirname, "fixtures", "spoke-args.ts");
const SPOKE_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111";
const PROVIDER = T.azureProvider;

function named(e: Evaluation, type: string, name: string): RegisteredResource {
  const found = e.resources.find((r) => r.type === type && r.name === name);
  assert.ok(found, `no ${type} ${name} among ${e.resources.map((r) => r.name).join(", ")}`);
  return found;
}

/** What both paths must show for the scale stack's existing spoke (vnet-spoke-data) moved to another subscription. */
function checkCrossSubscription(e: Evaluation): void {
  assert.equal(e.error, undefined, e.error?.message);
  const providers = e.resources.filter((r) => r.type === PROVIDER);
  assert.deepEqual(providers.map((p) => [p.name, p.inputs["subscriptionId"]]), [[`vpn-azure-spokes-subscription-${SPOKE_SUBSCRIPTION}`, SPOKE_SUBSCRIPTION]]);
  const provider = providers[0]!;
  assert.match(provider.urn, /azureawsvpn:index:AzureSpokes\$pulumi:providers:azure-native::/, "a child of the spokes component");
  const spokeSide = named(e, T.vnetPeering, "vpn-azure-spokes-vnet-spoke-data-spoke-peering");
  assert.equal(spokeSide.provider, `${provider.urn}::${provider.id}`, "the spoke-side peering goes to the spoke subscription's provider");
  assert.equal(spokeSide.inputs["resourceGroupName"], "rg-far");
  assert.equal(spokeSide.inputs["virtualNetworkName"], "vnet-far");
  const hubSide = named(e, T.vnetPeering, "vpn-azure-spokes-vnet-spoke-data-hub-peering");
  assert.equal(hubSide.provider, undefined, "the hub-side peering stays with the stack's provider");
  assert.deepEqual(hubSide.inputs["remoteVirtualNetwork"], { id: OTHER_SUBSCRIPTION_VNET }, "the hub-side peering keeps the spoke's subscription in its id");
  // The created spoke is the stack's: both its peerings use the stack's provider.
  for (const name of ["vpn-azure-spokes-vnet-spoke-app-spoke-peering", "vpn-azure-spokes-vnet-spoke-app-hub-peering"]) assert.equal(named(e, T.vnetPeering, name).provider, undefined, name);
}

describe("an existing Azure spoke in another subscription", () => {
  it("stack config path: the spoke-side peering through a provider for the spoke's subscription, the hub side by the full id", async () => {
    const raw = readStackConfig("scale");
    const spokes = (raw["azure-aws-vpn:azureSpokes"] as { vnetId?: string }[]).map((s) => (s.vnetId === undefined ? s : { ...s, vnetId: OTHER_SUBSCRIPTION_VNET }));
    const e = await evaluateStack({ stack: "scale", raw: withConfig(raw, { azureSpokes: spokes }) });
    checkCrossSubscription(e);
    // The plan says so.
    const text = renderText(buildPlanReport(e, { prices: loadPriceTable() }));
    assert.match(text, new RegExp(`Azure vnet-spoke-data 10\\.22\\.0\\.0/16 \\(existing, subscription ${SPOKE_SUBSCRIPTION}, resource group rg-far; its spoke-side peering through the azure-native provider vpn-azure-spokes-subscription-${SPOKE_SUBSCRIPTION} for that subscription; the hub's peering names it by its full id\\)`));
  });

  it("the same through VpnArgs (one rule)", async () => {
    checkCrossSubscription(await evaluateStack({ stack: "scale", program: { module: FIXTURE, export: "crossSubscriptionSpoke" } }));
  });

  it("one provider per subscription, whatever the letter case of its id", async () => {
    const raw = readStackConfig("scale");
    const id = (subscription: string, vnet: string): string => `/subscriptions/${subscription}/resourceGroups/rg-far/providers/Microsoft.Network/virtualNetworks/${vnet}`;
    const spokes = (raw["azure-aws-vpn:azureSpokes"] as { vnetId?: string }[]).map((s) => (s.vnetId === undefined ? s : { ...s, vnetId: id("abcdef01-1111-1111-1111-111111111111", "vnet-far") }));
    spokes.push({ name: "vnet-spoke-other", addressSpace: ["10.23.0.0/16"], vnetId: id("ABCDEF01-1111-1111-1111-111111111111", "vnet-other") } as { vnetId?: string });
    const e = await evaluateStack({ stack: "scale", raw: withConfig(raw, { azureSpokes: spokes }) });
    assert.equal(e.error, undefined, e.error?.message);
    const providers = e.resources.filter((r) => r.type === PROVIDER);
    assert.deepEqual(providers.map((p) => [p.name, p.inputs["subscriptionId"]]), [["vpn-azure-spokes-subscription-abcdef01-1111-1111-1111-111111111111", "abcdef01-1111-1111-1111-111111111111"]]);
    const reference = `${providers[0]!.urn}::${providers[0]!.id}`;
    assert.equal(named(e, T.vnetPeering, "vpn-azure-spokes-vnet-spoke-other-spoke-peering").provider, reference);
    assert.equal(named(e, T.vnetPeering, "vpn-azure-spokes-vnet-spoke-data-spoke-peering").provider, reference);
  });
});
