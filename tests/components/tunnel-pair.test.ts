/**
 * TunnelPair on its own, as a stack that composes the package's parts uses it: the args only BGP
 * or protection needs may be left out, the IPsec profile is the default with overrides over it,
 * and BGP without the addresses it needs, or an override a cloud refuses, is refused by name
 * before anything is created.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { DEFAULT_IPSEC_PROFILE, mergeProfile, toAwsTunnelOptions, toAzureIpsecPolicy, type IpsecProfile } from "../../infra/ipsec";
import { evaluateStack, modeConfig, ofType, T, type Evaluation } from "../helpers";

const FIXTURE = path.join(__dirname, "fixtures", "tunnel-pair-alone.ts");

/** Both sides of every tunnel say `profile`: each AWS tunnel's options and each Azure connection's policy. */
function assertProfile(e: Evaluation, profile: IpsecProfile): void {
  const [vpn] = ofType(e, T.vpnConnection);
  for (const n of [1, 2]) {
    for (const [option, value] of Object.entries(toAwsTunnelOptions(profile))) {
      assert.deepEqual(vpn?.inputs[`tunnel${n}${option[0]!.toUpperCase()}${option.slice(1)}`], value, `tunnel${n} ${option}`);
    }
  }
  const connections = ofType(e, T.connection);
  assert.equal(connections.length, 2);
  for (const connection of connections) assert.deepEqual(connection.inputs["ipsecPolicies"], [toAzureIpsecPolicy(profile)]);
}

describe("TunnelPair alone", () => {
  it("builds a static pair from the required args only (no keyRotation, protectedResources, BGP addresses)", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = await evaluateStack({ stack, raw, program: { module: FIXTURE, export: "staticPairWithDefaults" } });
    assert.equal(e.error, undefined, e.error?.message);
    const types = e.resources.map((r) => r.type);
    assert.equal(types.filter((t) => t === "aws:ec2/vpnConnection:VpnConnection").length, 1);
    assert.equal(types.filter((t) => t === "azure-native:network:VirtualNetworkGatewayConnection").length, 2);
    assert.equal(types.filter((t) => t === "random:index/randomPassword:RandomPassword").length, 2);
    assertProfile(e, DEFAULT_IPSEC_PROFILE);
  });

  it("merges its IPsec overrides over the default profile", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = await evaluateStack({ stack, raw, program: { module: FIXTURE, export: "pairWithPfs24" } });
    assert.equal(e.error, undefined, e.error?.message);
    assertProfile(e, mergeProfile({ phase2: { pfsGroup: 24 } }));
  });

  it("refuses an IPsec override a cloud refuses, naming it under TunnelPairArgs.ipsec, before any resource", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = await evaluateStack({ stack, raw, program: { module: FIXTURE, export: "pairWithoutPfs" } });
    assert.match(e.error?.message ?? "", /TunnelPairArgs\.ipsec\.phase2\.pfsGroup = 0: PFS must never be none/);
    assert.deepEqual(e.resources.filter((r) => !r.type.startsWith("azureawsvpn:") && r.type !== "pulumi:pulumi:Stack"), []);
  });

  it("refuses BGP without the gateway instances' APIPA addresses, naming the arg, before any resource", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = await evaluateStack({ stack, raw, program: { module: FIXTURE, export: "bgpPairWithoutApipa" } });
    assert.match(e.error?.message ?? "", /TunnelPairArgs\.apipaByInstance = \(not set\): must list two APIPA addresses \(one per tunnel number\) for each of the 2 gateway instance\(s\) with routing bgp/);
    assert.deepEqual(e.resources.filter((r) => !r.type.startsWith("azureawsvpn:") && r.type !== "pulumi:pulumi:Stack"), []);
  });
});
