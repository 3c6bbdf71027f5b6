/**
 * Key rotation: raising one tunnel's generation in `keyRotation` regenerates that tunnel's key
 * only, writes it to both clouds, and changes nothing else; the guards call it disruptive only when
 * both tunnels of one AWS VPN connection rotate at once.
 */
import { describe, it, before } from "node:test";
import * as assert from "node:assert/strict";
import { validateConfig, type RawConfig } from "../../infra/config";
import { disruptiveChanges, rotatedTunnels } from "../../infra/guards";
import { presharedKeyProblem, toAwsPresharedKey } from "../../infra/keys";
import { differingProperties, evaluateOk, named, ofType, withConfig, expectStr, T, validated, wiringProblems, type Evaluation, type RegisteredResource } from "../helpers";

/** The logical names of one tunnel's resources (infra/components/tunnelPair.ts). */
function tunnelNames(id: string): { connection: number; tunnel: 1 | 2; password: string; vpn: string; lng: string; azureConnection: string } {
  const match = /^c(\d)t([12])$/.exec(id);
  assert.ok(match, `bad tunnel id ${id}`);
  const connection = Number(match[1]);
  const pair = `vpn-tunnels-c${connection}`;
  return {
    connection,
    tunnel: Number(match[2]) as 1 | 2,
    password: `${pair}-${id}-key`,
    vpn: `${pair}-vpn`,
    lng: `${pair}-${id}-lng`,
    azureConnection: `${pair}-${id}-connection`,
  };
}

/** The tunnel's key on each side: AWS tunnelN pre-shared key, the Azure connection's shared key. */
function keysOf(evaluation: Evaluation, id: string): { aws: string; azure: string; password: string } {
  const names = tunnelNames(id);
  return {
    aws: expectStr(named(evaluation, names.vpn).inputs, `tunnel${names.tunnel}PresharedKey`),
    azure: expectStr(named(evaluation, names.azureConnection).inputs, "sharedKey"),
    password: expectStr(named(evaluation, names.password).state, "result"),
  };
}

function tunnelIds(evaluation: Evaluation): string[] {
  return ofType(evaluation, T.connection).map((c) => /-(c\dt\d)-connection$/.exec(c.name)![1]!).sort();
}

/**
 * Compares two evaluations resource by resource (by URN) and returns, for each resource whose
 * inputs differ, the differing top-level input properties. Also insists that both evaluations
 * declare the same resources with the same resource options.
 */
function inputChanges(previous: Evaluation, next: Evaluation): Map<string, { resource: RegisteredResource; properties: string[] }> {
  const afterByUrn = new Map(next.resources.map((r) => [r.urn, r]));
  assert.deepEqual(next.resources.map((r) => r.urn).sort(), previous.resources.map((r) => r.urn).sort(), "the rotation must declare exactly the same resources");
  const changes = new Map<string, { resource: RegisteredResource; properties: string[] }>();
  for (const old of previous.resources) {
    const now = afterByUrn.get(old.urn)!;
    for (const option of ["protect", "deleteBeforeReplace", "replaceOnChanges", "ignoreChanges", "parentUrn"] as const) {
      assert.deepEqual(now[option], old[option], `${old.name}: resource option ${option} changed`);
    }
    const properties = differingProperties(old.inputs, now.inputs);
    if (properties.length > 0) changes.set(old.name, { resource: now, properties });
  }
  return changes;
}

