/**
 * The update model against the engine's own rules (pulumi/pulumi v3.276 pkg/resource/deploy) and
 * the providers' Diff answers (docs/constraints.md, "Update model"). Each test failed on the model
 * before these rules.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { formatUpdatePlan, planUpdate, type UpdatePlan } from "../../offline/update";
import { planSteps, type Step } from "../../offline/update/engine";
import { REPLACE_TRIGGERS } from "../../offline/update/replacement";
import { COMPONENT_PREFIX, TYPES } from "../../infra/types";
import { evaluateStack, readStackConfig, withConfig, type Evaluation, type RegisteredResource } from "../helpers";
import type { RawConfig } from "../../infra/config";

const URN = (name: string): string => `urn:pulumi:t::p::${name}`;

/** A custom resource: `fed` maps an input to the names of the resources whose outputs feed it. */
function res(name: string, type: string, inputs: Record<string, unknown>, fed: Record<string, string[]> = {}, options: Partial<RegisteredResource> = {}, state: Record<string, unknown> = {}): RegisteredResource {
  const propertyDependencies = Object.fromEntries(Object.entries(fed).map(([k, v]) => [k, v.map(URN)]));
  return {
    urn: URN(name), type, name, custom: true, inputs, secretInputPaths: [], state: { ...inputs, ...state }, protect: false,
    dependencies: [...new Set([...Object.values(propertyDependencies).flat(), ...(options.replaceWith ?? [])])], propertyDependencies, aliases: [],
    deleteBeforeReplace: false, replaceOnChanges: [], ignoreChanges: [], replaceWith: [], requestedAtMs: 0, createdAtMs: 0, ...options,
  };
}

const evaluation = (resources: RegisteredResource[]): Evaluation => ({ stack: "t", raw: {}, resources, outputs: {}, secretOutputs: [], warnings: [], durationMs: 0 });
const ops = (steps: readonly Step[]): string[] => steps.map((s) => `${s.op} ${s.urn.split("::").pop()}`);
const at = (steps: readonly Step[], op: Step["op"], name: string): number => steps.findIndex((s) => s.op === op && s.urn === URN(name));
const dbr = { deleteBeforeReplace: true, deleteBeforeReplaceDefined: true };

async function change(stack: string, base: RawConfig, changes: Record<string, unknown>): Promise<UpdatePlan> {
  const previous = await evaluateStack({ stack, raw: base });
  const next = await evaluateStack({ stack, raw: withConfig(base, changes) });
  assert.equal(previous.error, undefined, previous.error?.message);
  assert.equal(next.error, undefined, next.error?.message);
  return planUpdate(previous, next);
}

