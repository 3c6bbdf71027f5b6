/**
 * The deploy-time model: range arithmetic, the critical path under unbounded parallelism, the
 * alternative designs, on small hand-made graphs (expected values worked
 * out by hand), plus the sourced duration table's shape.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  add,
  ancestors,
  AZURE_CONNECTION,
  AZURE_GATEWAY,
  awsWaitsForGateway,
  criticalPath,
  type Durations,
  loadDurations,
  max,
  type Node,
  oneApply,
  parseDurations,
  type Range,
  SEED_MANUAL_SEQUENCE,
  sequential,
  structuralFacts,
  twoApplies,
} from "../../bench/deploy-model";
import { TYPES } from "../../infra/types";

const r = (low: number, typical: number, high: number): Range => ({ low, typical, high });
const op = (low: number, typical: number, high: number) => ({ low, typical, high, source: "s", kind: "documented" as const });
const ops = (c: [number, number, number], u: [number, number, number] = [1, 1, 1], d: [number, number, number] = [1, 2, 3]) => ({ create: op(...c), update: op(...u), delete: op(...d) });

/** Gateway 30/45/90, connection 1/3/10, AWS VPN 3/7/40, everything else 1/1/1. */
const durations: Durations = parseDurations({
  unit: "minutes",
  note: "test",
  sources: { s: { title: "t", url: "", retrieved: "2026-12-01", says: "x" } },
  kinds: {
    [AZURE_GATEWAY]: ops([30, 45, 90], [10, 30, 60]),
    [AZURE_CONNECTION]: ops([1, 3, 10]),
    [TYPES.vpnConnection]: ops([3, 7, 40], [2, 5, 30]),
  },
  default: ops([1, 1, 1]),
});

// rg -> vnet -> gw ; pip -> gw ; pip -> cgw -> vpn -> lng -> conn ; gw -> conn ; vpc (alone)
const graph: Node[] = [
  { id: "rg", type: TYPES.resourceGroup, deps: [] },
  { id: "vnet", type: TYPES.vnet, deps: ["rg"] },
  { id: "pip", type: TYPES.publicIp, deps: ["rg"] },
  { id: "gw", type: AZURE_GATEWAY, deps: ["vnet", "pip"] },
  { id: "vpc", type: TYPES.vpc, deps: [] },
  { id: "cgw", type: TYPES.customerGateway, deps: ["pip"] },
  { id: "vpn", type: TYPES.vpnConnection, deps: ["cgw"] },
  { id: "lng", type: TYPES.lng, deps: ["vpn"] },
  { id: "conn", type: AZURE_CONNECTION, deps: ["gw", "lng"] },
];

describe("range arithmetic", () => {
  it("adds and takes the maximum bound by bound", () => {
    assert.deepEqual(add(r(1, 2, 3), r(10, 20, 30)), r(11, 22, 33));
    assert.deepEqual(max(r(1, 20, 3), r(10, 2, 30)), r(10, 20, 30));
  });
});

describe("critical path under unbounded parallelism", () => {
  it("is the longest chain per bound, not the sum", () => {
    const p = oneApply(graph, durations);
    // rg 1 + vnet 1 + gw + conn: low 1+1+30+1, typical 1+1+45+3, high 1+1+90+10
    assert.deepEqual(p.minutes, r(33, 50, 102));
    assert.deepEqual(p.chain, ["rg", "vnet", "gw", "conn"]);
  });

  it("takes each bound's own longest chain", () => {
    // a: 5/5/5 alone; b: 1/1/100 alone -> low and typical from a, high from b
    const nodes: Node[] = [{ id: "a", type: "A", deps: [] }, { id: "b", type: "B", deps: [] }];
    const w = (n: Node): Range => (n.id === "a" ? r(5, 5, 5) : r(1, 1, 100));
    assert.deepEqual(criticalPath(nodes, w).minutes, r(5, 5, 100));
  });

  it("refuses a cycle", () => {
    assert.throws(() => criticalPath([{ id: "a", type: "A", deps: ["b"] }, { id: "b", type: "B", deps: ["a"] }], () => r(1, 1, 1)), /cycle/);
  });

  it("follows transitive dependencies", () => {
    assert.deepEqual([...ancestors(graph, "conn")].sort(), ["cgw", "gw", "lng", "pip", "rg", "vnet", "vpn"]);
  });
});

describe("structural facts", () => {
  it("finds no AWS resource behind the gateway when AWS needs only the public IP", () => {
    const facts = structuralFacts(graph);
    assert.deepEqual(facts.awsWaitingForGateway, []);
    assert.deepEqual(facts.kindsAfterGateway, [AZURE_CONNECTION]);
  });

  it("reports AWS resources that do wait for the gateway", () => {
    const facts = structuralFacts(awsWaitsForGateway(graph));
    assert.deepEqual(facts.awsWaitingForGateway.sort(), ["cgw", "vpn"]);
    assert.ok(facts.kindsAfterGateway.includes(TYPES.vpnConnection));
  });
});

describe("designs a user would otherwise run", () => {
  it("AWS waiting for the gateway puts the VPN connection after it", () => {
    // rg 1 + pip 1 + gw + cgw 1 + vpn + lng 1 + conn
    assert.deepEqual(oneApply(awsWaitsForGateway(graph), durations).minutes, r(1 + 1 + 30 + 1 + 3 + 1 + 1, 1 + 1 + 45 + 1 + 7 + 1 + 3, 1 + 1 + 90 + 1 + 40 + 1 + 10));
  });

  it("two applies: everything fed by the other cloud waits for the whole first apply", () => {
    const two = twoApplies(graph, durations);
    assert.deepEqual(two.secondIds.sort(), ["cgw", "conn", "lng", "vpn"]);
    assert.deepEqual(two.first.minutes, r(32, 47, 92)); // rg, vnet, gw
    assert.deepEqual(two.second.minutes, r(1 + 3 + 1 + 1, 1 + 7 + 1 + 3, 1 + 40 + 1 + 10)); // cgw, vpn, lng, conn
    assert.deepEqual(two.total, add(two.first.minutes, two.second.minutes));
  });

  it("a manual sequence adds every step", () => {
    assert.deepEqual(sequential([AZURE_GATEWAY, AZURE_CONNECTION, "x"], durations), r(32, 49, 101));
    assert.ok(SEED_MANUAL_SEQUENCE.includes(AZURE_GATEWAY));
  });
});

describe("the sourced duration table", () => {
  it("parses, every range is ordered and names a known, dated source", () => {
    const d = loadDurations();
    assert.ok(Object.keys(d.kinds).length > 0);
    assert.equal(d.kinds[AZURE_GATEWAY]?.create.typical, 45);
  });

  it("refuses a range out of order or with an unknown source", () => {
    const bad = { unit: "minutes", note: "", sources: {}, kinds: {}, default: ops([1, 1, 1]) };
    assert.throws(() => parseDurations(bad), /unknown source/);
    assert.throws(() => parseDurations({ ...bad, sources: { s: { title: "t", url: "", retrieved: "2026-12-01", says: "x" } }, default: ops([3, 2, 1]) }), /low <= typical <= high/);
  });
});
