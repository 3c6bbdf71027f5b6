/**
 * Guarded replacements: every guarded setting's valid change is named as disruptive with the
 * resources it replaces; routine changes are not; prod protects the slow and address-bearing
 * resources, an acknowledgement lifts protection from exactly what that setting replaces, and the
 * replacement options the providers need are set.
 */
import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { validateConfig, type RawConfig } from "../../infra/config";
import { disruptiveChanges, GUARDED_RESOURCES, GUARDED_SETTING_NAMES, GUARDED_SETTINGS, isProtected, protectedResources, type GuardedResource } from "../../infra/guards";
import { evaluateOk, evaluateStacksOk, GUARDED_TYPES, ofType, key, programRefusal, withConfig, withProtectOf, T, validated, type Evaluation } from "../helpers";

/** Prod with a virtual private gateway instead of a transit gateway (BGP, active-active). */
const prodVgw = (): RawConfig => withConfig("prod", { awsAttachment: "vgw" });
/** Prod as static routing over a virtual private gateway, active-active. */
const prodStatic = (): RawConfig => withConfig("prod", { awsAttachment: "vgw", routing: "static" });

interface Recipe {
  /** The valid config the change starts from (prod unless the change needs another base). */
  base: () => RawConfig;
  /** The same config with the setting changed to another valid value (and non-guarded companions). */
  change: Record<string, unknown>;
}

/**
 * One valid change per guarded setting. A change that would be invalid on its own gets a base in
 * which it is valid alone (routing static needs a virtual private gateway; active-standby needs
 * static routing) or a non-guarded companion (a new VPC CIDR needs subnets inside it).
 */
const RECIPES: Readonly<Record<string, Recipe>> = {
  resourceGroupName: { base: () => withConfig("prod", {}), change: { resourceGroupName: "rg-vpn-prod-2" } },
  vnetName: { base: () => withConfig("prod", {}), change: { vnetName: "vnet-prod-2" } },
  gatewayName: { base: () => withConfig("prod", {}), change: { gatewayName: "vpngw-prod-2" } },
  gatewaySubnetCidr: { base: () => withConfig("prod", {}), change: { gatewaySubnetCidr: "10.20.254.0/27" } },
  gatewayGeneration: { base: () => withConfig("prod", {}), change: { gatewayGeneration: "Generation1" } },
  activeActive: { base: prodStatic, change: { activeActive: false } },
  publicIpName: { base: () => withConfig("prod", {}), change: { publicIpName: "pip-vpngw-prod-2" } },
  publicIpZones: { base: () => withConfig("prod", {}), change: { publicIpZones: ["1"] } },
  azureAsn: { base: () => withConfig("prod", {}), change: { azureAsn: 65020 } },
  awsAsn: { base: () => withConfig("prod", {}), change: { awsAsn: 64600 } },
  awsAttachment: { base: () => withConfig("prod", {}), change: { awsAttachment: "vgw" } },
  routing: { base: prodVgw, change: { routing: "static" } },
  vpcCidr: {
    base: () => withConfig("prod", {}),
    change: {
      vpcCidr: "10.40.0.0/16",
      awsSubnets: [
        { name: "subnet-prod-a", cidr: "10.40.1.0/24", availabilityZone: "us-east-1a" },
        { name: "subnet-prod-b", cidr: "10.40.2.0/24", availabilityZone: "us-east-1b" },
      ],
    },
  },
  tunnelInsideCidrs: {
    base: () => withConfig("prod", {}),
    change: { tunnelInsideCidrs: ["169.254.21.0/30", "169.254.22.0/30", "169.254.21.8/30", "169.254.22.4/30"] },
  },
  tunnelBandwidth: { base: () => withConfig("prod", { gatewaySku: "VpnGw4AZ" }), change: { tunnelBandwidth: "large" } },
  ipsec: { base: () => withConfig("prod", {}), change: { ipsec: { dpdTimeoutSeconds: 60 } } },
  keyRotation: { base: () => withConfig("prod", {}), change: { keyRotation: { c2t1: 1, c2t2: 1 } } },
  existingAzure: { base: () => withConfig("prod", {}), change: { existingAzure: { resourceGroupName: "rg-network" }, resourceGroupName: undefined } },
  existingAws: {
    base: () => withConfig("prod", {}),
    change: { existingAws: { vpcId: "vpc-0123456789abcdef0", routeTableIds: ["rtb-0123456789abcdef0"], subnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }, awsSubnets: undefined },
  },
};

