/**
 * TunnelPair on its own, as a stack that composes the package's parts uses it: the args only BGP
 * or protection needs may be left out, and BGP without the addresses it needs is refused by name
 * before anything is created.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { evaluateStack, modeConfig } from "../helpers";

const FIXTURE = path.join(__dirname, "fixtures", "tunnel-pair-alone.ts");

describe("TunnelPair alone", () => {
  it("builds a static pair from the required args only (no keyRotation, protectedResources, BGP addresses)", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = await evaluateStack({ stack, raw, program: { module: FIXTURE, export: "staticPairWithDefaults" } });
    assert.equal(e.error, undefined, e.error?.message);
    const types = e.resources.map((r) => r.type);
    assert.equal(types.filter((t) => t === "aws:ec2/vpnConnection:VpnConnection").length, 1);
    assert.equal(types.filter((t) => t === "azure-native:network:VirtualNetworkGatewayConnection").length, 2);
    assert.equal(types.filter((t) => t === "random:index/randomPassword:RandomPassword").length, 2);
  });

  it("refuses BGP without the gateway instances' APIPA addresses, naming the arg, before any resource", async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    const e = await evaluateStack({ stack, raw, program: { module: FIXTURE, export: "bgpPairWithoutApipa" } });
    assert.match(e.error?.message ?? "", /TunnelPairArgs\.apipaByInstance = \(not set\): must list two APIPA addresses \(one per tunnel number\) for each of the 2 gateway instance\(s\) with routing bgp/);
    assert.deepEqual(e.resources.filter((r) => !r.type.startsWith("azureawsvpn:") && r.type !== "pulumi:pulumi:Stack"), []);
  });
});