for (const stack of ["prod", "dev"]) {
  describe(`key rotation of c1t2 (${stack})`, () => {
    let baseline: Evaluation;
    let after: Evaluation;
    const names = tunnelNames("c1t2");

    before(async () => {
      baseline = await evaluateOk(stack);
      after = await evaluateOk(stack, withConfig(stack, { keyRotation: { c1t2: 1 } }));
    });

    it("changes the rotated tunnel's key on both sides, to the same new value", () => {
      const old = keysOf(baseline, "c1t2");
      const now = keysOf(after, "c1t2");
      assert.equal(old.aws, old.azure, "baseline: both sides share the key");
      assert.equal(now.aws, now.azure, "after: both sides share the new key");
      assert.notEqual(now.aws, old.aws, "the AWS tunnel2PresharedKey of connection 1 changed");
      assert.notEqual(now.azure, old.azure, "the Azure connection's sharedKey changed");
      assert.notEqual(now.password, old.password, "the RandomPassword produced a new value");
      assert.equal(now.aws, toAwsPresharedKey(now.password), "the key is the RandomPassword's result, made AWS-safe");
      assert.deepEqual(wiringProblems(after), []);
    });

    it("leaves every other tunnel's key unchanged", () => {
      const others = tunnelIds(baseline).filter((id) => id !== "c1t2");
      assert.ok(others.length >= 1);
      for (const id of others) assert.deepEqual(keysOf(after, id), keysOf(baseline, id), `${id}'s key must not change`);
    });

    it("changes exactly the key's RandomPassword keepers, tunnel2PresharedKey of connection 1 and the c1t2 connection's sharedKey", () => {
      const changes = inputChanges(baseline, after);
      const summary = Object.fromEntries([...changes].map(([name, change]) => [name, change.properties]));
      assert.deepEqual(summary, {
        [names.password]: ["keepers"],
        [names.vpn]: ["tunnel2PresharedKey"],
        [names.azureConnection]: ["sharedKey"],
      });
      assert.deepEqual(named(baseline, names.password).inputs["keepers"], { generation: "0" });
      assert.deepEqual(named(after, names.password).inputs["keepers"], { generation: "1" });
    });

    it("updates in place: no changed property is in its resource's replaceOnChanges", () => {
      for (const [name, change] of inputChanges(baseline, after)) {
        // The RandomPassword is the key itself: a new key is a new password resource, by design.
        if (change.resource.type === T.password) continue;
        const forcing = change.resource.replaceOnChanges.filter((p) => p === "*" || change.properties.some((c) => p === c || p.startsWith(`${c}.`) || p.startsWith(`${c}[`)));
        assert.deepEqual(forcing, [], `${name}: ${change.properties.join(", ")} would force a replacement`);
      }
      // Both key-bearing resources are updated, not replaced: neither is a replace-first resource
      // through a replaceOnChanges on the key.
      assert.ok(!named(after, names.vpn).replaceOnChanges.some((p) => p.includes("PresharedKey")));
      assert.ok(!named(after, names.azureConnection).replaceOnChanges.some((p) => p.includes("sharedKey")));
    });

    it("keeps the new key secret on both sides and valid for both clouds", () => {
      const vpn = named(after, names.vpn);
      const connection = named(after, names.azureConnection);
      assert.ok(vpn.secretInputPaths.includes("tunnel2PresharedKey"), `secret paths: ${vpn.secretInputPaths.join(", ")}`);
      assert.ok(vpn.secretInputPaths.includes("tunnel1PresharedKey"), `secret paths: ${vpn.secretInputPaths.join(", ")}`);
      assert.ok(connection.secretInputPaths.includes("sharedKey"), `secret paths: ${connection.secretInputPaths.join(", ")}`);
      const key = keysOf(after, "c1t2").aws;
      assert.equal(presharedKeyProblem(key), undefined, `new key ${key.length} chars breaks: ${presharedKeyProblem(key)}`);
      for (const id of tunnelIds(after)) assert.equal(presharedKeyProblem(keysOf(after, id).aws), undefined, `${id}'s key`);
    });

    it("rotating again (generation 2) gives yet another key; an unchanged generation keeps it", async () => {
      const again = await evaluateOk(stack, withConfig(stack, { keyRotation: { c1t2: 2 } }));
      const same = await evaluateOk(stack, withConfig(stack, { keyRotation: { c1t2: 1 } }));
      assert.notEqual(keysOf(again, "c1t2").aws, keysOf(after, "c1t2").aws);
      assert.notEqual(keysOf(again, "c1t2").aws, keysOf(baseline, "c1t2").aws);
      assert.equal(keysOf(same, "c1t2").aws, keysOf(after, "c1t2").aws);
      // Generation 0 written out is the default: no change at all.
      const explicitZero = await evaluateOk(stack, withConfig(stack, { keyRotation: { c1t2: 0 } }));
      assert.equal(inputChanges(baseline, explicitZero).size, 0);
    });
  });
}