describe("disruptiveChanges names each guarded setting", () => {
  it("has a recipe for every guarded setting (add one when a setting is guarded)", () => {
    assert.deepEqual(Object.keys(RECIPES).sort(), Object.keys(GUARDED_SETTINGS).sort());
  });

  for (const setting of GUARDED_SETTING_NAMES) {
    it(`${setting}: a valid change is disruptive, naming exactly ${setting} and its resources`, () => {
      const recipe = RECIPES[setting];
      assert.ok(recipe, `no recipe for guarded setting ${setting}`);
      const baseRaw = recipe.base();
      const previous = validated(baseRaw, "prod");
      const next = validated(withConfig(baseRaw, recipe.change), "prod");
      const changes = disruptiveChanges(previous, next);
      assert.deepEqual(changes.map((c) => c.setting), [setting]);
      const [change] = changes;
      const rule = GUARDED_SETTINGS[setting];
      assert.deepEqual(change!.resources, rule.resources);
      assert.equal(change!.kind, rule.kind);
      assert.equal(change!.why, rule.why);
      // What each kind means is checked against the update model in disruption-model.test.ts.
      assert.equal(change!.resources.length > 0, rule.kind === "replaces");
      assert.equal(change!.acknowledged, false);
      assert.notDeepEqual(change!.from, change!.to);
      if (setting !== "keyRotation") {
        assert.deepEqual(change!.from, previous[setting as keyof typeof previous]);
        assert.deepEqual(change!.to, next[setting as keyof typeof next]);
      }
      // Acknowledged in the next config: the same change, marked acknowledged.
      const acknowledged = validated(withConfig(baseRaw, { ...recipe.change, acknowledgeDisruption: [setting] }), "prod");
      assert.deepEqual(disruptiveChanges(previous, acknowledged).map((c) => [c.setting, c.acknowledged]), [[setting, true]]);
      // And nothing is disruptive from a config to itself.
      assert.deepEqual(disruptiveChanges(next, next), []);
    });
  }

  it("adding tunnels by going active-active does not report the existing tunnels' inside CIDRs", () => {
    const previous = validated(withConfig(prodStatic(), { activeActive: false }), "prod");
    const next = validated(prodStatic(), "prod");
    assert.deepEqual(disruptiveChanges(previous, next).map((c) => c.setting), ["activeActive"]);
  });
});

describe("routine changes are not disruptive", () => {
  const prod = (): RawConfig => withConfig("prod", {});
  const routine: Record<string, Record<string, unknown>> = {
    "adding a workload subnet": {
      azureSubnets: [
        { name: "snet-workload-01", cidr: "10.20.1.0/24" },
        { name: "snet-workload-02", cidr: "10.20.2.0/24" },
        { name: "snet-workload-03", cidr: "10.20.3.0/24" },
      ],
    },
    "gatewaySku VpnGw2AZ -> VpnGw3AZ (same generation)": { gatewaySku: "VpnGw3AZ" },
    "adding an AWS subnet": {
      awsSubnets: [
        { name: "subnet-prod-a", cidr: "10.30.1.0/24", availabilityZone: "us-east-1a" },
        { name: "subnet-prod-b", cidr: "10.30.2.0/24", availabilityZone: "us-east-1b" },
        { name: "subnet-prod-c", cidr: "10.30.3.0/24", availabilityZone: "us-east-1c" },
      ],
    },
    "renaming the VPC tag": { vpcName: "vpc-prod-renamed" },
    "rotating one tunnel's key": { keyRotation: { c2t2: 4 } },
    "an acknowledgement alone": { acknowledgeDisruption: ["gatewayGeneration"] },
  };
  for (const [what, change] of Object.entries(routine)) {
    it(what, () => {
      assert.deepEqual(disruptiveChanges(validated(prod(), "prod"), validated(withConfig(prod(), change), "prod")), []);
    });
  }
});

/** The guarded kinds of the protected resources of an evaluation, with their names. */
function protectedByKind(evaluation: Evaluation): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const resource of evaluation.resources.filter((r) => r.protect)) {
    const kind = (Object.keys(GUARDED_TYPES) as GuardedResource[]).find((k) => GUARDED_TYPES[k].includes(resource.type)) ?? `unguarded ${resource.type}`;
    (result[kind] ??= []).push(resource.name);
  }
  for (const names of Object.values(result)) names.sort();
  return result;
}