describe("delete-before-replace dependents (calculateDependentReplacements)", () => {
  // A subnet (delete-before-replace, its CIDR changes) with: a route table association whose
  // subnetId forces a replacement; an instance fed only through an in-place input (tags) and
  // replaced for its own reason (ami); a route that only dependsOn the subnet.
  const before = (ami: string, cidr: string): RegisteredResource[] => [
    res("subnet", TYPES.awsSubnet, { cidrBlock: cidr }, {}, dbr, { id: "subnet-0123456789abcdef" }),
    res("rta", TYPES.routeTableAssociation, { subnetId: "subnet-0123456789abcdef" }, { subnetId: ["subnet"] }),
    res("vm", TYPES.instance, { ami, tags: { Subnet: "subnet-0123456789abcdef" } }, { tags: ["subnet"] }),
    res("route", TYPES.route, { destinationCidrBlock: "0.0.0.0/0" }, {}, { dependencies: [URN("subnet")] }),
  ];

  it("deletes first only the dependents whose provider says replace with the replaced outputs unknown", () => {
    const { steps } = planSteps(evaluation(before("ami-1", "10.0.1.0/24")), evaluation(before("ami-2", "10.0.2.0/24")));
    const deleteSubnet = at(steps, "delete-replaced", "subnet");
    assert.ok(at(steps, "delete-replaced", "rta") < deleteSubnet, ops(steps).join("\n"));
    // The instance is replaced (its ami), but create-before-delete: its old copy goes last.
    assert.ok(at(steps, "delete-replaced", "vm") > at(steps, "create-replacement", "vm"), ops(steps).join("\n"));
    assert.ok(!steps.some((s) => s.urn === URN("route") && s.op !== "update"), ops(steps).join("\n"));
  });

  it("adds the resources whose replaceWith names the root, not those that name a dependent of it", () => {
    const resources = (name: string): RegisteredResource[] => [
      res("root", TYPES.lng, { localNetworkGatewayName: name }, {}, dbr),
      res("direct", TYPES.connection, { virtualNetworkGatewayConnectionName: "cn" }, {}, { replaceWith: [URN("root")] }),
      res("indirect", TYPES.connection, { virtualNetworkGatewayConnectionName: "cn2" }, {}, { replaceWith: [URN("direct")] }),
    ];
    const { steps } = planSteps(evaluation(resources("a")), evaluation(resources("b")));
    assert.ok(at(steps, "delete-replaced", "direct") < at(steps, "delete-replaced", "root"), ops(steps).join("\n"));
    // "indirect" is replaced too (its replaceWith target is), after "direct" registers: create-before-delete.
    assert.ok(at(steps, "create-replacement", "indirect") < at(steps, "delete-replaced", "indirect"), ops(steps).join("\n"));
  });

  it("on the real stack, a VPN connection that does not say replace on customerGatewayId leaves its customer gateway in use", async () => {
    const dev = readStackConfig("dev");
    const previous = await evaluateStack({ stack: "dev", raw: dev });
    const next = await evaluateStack({ stack: "dev", raw: withConfig(dev, { publicIpZones: ["1"] }) });
    const strip = (e: Evaluation): Evaluation => ({ ...e, resources: e.resources.map((r) => (r.type === TYPES.vpnConnection ? { ...r, replaceOnChanges: [] } : r)) });
    const plan = planUpdate(strip(previous), strip(next));
    assert.ok(plan.refusals.some((r) => /customer gateway in use|customer gateway a VPN connection uses/.test(r.rule)), formatUpdatePlan(plan));
  });

  it("a public IP zone or name change completes: every holder is deleted before what it holds", async () => {
    for (const changes of [{ publicIpZones: ["1"] }, { publicIpName: "pip-vpn-2" }]) {
      const plan = await change("dev", readStackConfig("dev"), changes);
      assert.ok(plan.completes, formatUpdatePlan(plan));
      const del = (type: string): number => plan.steps.findIndex((s) => s.op === "delete-replaced" && s.type === type);
      assert.ok(del(TYPES.connection) < del(TYPES.gateway) && del(TYPES.gateway) < del(TYPES.publicIp), formatUpdatePlan(plan));
      assert.ok(del(TYPES.vpnConnection) < del(TYPES.customerGateway) && del(TYPES.customerGateway) < del(TYPES.publicIp), formatUpdatePlan(plan));
    }
  });
});

describe("removed dependents of a delete-before-replace resource", () => {
  it("static to BGP deletes the VPN connection's routes before the VPN connection, not last", async () => {
    const plan = await change("dev", withConfig(readStackConfig("dev"), { activeActive: true }), { routing: "bgp" });
    const route = plan.steps.findIndex((s) => s.type === TYPES.vpnConnectionRoute);
    const vpn = plan.steps.findIndex((s) => s.op === "delete-replaced" && s.type === TYPES.vpnConnection);
    assert.ok(route >= 0 && vpn >= 0 && route < vpn, formatUpdatePlan(plan));
    assert.equal(plan.steps[route]!.op, "delete-replaced", "deleted as a dependent (the engine's DeleteReplacementStep)");
    assert.ok(plan.completes, formatUpdatePlan(plan));
  });
});

describe("protect", () => {
  it("a replacement is refused only when the old and the new state are both protected", () => {
    const gw = (name: string, protect: boolean): RegisteredResource => res("gw", TYPES.gateway, { virtualNetworkGatewayName: name }, {}, { ...dbr, protect });
    assert.equal(planSteps(evaluation([gw("a", true)]), evaluation([gw("b", false)])).refusals.length, 0);
    assert.equal(planSteps(evaluation([gw("a", false)]), evaluation([gw("b", true)])).refusals.length, 0);
    assert.equal(planSteps(evaluation([gw("a", true)]), evaluation([gw("b", true)])).refusals.length, 1);
  });

  it("a removed resource whose old state is protected is refused; a create-before-delete old copy is not checked", () => {
    const removed = planSteps(evaluation([res("tgw", TYPES.transitGateway, {}, {}, { protect: true })]), evaluation([]));
    assert.match(removed.refusals.join("\n"), /no longer declared/);
    const cbd = planSteps(evaluation([res("cgw", TYPES.customerGateway, { ipAddress: "198.51.100.10" }, {}, { protect: true })]), evaluation([res("cgw", TYPES.customerGateway, { ipAddress: "198.51.100.11" })]));
    assert.equal(cbd.refusals.length, 0);
  });

  it("a delete-first dependent whose old state is protected is refused", () => {
    const resources = (name: string, protect: boolean): RegisteredResource[] => [
      res("lng", TYPES.lng, { localNetworkGatewayName: name }, {}, dbr),
      res("conn", TYPES.connection, { virtualNetworkGatewayConnectionName: "cn" }, {}, { replaceWith: [URN("lng")], protect }),
    ];
    assert.match(planSteps(evaluation(resources("a", true)), evaluation(resources("b", false))).refusals.join("\n"), /deleted first/);
  });

  it("prod: an acknowledged gateway generation change completes; awsAttachment tgw -> vgw is refused (the protected transit gateway is removed)", async () => {
    const prod = readStackConfig("prod");
    const gen = await change("prod", prod, { gatewayGeneration: "Generation1", acknowledgeDisruption: ["gatewayGeneration"] });
    assert.ok(gen.steps.some((s) => s.op === "create-replacement" && s.type === TYPES.gateway), formatUpdatePlan(gen));
    assert.ok(gen.completes, formatUpdatePlan(gen));
    const vgw = await change("prod", prod, { awsAttachment: "vgw" });
    assert.ok(!vgw.completes);
    assert.ok(vgw.engineRefusals.some((r) => r.includes(TYPES.transitGateway) && /no longer declared/.test(r)), formatUpdatePlan(vgw));
  });
});

