/**
 * Change estimates come from the update model (offline/update) timed with the duration table:
 * small hand-made old/new registrations run through the real model (expected values worked out by
 * hand), and one change of the real dev stack. A change the model refuses is reported, not timed.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CHANGES, estimateChange, withSettings } from "../../bench/changes";
import { AZURE_CONNECTION, AZURE_GATEWAY, durationOf, loadDurations, parseDurations, type Durations, type Range } from "../../bench/deploy-model";
import { evaluateStack, readStackConfig, type Evaluation, type RegisteredResource } from "../../offline/evaluate";
import { TYPES } from "../../infra/types";

const r = (low: number, typical: number, high: number): Range => ({ low, typical, high });
const op = (low: number, typical: number, high: number) => ({ low, typical, high, source: "s", kind: "documented" as const });
const ops = (c: [number, number, number], u: [number, number, number] = [1, 1, 1], d: [number, number, number] = [1, 2, 3]) => ({ create: op(...c), update: op(...u), delete: op(...d) });
const LNG = TYPES.lng;

/** Gateway create 30/45/90 update 10/30/60; connection create 1/3/10 update 1/2/10; everything else 1/1/1; deletes 1/2/3. */
function table(connectionUpdate: [number, number, number] = [1, 2, 10]): Durations {
  return parseDurations({
    unit: "minutes",
    note: "test",
    sources: { s: { title: "t", url: "", retrieved: "2026-12-01", says: "x" } },
    kinds: { [AZURE_GATEWAY]: ops([30, 45, 90], [10, 30, 60]), [AZURE_CONNECTION]: ops([1, 3, 10], connectionUpdate) },
    default: ops([1, 1, 1]),
  });
}

function res(name: string, type: string, inputs: Record<string, unknown>, deps: Record<string, string[]> = {}, options: Partial<RegisteredResource> = {}): RegisteredResource {
  const urn = (n: string): string => `urn:pulumi:t::p::${n}`;
  const propertyDependencies = Object.fromEntries(Object.entries(deps).map(([k, v]) => [k, v.map(urn)]));
  return {
    urn: urn(name), type, name, custom: true, inputs, secretInputPaths: [], state: inputs, protect: false,
    dependencies: [...new Set(Object.values(propertyDependencies).flat())], propertyDependencies, aliases: [],
    deleteBeforeReplace: false, replaceOnChanges: [], ignoreChanges: [], replaceWith: [], requestedAtMs: 0, createdAtMs: 0, ...options,
  };
}

const evaluation = (resources: RegisteredResource[]): Evaluation => ({ stack: "t", raw: {}, resources, outputs: {}, secretOutputs: [], warnings: [], durationMs: 0 });

function completes(e: ReturnType<typeof estimateChange>): Extract<ReturnType<typeof estimateChange>, { status: "completes" }> {
  assert.equal(e.status, "completes", JSON.stringify(e));
  return e as Extract<ReturnType<typeof estimateChange>, { status: "completes" }>;
}

// gw -> lng (unchanged) -> conn: the connection's update waits for the gateway's through the LNG.
const gw = (sku: string, options: Partial<RegisteredResource> = {}, name = "gw"): RegisteredResource => res("gw", AZURE_GATEWAY, { virtualNetworkGatewayName: name, sku }, {}, options);
const lng = (name = "lng-a", options: Partial<RegisteredResource> = {}): RegisteredResource => res("lng", LNG, { localNetworkGatewayName: name }, { bgpSettings: ["gw"] }, options);
const conn = (key: string, options: Partial<RegisteredResource> = {}): RegisteredResource => res("conn", AZURE_CONNECTION, { virtualNetworkGatewayConnectionName: "cn", sharedKey: key }, { virtualNetworkGateway1: ["gw"], localNetworkGateway2: ["lng"] }, options);

