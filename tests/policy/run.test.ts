/**
 * runPoliciesOnResources: the whole pack over a list of recorded resources, as a program evaluated
 * under mocks will feed it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { runPoliciesOnResources, toPolicyResources, type PolicyInputResource } from "../../policy/run";
import { connectionProps, gatewayProps, publicIpProps, TYPES, urnOf, vpnConnectionProps } from "./fixtures";

const POLICY_DIR = path.resolve(__dirname, "../../policy");

function resource(type: string, name: string, props: Record<string, unknown>, extra: Partial<PolicyInputResource> = {}): PolicyInputResource {
  return { type, name, urn: urnOf(type, name, "prod"), props, protect: true, ...extra };
}

/** A small prod-like stack that passes every policy. */
function goodStack(): PolicyInputResource[] {
  const k1 = resource(TYPES.password, "tunnels-c1-c1t1-key", { length: 40 }, { protect: false });
  const k2 = resource(TYPES.password, "tunnels-c1-c1t2-key", { length: 40 }, { protect: false });
  return [
    k1,
    k2,
    resource(TYPES.gateway, "azure-gateway", gatewayProps("VpnGw2AZ")),
    resource(TYPES.publicIp, "azure-pip-1", publicIpProps()),
    resource(TYPES.customerGateway, "aws-cgw-1", { bgpAsn: "65010", ipAddress: "20.1.2.3", type: "ipsec.1" }),
    resource(TYPES.vpnConnection, "tunnels-c1-vpn", vpnConnectionProps(MONITORED_VPN), {
      secretPaths: ["tunnel1PresharedKey", "tunnel2PresharedKey"],
      propertyDependencies: { tunnel1PresharedKey: [k1.urn], tunnel2PresharedKey: [k2.urn], customerGatewayId: [] },
    }),
    resource(TYPES.connection, "tunnels-c1-c1t1-connection", connectionProps(), {
      protect: false,
      secretPaths: ["sharedKey"],
      propertyDependencies: { sharedKey: [k1.urn] },
    }),
    // Monitoring, which prod-monitoring requires of a production stack.
    resource(TYPES.topic, "mon-topic", {}, { protect: false }),
    ...[{ TunnelIpAddress: "203.0.113.10" }, { TunnelIpAddress: "203.0.113.11" }, { VpnId: "vpn-0123" }].map((dimensions, i) =>
      resource(TYPES.metricAlarm, `mon-alarm-${i}`, { namespace: "AWS/VPN", metricName: "TunnelState", dimensions }, { protect: false })),
    resource(TYPES.diagnosticSetting, "mon-diagnostics", { logs: [{ category: "TunnelDiagnosticLog", enabled: true }, { category: "IKEDiagnosticLog", enabled: true }] }, { protect: false }),
    resource(TYPES.metricAlert, "mon-alert-c1t1", {}, { protect: false }),
  ];
}