/** Every resource of the guarded kinds, by kind. */
function guardedByKind(evaluation: Evaluation, kinds: readonly GuardedResource[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const kind of kinds) {
    const names = evaluation.resources.filter((r) => GUARDED_TYPES[kind].includes(r.type)).map((r) => r.name).sort();
    if (names.length > 0) result[kind] = names;
  }
  return result;
}

describe("protection", () => {
  let prod: Evaluation;
  let dev: Evaluation;
  before(async () => ({ prod, dev } = await evaluateStacksOk("prod", "dev")));

  it("prod protects the gateway, public IPs, customer gateways, VPN connections, transit gateway and VPC, and nothing else", () => {
    assert.deepEqual(protectedByKind(prod), guardedByKind(prod, GUARDED_RESOURCES));
    assert.deepEqual(protectedByKind(prod), {
      gateway: ["vpn-azure-gateway"],
      publicIps: ["vpn-azure-pip-1", "vpn-azure-pip-2"],
      customerGateways: ["vpn-aws-cgw-1", "vpn-aws-cgw-2"],
      vpnConnections: ["vpn-tunnels-c1-vpn", "vpn-tunnels-c2-vpn"],
      awsGateway: ["vpn-aws-tgw"],
      vpc: ["vpn-aws-vpc"],
    });
  });

  it("prod with a virtual private gateway protects it", async () => {
    const vgw = await evaluateOk("prod", prodVgw());
    assert.deepEqual(protectedByKind(vgw)["awsGateway"], ["vpn-aws-vgw"]);
    assert.deepEqual(protectedByKind(vgw), guardedByKind(vgw, GUARDED_RESOURCES));
  });

  it("dev protects nothing", () => {
    assert.deepEqual(dev.resources.filter((r) => r.protect).map((r) => r.name), []);
  });

  /** Each resource's protect flag, by name. */
  const protectFlags = (evaluation: Evaluation): Record<string, boolean> => Object.fromEntries(evaluation.resources.map((r) => [r.name, r.protect]));

  it("acknowledging gatewayGeneration lifts protect from exactly the gateway", async () => {
    const raw = withConfig("prod", { acknowledgeDisruption: ["gatewayGeneration"] });
    const acknowledged = await evaluateOk("prod", raw);
    const expected = protectedByKind(prod);
    delete expected["gateway"];
    assert.deepEqual(protectedByKind(acknowledged), expected);
    assert.equal(ofType(acknowledged, T.gateway)[0]!.protect, false);
    // What tests that skip evaluating an acknowledgement take instead (disruption-model.test.ts).
    assert.deepEqual(protectFlags(withProtectOf(prod, raw, "prod")), protectFlags(acknowledged));
  });

  it("acknowledging azureAsn lifts protect from exactly the customer gateways and VPN connections", async () => {
    const raw = withConfig("prod", { acknowledgeDisruption: ["azureAsn"] });
    const acknowledged = await evaluateOk("prod", raw);
    const expected = protectedByKind(prod);
    delete expected["customerGateways"];
    delete expected["vpnConnections"];
    assert.deepEqual(protectedByKind(acknowledged), expected);
    assert.deepEqual(protectFlags(withProtectOf(prod, raw, "prod")), protectFlags(acknowledged));
  });

  it("every acknowledgement lifts protection from exactly the resources its setting replaces (isProtected)", () => {
    const prodConfig = validated(withConfig("prod", {}), "prod");
    for (const [setting, rule] of Object.entries(GUARDED_SETTINGS)) {
      const config = validated(withConfig("prod", { acknowledgeDisruption: [setting] }), "prod");
      const unprotected = GUARDED_RESOURCES.filter((kind) => !isProtected(config, kind));
      assert.deepEqual(unprotected, GUARDED_RESOURCES.filter((kind) => rule.resources.includes(kind)), setting);
    }
    assert.ok(GUARDED_RESOURCES.every((kind) => isProtected(prodConfig, kind)));
    const devConfig = validated(withConfig("dev", {}), "dev");
    assert.ok(GUARDED_RESOURCES.every((kind) => !isProtected(devConfig, kind)));
  });

  it("the components' protection set lists exactly the protected kinds (protectedResources)", () => {
    assert.deepEqual(protectedResources(validated(withConfig("prod", {}), "prod")), [...GUARDED_RESOURCES]);
    // A new VPC CIDR replaces the VPC alone (the update model: the gateway attachments move, the gateways stay).
    assert.deepEqual(protectedResources(validated(withConfig("prod", { acknowledgeDisruption: ["vpcCidr"] }), "prod")), ["gateway", "publicIps", "customerGateways", "vpnConnections", "awsGateway"]);
    assert.deepEqual(protectedResources(validated(withConfig("dev", {}), "dev")), []);
  });

  it("an unknown acknowledgement is rejected by validation, naming the key, and nothing is created", () => {
    const raw = withConfig("prod", { acknowledgeDisruption: ["gatewayGeneration", "gatewaySku"] });
    const result = validateConfig(raw, "prod");
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.errors.map((e) => [e.key, e.value]), [[key("acknowledgeDisruption[1]"), "gatewaySku"]]);
    // The program throws this before any resource (programRefusal: tests/config/bad-configs.test.ts).
    assert.match(programRefusal("prod", raw)?.message ?? "", /azure-aws-vpn:acknowledgeDisruption\[1\] = "gatewaySku": is not a guarded setting/);
  });

  it("names inherited from Object.prototype are not guarded settings", async () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const raw = withConfig("prod", { acknowledgeDisruption: [name] });
      const result = validateConfig(raw, "prod");
      assert.deepEqual(result.ok ? [] : result.errors.map((e) => e.key), [key("acknowledgeDisruption[0]")], name);
    }
  });
});