describe("change estimates from the update model", () => {
  it("times steps along the dependency graph; an unchanged resource passes the wait on", () => {
    const e = completes(estimateChange(evaluation([gw("A"), lng(), conn("k1")]), evaluation([gw("B"), lng(), conn("k2")]), table()));
    assert.deepEqual(e.steps.map((s) => `${s.step.op} ${s.step.urn.split("::").pop()}`), ["update gw", "update conn"]);
    // gateway update 10/30/60, then the connection update 1/2/10
    assert.deepEqual(e.minutes, r(11, 32, 70));
    assert.deepEqual(e.steps[1]!.start, r(10, 30, 60));
    // the model takes the one tunnel down in both steps: its window spans them, and no tunnel is up
    assert.equal(e.tunnels, 1);
    assert.deepEqual(e.hit.map((h) => h.steps), [[1, 2]]);
    assert.deepEqual(e.hit[0]!.window, r(11, 32, 70));
    assert.deepEqual(e.noTunnelUp, r(11, 32, 70));
  });

  it("changing a duration in the table changes the figure by as much", () => {
    const previous = evaluation([gw("A"), lng(), conn("k1")]);
    const next = evaluation([gw("B"), lng(), conn("k2")]);
    const e = completes(estimateChange(previous, next, table([1, 7, 10])));
    assert.deepEqual(e.minutes, r(11, 37, 70));
    assert.deepEqual(e.hit[0]!.window, r(11, 37, 70));
  });

  it("create-before-delete: the old copy is deleted after every other step", () => {
    // the LNG is renamed (replaced) create-before-delete (set by the program: azure-native would
    // ask for delete-before-replace); the connection is fed by it (update); the old LNG goes last
    const cbd = { deleteBeforeReplace: false, deleteBeforeReplaceDefined: true };
    const e = completes(estimateChange(evaluation([gw("A"), lng("lng-a", cbd), conn("k")]), evaluation([gw("A"), lng("lng-b", cbd), conn("k")]), table()));
    assert.deepEqual(e.steps.map((s) => `${s.step.op} ${s.step.urn.split("::").pop()}`), ["create-replacement lng", "update conn", "delete-replaced lng"]);
    // LNG create 1, connection update 1/2/10, old LNG delete 1/2/3
    assert.deepEqual(e.steps[2]!.start, r(2, 3, 11));
    assert.deepEqual(e.minutes, r(3, 5, 14));
  });

  it("delete-before-replace runs as one serial chain: dependents deleted, deleted, created", () => {
    const previous = evaluation([gw("A", { deleteBeforeReplace: true }), lng(), conn("k", { replaceWith: ["urn:pulumi:t::p::gw"] })]);
    const next = evaluation([gw("A", { deleteBeforeReplace: true }, "gw-2"), lng(), conn("k", { replaceWith: ["urn:pulumi:t::p::gw"] })]);
    const e = completes(estimateChange(previous, next, table()));
    assert.deepEqual(e.steps.map((s) => `${s.step.op} ${s.step.urn.split("::").pop()}`), ["delete-replaced conn", "delete-replaced gw", "create-replacement gw", "update lng", "create-replacement conn"]);
    // conn delete 1/2/3 + gw delete 1/2/3 + gw create 30/45/90, then lng update 1/1/1, then conn create 1/3/10
    assert.deepEqual(e.minutes, r(34, 53, 107));
    assert.deepEqual(e.noTunnelUp, r(34, 53, 107));
  });

  it("a change the model refuses is reported as refused, not timed", () => {
    const e = estimateChange(evaluation([gw("A", { protect: true }), lng(), conn("k")]), evaluation([gw("A", { protect: true }, "gw-2"), lng(), conn("k")]), table());
    assert.equal(e.status, "refused");
    assert.ok(!("minutes" in e));
    assert.match(e.reasons.join("\n"), /protected/);
  });
});

describe("change estimates on the real dev stack", () => {
  it("a key rotation is the AWS tunnel update then the Azure connection update, one tunnel of two down", async () => {
    const c = CHANGES.find((x) => x.stack === "dev" && x.name.startsWith("key rotation"))!;
    const base = withSettings(readStackConfig("dev"), c.base);
    const previous = await evaluateStack({ stack: "dev", raw: base });
    const next = await evaluateStack({ stack: "dev", raw: withSettings(base, c.change) });
    const d = loadDurations();
    const e = completes(estimateChange(previous, next, d));
    const aws = durationOf(d, TYPES.vpnConnection, "update");
    const azure = durationOf(d, AZURE_CONNECTION, "update");
    assert.deepEqual(e.minutes, r(aws.low + azure.low, aws.typical + azure.typical, aws.high + azure.high));
    assert.equal(e.tunnels, 2);
    assert.equal(e.hit.length, 1);
    assert.deepEqual(e.noTunnelUp, r(0, 0, 0));
    // the same change with a slower AWS tunnel update in the table
    const slower = structuredClone(d);
    slower.kinds[TYPES.vpnConnection]!.update.typical += 10;
    assert.equal(completes(estimateChange(previous, next, slower)).minutes.typical, e.minutes.typical + 10);
  });
});