const LOGS = { cloudwatchLogOptions: { logEnabled: true, logGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:x", logOutputFormat: "json" } };
const MONITORED_VPN = { tunnel1LogOptions: LOGS, tunnel2LogOptions: LOGS };

function replace(stack: PolicyInputResource[], name: string, change: (r: PolicyInputResource) => PolicyInputResource): PolicyInputResource[] {
  let found = false;
  const result = stack.map((r) => {
    if (r.name !== name) return r;
    found = true;
    return change(r);
  });
  assert.ok(found, `no resource ${name}`);
  return result;
}

describe("runPoliciesOnResources", () => {
  it("finds nothing in a good production stack", () => {
    assert.deepEqual(runPoliciesOnResources(goodStack(), "prod"), []);
  });

  it("reports each violation with policy, resource name, URN, message and level, in pack order", () => {
    let stack = replace(goodStack(), "tunnels-c1-vpn", (r) => ({ ...r, props: { ...r.props, tunnel1IkeVersions: ["ikev1", "ikev2"], tunnel1Phase1DhGroupNumbers: [2] } }));
    stack = replace(stack, "tunnels-c1-c1t1-connection", (r) => ({ ...r, secretPaths: [], propertyDependencies: {} }));
    stack = replace(stack, "azure-gateway", (r) => ({ ...r, protect: false }));
    const violations = runPoliciesOnResources(stack, "prod");
    assert.deepEqual(
      violations.map((v) => [v.policyName, v.resourceName]),
      [
        ["ikev2-only", "tunnels-c1-vpn"],
        ["strong-ipsec-crypto", "tunnels-c1-vpn"],
        ["keys-from-secrets", "tunnels-c1-c1t1-connection"],
        ["keys-generated", "tunnels-c1-c1t1-connection"],
        ["prod-protection", "azure-gateway"],
      ],
    );
    for (const v of violations) {
      assert.equal(v.enforcementLevel, "mandatory");
      assert.equal(v.urn, stack.find((r) => r.name === v.resourceName)?.urn);
    }
    assert.match(violations[0]!.message, /tunnel1IkeVersions is \["ikev1","ikev2"\]/);
  });

  it("decides prod-protection by the stack it is given", () => {
    const stack = goodStack().map((r) => ({ ...r, protect: false }));
    assert.deepEqual(runPoliciesOnResources(stack, "dev"), []);
    assert.equal(runPoliciesOnResources(stack, "prod").filter((v) => v.policyName === "prod-protection").length, 4);
  });

  it("names stack-wide violations (no URN) '(stack)'", () => {
    const [violation] = runPoliciesOnResources(goodStack(), "");
    assert.deepEqual([violation?.policyName, violation?.resourceName, violation?.urn], ["prod-protection", "(stack)", undefined]);
  });

  it("checks secretness only where it is given, and provenance only where dependencies are given", () => {
    const unknownFacts = goodStack().map((r): PolicyInputResource => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.props }, protect: r.protect }));
    const withLiteralKeys = replace(unknownFacts, "tunnels-c1-c1t1-connection", (r) => ({ ...r, props: { ...r.props, sharedKey: "typed-in-by-hand" } }));
    assert.deepEqual(runPoliciesOnResources(withLiteralKeys, "prod"), []);
    const knownFacts = replace(goodStack(), "tunnels-c1-c1t1-connection", (r) => ({ ...r, secretPaths: [], propertyDependencies: {} }));
    assert.deepEqual(runPoliciesOnResources(knownFacts, "prod").map((v) => v.policyName), ["keys-from-secrets", "keys-generated"]);
  });

  it("applies policy config, as policy/config.prod.json holds it", () => {
    const config: unknown = JSON.parse(readFileSync(path.join(POLICY_DIR, "config.prod.json"), "utf8"));
    assert.ok(config !== null && typeof config === "object" && !Array.isArray(config));
    const stack = replace(goodStack(), "azure-gateway", (r) => ({ ...r, protect: false }));
    assert.equal(runPoliciesOnResources(stack, "prod", { policyConfig: config as Record<string, unknown> }).length, 1, "the committed config exempts nothing");
    assert.deepEqual(runPoliciesOnResources(stack, "prod", { policyConfig: { "prod-protection": { exempt: ["azure-gateway"] } } }), []);
    assert.deepEqual(runPoliciesOnResources(stack, "prod", { policyConfig: { "prod-protection": "disabled" } }), []);
    const advisory = runPoliciesOnResources(stack, "prod", { policyConfig: { "prod-protection": { enforcementLevel: "advisory" } } });
    assert.deepEqual(advisory.map((v) => v.enforcementLevel), ["advisory"]);
  });

  it("links parents and property dependencies like the SDK's analyzeStack", () => {
    const parent = resource(TYPES.tunnelPair, "tunnels-c1", {});
    const key = resource(TYPES.password, "k", {}, { parent: parent.urn });
    const conn = resource(TYPES.connection, "c", connectionProps(), { parent: parent.urn, propertyDependencies: { sharedKey: [key.urn, "urn:not:in:the:list"] } });
    const [, builtKey, builtConn] = toPolicyResources([parent, key, conn]);
    assert.equal(builtKey?.parent?.name, "tunnels-c1");
    assert.deepEqual(builtConn?.propertyDependencies["sharedKey"]?.map((r) => r.name), ["k"]);
    assert.deepEqual(builtConn?.dependencies.map((r) => r.name), ["k"]);
    assert.equal(builtConn?.opts.protect, true);
  });

  it("refuses asynchronous policies instead of missing their findings", () => {
    const asyncPolicy: ResourceValidationPolicy = {
      name: "async",
      description: "an asynchronous policy",
      validateResource: async () => undefined,
    };
    assert.throws(() => runPoliciesOnResources(goodStack(), "dev", { policies: [asyncPolicy] }), /asynchronous/);
  });

  it("is fast enough for whole stacks (350 resources well under 2 s)", () => {
    const many = Array.from({ length: 50 }, () => goodStack()).flat();
    const started = performance.now();
    runPoliciesOnResources(many, "prod");
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `${many.length} resources took ${elapsed.toFixed(0)} ms`);
  });
});