describe("replacement options the providers need", () => {
  let prod: Evaluation;
  let dev: Evaluation;
  before(async () => ({ prod, dev } = await evaluateStacksOk("prod", "dev")));

  for (const stack of ["prod", "dev"]) {
    const evaluation = (): Evaluation => (stack === "prod" ? prod : dev);

    it(`${stack}: the gateway is deleted before it is replaced and replaced on a generation change`, () => {
      const [gateway, ...more] = ofType(evaluation(), T.gateway);
      assert.equal(more.length, 0);
      assert.equal(gateway!.deleteBeforeReplace, true);
      assert.ok(gateway!.replaceOnChanges.includes("vpnGatewayGeneration"), `replaceOnChanges: ${gateway!.replaceOnChanges.join(", ")}`);
    });

    it(`${stack}: gateway public IPs are replaced on a zones change, deleting first`, () => {
      const gateway = ofType(evaluation(), T.gateway)[0]!;
      const ids = new Set(((gateway.inputs["ipConfigurations"] as { publicIPAddress?: { id?: string } }[]) ?? []).map((c) => c.publicIPAddress?.id));
      const pips = ofType(evaluation(), T.publicIp).filter((p) => ids.has(p.id));
      assert.equal(pips.length, stack === "prod" ? 2 : 1);
      for (const pip of pips) {
        assert.ok(pip.replaceOnChanges.includes("zones"), `${pip.name} replaceOnChanges: ${pip.replaceOnChanges.join(", ")}`);
        assert.equal(pip.deleteBeforeReplace, true, pip.name);
      }
    });

    // Issue 10, finding 1: AWS refuses to delete a customer gateway a VPN connection uses, so a
    // replacement is created first and the connection moves to it (tests/lifecycle).
    it(`${stack}: customer gateways are created before the old ones are deleted`, () => {
      const cgws = ofType(evaluation(), T.customerGateway);
      assert.ok(cgws.length > 0);
      for (const cgw of cgws) assert.equal(cgw.deleteBeforeReplace, false, cgw.name);
    });

    it(`${stack}: Azure connections are replaced on a connectionProtocol change (and their LNGs delete first)`, () => {
      const connections = ofType(evaluation(), T.connection);
      assert.equal(connections.length, stack === "prod" ? 4 : 2);
      for (const connection of connections) {
        assert.ok(connection.replaceOnChanges.includes("connectionProtocol"), `${connection.name} replaceOnChanges: ${connection.replaceOnChanges.join(", ")}`);
      }
      for (const lng of ofType(evaluation(), T.lng)) assert.equal(lng.deleteBeforeReplace, true, lng.name);
    });
  }
});