describe("delete-before-replace asked for by the provider", () => {
  it("azure-native asks for it on a named resource's replacement; the program's option wins", () => {
    const lng = (name: string, options: Partial<RegisteredResource> = {}): RegisteredResource => res("lng", TYPES.lng, { localNetworkGatewayName: name }, {}, options);
    assert.deepEqual(ops(planSteps(evaluation([lng("a")]), evaluation([lng("b")])).steps), ["delete-replaced lng", "create-replacement lng"]);
    const cbd = { deleteBeforeReplace: false, deleteBeforeReplaceDefined: true };
    assert.deepEqual(ops(planSteps(evaluation([lng("a", cbd)]), evaluation([lng("b", cbd)])).steps), ["create-replacement lng", "delete-replaced lng"]);
  });

  it("the bridge asks for it where pulumi-aws sets ResourceInfo.DeleteBeforeReplace (a transit gateway VPC attachment); not on a replaceWith replacement", () => {
    const att = (vpc: string, options: Partial<RegisteredResource> = {}): RegisteredResource => res("att", TYPES.tgwVpcAttachment, { vpcId: vpc }, {}, options);
    assert.deepEqual(ops(planSteps(evaluation([att("vpc-1")]), evaluation([att("vpc-2")])).steps), ["delete-replaced att", "create-replacement att"]);
    const withTarget = (asn: string): RegisteredResource[] => [res("cgw", TYPES.customerGateway, { bgpAsn: asn }), att("vpc-1", { replaceWith: [URN("cgw")] })];
    const steps = ops(planSteps(evaluation(withTarget("65000")), evaluation(withTarget("65001"))).steps);
    assert.ok(steps.indexOf("create-replacement att") < steps.indexOf("delete-replaced att"), steps.join("\n"));
    assert.ok(REPLACE_TRIGGERS[TYPES.securityGroupRule]?.deleteBeforeReplace);
    assert.equal(REPLACE_TRIGGERS[TYPES.vpnConnection]?.deleteBeforeReplace, undefined);
  });
});

describe("inputs fed by a replaced resource are known in up", () => {
  const gwId = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/gw";
  it("an Azure resource re-created under its name keeps its id: a dependent fed by the id sees no change", () => {
    const resources = (generation: string): RegisteredResource[] => [
      res("gw", TYPES.gateway, { virtualNetworkGatewayName: "gw", vpnGatewayGeneration: generation }, {}, { ...dbr, replaceOnChanges: ["vpnGatewayGeneration"], id: gwId }),
      res("alert", TYPES.metricAlert, { ruleName: "r", scopes: [gwId] }, { scopes: ["gw"] }),
    ];
    const { steps } = planSteps(evaluation(resources("Generation1")), evaluation(resources("Generation2")));
    assert.ok(!steps.some((s) => s.urn === URN("alert")), ops(steps).join("\n"));
  });

  it("an AWS resource gets a new id, a public IP a new address, a password a new result", () => {
    const aws = (asn: string): RegisteredResource[] => [
      res("cgw", TYPES.customerGateway, { bgpAsn: asn }, {}, { id: "cgw-0123456789abcdef0" }),
      res("alarm", TYPES.metricAlarm, { dimensions: { CustomerGateway: "cgw-0123456789abcdef0" } }, { dimensions: ["cgw"] }),
    ];
    assert.ok(ops(planSteps(evaluation(aws("65000")), evaluation(aws("65001"))).steps).includes("update alarm"));
    const pip = (zones: string[]): RegisteredResource[] => [
      res("pip", TYPES.publicIp, { publicIpAddressName: "pip", zones }, {}, { ...dbr, replaceOnChanges: ["zones"], id: "/subscriptions/0/pip" }, { ipAddress: "198.51.100.10" }),
      res("cgw", TYPES.customerGateway, { ipAddress: "198.51.100.10" }, { ipAddress: ["pip"] }),
    ];
    assert.ok(ops(planSteps(evaluation(pip(["1", "2", "3"])), evaluation(pip(["1"]))).steps).includes("create-replacement cgw"));
    const key = (length: number): RegisteredResource[] => [
      res("key", TYPES.password, { length }, {}, { id: "none" }, { result: "0abcdefghijklmnopqrstuvwxyz" }),
      res("vpn", TYPES.vpnConnection, { tunnel1PresharedKey: "Kabcdefghijklmnopqrstuvwxyz" }, { tunnel1PresharedKey: ["key"] }),
    ];
    assert.ok(ops(planSteps(evaluation(key(40)), evaluation(key(41))).steps).includes("update vpn"));
  });

  it("prod: an acknowledged gateway generation change leaves the metric alerts on the gateway untouched", async () => {
    const plan = await change("prod", readStackConfig("prod"), { gatewayGeneration: "Generation1", acknowledgeDisruption: ["gatewayGeneration"] });
    assert.ok(!plan.steps.some((s) => s.type === TYPES.metricAlert), formatUpdatePlan(plan));
  });
});

