/**
 * URNs are the identity Pulumi keeps state under: renaming a resource without an alias replaces
 * it. These pins cover the address-bearing resources (gateway, public IPs, customer gateways, VPN
 * connections, local network gateways, connections) and the component type tokens, per routing
 * mode. A change here must come with an `alias` (and a comment why) on the renamed resource.
 * Also: two Vpns in one program never collide, because every child's name derives from its Vpn's.
 *
 * The URNs are composed as the engine composes them (the parent's qualified type chain, then the
 * type and name), from what the program registered: Pulumi's mocks shorten the chain to the
 * direct parent's type, so the mocked URNs themselves are not the deployed ones.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as path from "node:path";
import { COMPONENT_PREFIX, MODES, T, evaluateModes, evaluateStack, modeConfig, type Evaluation, type Mode } from "../helpers";

const VPN = "azureawsvpn:index:Vpn";
const AZ = `${VPN}$azureawsvpn:index:AzureSide`;
const AWS = `${VPN}$azureawsvpn:index:AwsSide`;
const PAIR = `${VPN}$azureawsvpn:index:TunnelPair`;
const urn = (stack: string, typePath: string, name: string): string => `urn:pulumi:${stack}::azure-aws-vpn::${typePath}::${name}`;

function pinned(mode: Mode): string[] {
  const stack = modeConfig(mode).stack;
  const activeActive = mode !== "static-active-standby";
  const tgw = mode.endsWith("-tgw");
  const instances = activeActive ? [1, 2] : [1];
  const tunnelIds = instances.flatMap((c) => [`c${c}t1`, `c${c}t2`]);
  // Monitoring (issue 13) is on in the prod-based (BGP) modes: three new components, no URN moved.
  const monitored = stack === "prod";
  return [
    ...(monitored ? [urn(stack, `${VPN}$azureawsvpn:index:AwsTunnelLogs`, "vpn-aws-logs"), urn(stack, `${VPN}$azureawsvpn:index:AwsMonitoring`, "vpn-aws-monitoring"), urn(stack, `${VPN}$azureawsvpn:index:AzureMonitoring`, "vpn-azure-monitoring")] : []),
    urn(stack, VPN, "vpn"),
    urn(stack, AZ, "vpn-azure"),
    urn(stack, AWS, "vpn-aws"),
    ...instances.map((c) => urn(stack, PAIR, `vpn-tunnels-c${c}`)),
    urn(stack, `${AZ}$${T.gateway}`, "vpn-azure-gateway"),
    ...instances.map((i) => urn(stack, `${AZ}$${T.publicIp}`, `vpn-azure-pip-${i}`)),
    ...instances.map((i) => urn(stack, `${AWS}$${T.customerGateway}`, `vpn-aws-cgw-${i}`)),
    urn(stack, `${AWS}$${tgw ? T.transitGateway : T.vpnGateway}`, tgw ? "vpn-aws-tgw" : "vpn-aws-vgw"),
    ...instances.map((c) => urn(stack, `${PAIR}$${T.vpnConnection}`, `vpn-tunnels-c${c}-vpn`)),
    ...tunnelIds.map((id) => urn(stack, `${PAIR}$${T.lng}`, `vpn-tunnels-c${id[1]}-${id}-lng`)),
    ...tunnelIds.map((id) => urn(stack, `${PAIR}$${T.connection}`, `vpn-tunnels-c${id[1]}-${id}-connection`)),
  ].sort();
}

const ADDRESS_BEARING: string[] = [T.gateway, T.publicIp, T.customerGateway, T.vpnGateway, T.transitGateway, T.vpnConnection, T.lng, T.connection];

/** The URN the engine gives a registered resource: stack, project, qualified type chain, name. */
function engineUrn(e: Evaluation, r: Evaluation["resources"][number]): string {
  const chain: string[] = [];
  for (let at: typeof r | undefined = r; at; at = e.resources.find((x) => x.urn === at!.parentUrn)) chain.unshift(at.type);
  return urn(e.stack, chain.join("$"), r.name);
}

let evaluations: Record<Mode, Evaluation>;
before(async () => {
  evaluations = await evaluateModes();
});

describe("URN pins", () => {
  for (const mode of MODES) {
    it(`${mode}: components and address-bearing resources keep their URNs`, () => {
      const e = evaluations[mode];
      const actual = e.resources
        .filter((r) => !r.custom || ADDRESS_BEARING.includes(r.type))
        .filter((r) => !(r.type === T.publicIp && r.name.includes("-test-")))
        .map((r) => engineUrn(e, r))
        .filter((u) => !u.includes("TestHosts"))
        .sort();
      assert.deepEqual(actual, pinned(mode));
    });
  }

  it("component type tokens", () => {
    const tokens = new Set(Object.values(evaluations).flatMap((e) => e.resources.filter((r) => !r.custom).map((r) => r.type)));
    assert.deepEqual([...tokens].sort(), ["Vpn", "AzureSide", "AwsSide", "TunnelPair", "TestHosts", "AwsTunnelLogs", "AwsMonitoring", "AzureMonitoring"].map((n) => `${COMPONENT_PREFIX}${n}`).sort());
  });
});

describe("two Vpns in one program", () => {
  it("register without a URN collision, each child named from its own Vpn", async () => {
    const { stack, raw } = modeConfig("bgp-active-active-tgw");
    const e = await evaluateStack({ stack, raw, program: { module: path.join(__dirname, "fixtures", "two-vpns.ts"), export: "twoVpns" } });
    assert.equal(e.error, undefined, e.error?.message);
    const urns = e.resources.map((r) => engineUrn(e, r));
    assert.equal(new Set(urns).size, urns.length, "every URN is unique");
    const single = e.resources.filter((r) => r.type === VPN).length;
    assert.equal(single, 2);
    for (const r of e.resources.filter((x) => x.type !== VPN)) assert.match(r.name, /^(east|west)-/, `${r.type} ${r.name} is not named from its Vpn`);
  });
});