describe("key rotation of each prod tunnel alone", () => {
  it("changes that tunnel's key on both sides and nothing else", async () => {
    const base = await evaluateOk("prod");
    const ids = tunnelIds(base);
    assert.deepEqual(ids, ["c1t1", "c1t2", "c2t1", "c2t2"]);
    for (const id of ids) {
      const rotated = await evaluateOk("prod", withConfig("prod", { keyRotation: { [id]: 1 } }));
      const names = tunnelNames(id);
      const summary = Object.fromEntries([...inputChanges(base, rotated)].map(([name, change]) => [name, change.properties]));
      assert.deepEqual(summary, {
        [names.password]: ["keepers"],
        [names.vpn]: [`tunnel${names.tunnel}PresharedKey`],
        [names.azureConnection]: ["sharedKey"],
      }, `rotating ${id}`);
      assert.equal(keysOf(rotated, id).aws, keysOf(rotated, id).azure);
      assert.notEqual(keysOf(rotated, id).aws, keysOf(base, id).aws);
    }
  });
});

describe("disruptiveChanges for key rotation", () => {
  const prod = validated(withConfig("prod", {}), "prod");
  const rotate = (keyRotation: Record<string, number>) => validated(withConfig("prod", { keyRotation }), "prod");

  it("rotating c1t1 alone is not disruptive", () => {
    assert.deepEqual(rotatedTunnels(prod, rotate({ c1t1: 1 })), ["c1t1"]);
    assert.deepEqual(disruptiveChanges(prod, rotate({ c1t1: 1 })), []);
  });

  it("rotating c1t1 and c1t2 together is disruptive, naming keyRotation", () => {
    const changes = disruptiveChanges(prod, rotate({ c1t1: 1, c1t2: 1 }));
    assert.deepEqual(changes.map((c) => c.setting), ["keyRotation"]);
    const [change] = changes;
    assert.deepEqual(change!.from, { c1t1: 0, c1t2: 0 });
    assert.deepEqual(change!.to, { c1t1: 1, c1t2: 1 });
    // Both tunnels renegotiate in place: nothing for an acknowledgement to unprotect (the update
    // model updates the VPN connection, tests/day2/disruption-model.test.ts).
    assert.equal(change!.kind, "resets");
    assert.deepEqual(change!.resources, []);
    assert.equal(change!.acknowledged, false);
  });

  it("rotating c1t1 and c2t1 together (one tunnel per connection) is not disruptive", () => {
    assert.deepEqual(rotatedTunnels(prod, rotate({ c1t1: 1, c2t1: 1 })), ["c1t1", "c2t1"]);
    assert.deepEqual(disruptiveChanges(prod, rotate({ c1t1: 1, c2t1: 1 })), []);
  });

  it("the second tunnel of a connection rotated in a later up is not disruptive", () => {
    assert.deepEqual(disruptiveChanges(rotate({ c1t1: 1 }), rotate({ c1t1: 1, c1t2: 1 })), []);
  });

  it("an acknowledged double rotation is reported as acknowledged", () => {
    const next = validated(withConfig("prod", { keyRotation: { c2t1: 3, c2t2: 3 }, acknowledgeDisruption: ["keyRotation"] }), "prod");
    const changes = disruptiveChanges(prod, next);
    assert.deepEqual(changes.map((c) => [c.setting, c.acknowledged]), [["keyRotation", true]]);
  });

  it("validation refuses a rotation of a tunnel the topology does not have", () => {
    const dev = withConfig("dev", { keyRotation: { c2t1: 1 } });
    const result = validateDev(dev);
    assert.deepEqual(result, ["azure-aws-vpn:keyRotation.c2t1"]);
  });
});

function validateDev(raw: RawConfig): string[] {
  const result = validateConfig(raw, "dev");
  return result.ok ? [] : result.errors.map((e) => e.key);
}