describe("the replacement table", () => {
  it("has a row for every resource type infra/types.ts lists and every type the committed stacks register", async () => {
    const missing = Object.values(TYPES).filter((t) => !t.startsWith(COMPONENT_PREFIX) && REPLACE_TRIGGERS[t] === undefined);
    assert.deepEqual(missing, []);
    for (const stack of ["dev", "prod", "scale"]) {
      const e = await evaluateStack({ stack });
      assert.equal(e.error, undefined, e.error?.message);
      const unlisted = [...new Set(e.resources.filter((r) => r.custom && REPLACE_TRIGGERS[r.type] === undefined).map((r) => r.type))];
      assert.deepEqual(unlisted, [], stack);
    }
  });

  it("a diagnostic setting's resourceUri is a URL path property: a replaced target replaces it when it is deleted first", () => {
    assert.ok(REPLACE_TRIGGERS[TYPES.diagnosticSetting]?.properties.includes("resourceUri"));
    const resources = (name: string): RegisteredResource[] => [
      res("gw", TYPES.gateway, { virtualNetworkGatewayName: name }, {}, dbr),
      res("diag", TYPES.diagnosticSetting, { name: "d", resourceUri: `/x/${name}` }, { resourceUri: ["gw"] }),
    ];
    const { steps } = planSteps(evaluation(resources("a")), evaluation(resources("b")));
    assert.ok(at(steps, "delete-replaced", "diag") < at(steps, "delete-replaced", "gw"), ops(steps).join("\n"));
  });

  it("location is not replace-forcing in azure-native (updated in place, which Azure refuses: the cloud rule says so)", () => {
    for (const [type, row] of Object.entries(REPLACE_TRIGGERS)) if (type.startsWith("azure-native:")) assert.ok(!row.properties.includes("location"), type);
  });
});

describe("concurrent delete-before-replace chains", () => {
  // Two public IPs, each delete-before-replace (a zones change), and a gateway whose name input is
  // fed by both: each IP's chain would delete the gateway first. The engine skips a dependent
  // another chain has claimed without waiting for it, so the second IP may go while the gateway
  // still holds it, unless that IP registers after the first.
  const world = (zones: string[], ordered: boolean): RegisteredResource[] => [
    res("pip1", TYPES.publicIp, { publicIpAddressName: "pip1", zones }, {}, { ...dbr, replaceOnChanges: ["zones"] }),
    res("pip2", TYPES.publicIp, { publicIpAddressName: "pip2", zones }, {}, { ...dbr, replaceOnChanges: ["zones"], ...(ordered ? { dependencies: [URN("pip1")] } : {}) }),
    res("gw", TYPES.gateway, { virtualNetworkGatewayName: "gw" }, { virtualNetworkGatewayName: ["pip1", "pip2"] }),
  ];

  it("is refused when the two roots may run at the same time", () => {
    const plan = planUpdate(evaluation(world(["1", "2", "3"], false)), evaluation(world(["1"], false)));
    assert.equal(plan.completes, false, formatUpdatePlan(plan));
    assert.match(plan.engineRefusals.join("\n"), /chains run concurrently/);
  });

  it("completes when the second root registers after the first (dependsOn)", () => {
    const plan = planUpdate(evaluation(world(["1", "2", "3"], true)), evaluation(world(["1"], true)));
    assert.ok(plan.completes, formatUpdatePlan(plan));
  });
});
