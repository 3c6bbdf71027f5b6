/**
 * Deploy time as a model: per-kind operation durations (bench/durations.json, each with its
 * source) applied to the dependency graph the program really registers. Pure functions only: the
 * bench feeds them an evaluation's graph; the tests feed them small hand-made graphs.
 *
 * The model runs every operation whose dependencies are done at once, so a deployment lasts as
 * long as its longest dependency chain. Pulumi runs up to `--parallel` at once, by default 4 x the
 * CPUs (pulumi/pulumi pkg/cmd/pulumi/operations/up.go defaultParallel): the model is exact while no
 * more operations than that are ready together. Each bound is computed with every resource at that bound (all low, all typical, all high).
 * Changes of a deployed stack are timed from the update model in bench/changes.ts.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { TYPES } from "../infra/types";

export interface Range {
  low: number;
  typical: number;
  high: number;
}

export const ZERO: Range = { low: 0, typical: 0, high: 0 };
export const add = (a: Range, b: Range): Range => ({ low: a.low + b.low, typical: a.typical + b.typical, high: a.high + b.high });
export const max = (a: Range, b: Range): Range => ({ low: Math.max(a.low, b.low), typical: Math.max(a.typical, b.typical), high: Math.max(a.high, b.high) });
export const sum = (ranges: Range[]): Range => ranges.reduce(add, ZERO);

export type Operation = "create" | "update" | "delete";

const rangeSchema = z
  .object({ low: z.number().min(0), typical: z.number().min(0), high: z.number().min(0), source: z.string().min(1), kind: z.enum(["documented", "provider-timeout", "assumption"]), why: z.string().optional() })
  .refine((r) => r.low <= r.typical && r.typical <= r.high, { message: "needs low <= typical <= high" });
const operationsSchema = z.object({ create: rangeSchema, update: rangeSchema, delete: rangeSchema });
const durationsSchema = z
  .object({
    unit: z.literal("minutes"),
    note: z.string(),
    sources: z.record(z.string(), z.object({ title: z.string().min(1), url: z.string(), retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), says: z.string().min(1) })),
    kinds: z.record(z.string(), operationsSchema),
    default: operationsSchema,
  })
  .superRefine((d, ctx) => {
    for (const [kind, ops] of [...Object.entries(d.kinds), ["default", d.default] as const]) {
      for (const [op, r] of Object.entries(ops)) {
        if (d.sources[r.source] === undefined) ctx.addIssue({ code: "custom", message: `${kind}.${op}: unknown source '${r.source}'` });
      }
    }
  });

export type Durations = z.infer<typeof durationsSchema>;
export type SourcedRange = z.infer<typeof rangeSchema>;

export const DURATIONS_FILE = path.join(__dirname, "durations.json");

export function parseDurations(json: unknown): Durations {
  return durationsSchema.parse(json);
}

export function loadDurations(file: string = DURATIONS_FILE): Durations {
  return parseDurations(JSON.parse(readFileSync(file, "utf8")));
}

export function durationOf(d: Durations, type: string, op: Operation): SourcedRange {
  return (d.kinds[type] ?? d.default)[op];
}

// ---- graphs --------------------------------------------------------------------------------------

export interface Node {
  id: string;
  type: string;
  /** ids this node waits for (direct). */
  deps: string[];
}

export interface Path {
  minutes: Range;
  /** The chain that is longest at the typical bound, first to last. */
  chain: string[];
}

/** Longest dependency chain, each node weighted by `weight`; per bound. Throws on a cycle. */
export function criticalPath(nodes: Node[], weight: (n: Node) => Range): Path {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const done = new Map<string, { finish: Range; via?: string }>();
  const visiting = new Set<string>();
  const visit = (id: string): Range => {
    const known = done.get(id);
    if (known) return known.finish;
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    const node = byId.get(id)!;
    let start = ZERO;
    let via: string | undefined;
    let viaTypical = -1;
    for (const dep of node.deps) {
      if (!byId.has(dep)) continue;
      const f = visit(dep);
      start = max(start, f);
      if (f.typical > viaTypical) [viaTypical, via] = [f.typical, dep];
    }
    visiting.delete(id);
    const finish = add(start, weight(node));
    done.set(id, { finish, via });
    return finish;
  };
  let total = ZERO;
  let last: string | undefined;
  let lastTypical = -1;
  for (const n of nodes) {
    const f = visit(n.id);
    total = max(total, f);
    if (f.typical > lastTypical) [lastTypical, last] = [f.typical, n.id];
  }
  const chain: string[] = [];
  for (let id = last; id !== undefined; id = done.get(id)?.via) chain.unshift(id);
  return { minutes: total, chain };
}

/** Every node that `id` waits for, directly or transitively. */
export function ancestors(nodes: Node[], id: string): Set<string> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const stack = [...(byId.get(id)?.deps ?? [])];
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (seen.has(d) || !byId.has(d)) continue;
    seen.add(d);
    stack.push(...byId.get(d)!.deps);
  }
  return seen;
}

/** Every node that waits (transitively) for `id`. */
export function dependents(nodes: Node[], id: string): Node[] {
  return nodes.filter((n) => ancestors(nodes, n.id).has(id));
}

export const AZURE_GATEWAY = TYPES.gateway;
export const AZURE_CONNECTION = TYPES.connection;

export interface StructuralFacts {
  /** AWS resources that wait, transitively, for an Azure VPN gateway. The design says: none. */
  awsWaitingForGateway: string[];
  /** Kinds of everything that waits for an Azure VPN gateway. The design says: only connections. */
  kindsAfterGateway: string[];
}

export function structuralFacts(nodes: Node[]): StructuralFacts {
  const gateways = nodes.filter((n) => n.type === AZURE_GATEWAY);
  const after = new Map<string, Node>();
  for (const g of gateways) for (const n of dependents(nodes, g.id)) after.set(n.id, n);
  return {
    awsWaitingForGateway: [...after.values()].filter((n) => n.type.startsWith("aws:")).map((n) => n.id),
    kindsAfterGateway: [...new Set([...after.values()].map((n) => n.type))].sort(),
  };
}

// ---- designs a user would otherwise run ----------------------------------------------------------

export function createWeight(d: Durations): (n: Node) => Range {
  return (n) => durationOf(d, n.type, "create");
}

/** This program: one `pulumi up`, every resource as soon as its dependencies exist. */
export function oneApply(nodes: Node[], d: Durations): Path {
  return criticalPath(nodes, createWeight(d));
}

/** One after another, in the given order (a person following a manual procedure). */
export function sequential(types: string[], d: Durations): Range {
  return sum(types.map((t) => durationOf(d, t, "create")));
}

/**
 * The seed's manual procedure (Microsoft's how-to, portal-driven), in its order: each step
 * starts when the previous one is done. Person time (copying IPs and keys between consoles)
 * is not counted.
 */
export const SEED_MANUAL_SEQUENCE: string[] = [
  TYPES.resourceGroup,
  TYPES.vnet,
  TYPES.subnet,
  TYPES.subnet, // GatewaySubnet
  TYPES.publicIp,
  AZURE_GATEWAY, // the document waits here: the customer gateway needs this gateway's public IP
  TYPES.vpc,
  TYPES.awsSubnet,
  TYPES.customerGateway,
  TYPES.vpnGateway,
  TYPES.vpnGatewayAttachment,
  TYPES.vpnConnection,
  TYPES.lng,
  AZURE_CONNECTION,
  TYPES.route,
  TYPES.lng,
  AZURE_CONNECTION,
];

/** The same graph, but every AWS customer gateway also waits for the Azure gateway (e.g. a
 * dynamic public IP, known only once the gateway exists). */
export function awsWaitsForGateway(nodes: Node[]): Node[] {
  const gateways = nodes.filter((n) => n.type === AZURE_GATEWAY).map((n) => n.id);
  return nodes.map((n) => (n.type === TYPES.customerGateway ? { ...n, deps: [...new Set([...n.deps, ...gateways])] } : n));
}

const cloudOf = (type: string): "aws" | "azure" | undefined => (type.startsWith("aws:") ? "aws" : type.startsWith("azure-native:") ? "azure" : undefined);

/**
 * A tool that cannot feed one cloud's outputs to the other in one run: the first apply builds
 * everything that needs nothing from the other cloud; the second, started when the first is done,
 * builds the rest.
 */
export function twoApplies(nodes: Node[], d: Durations): { first: Path; second: Path; total: Range; secondIds: string[] } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const second = new Set<string>();
  for (const n of nodes) {
    const own = cloudOf(n.type);
    if (own === undefined) continue;
    for (const a of ancestors(nodes, n.id)) {
      const other = cloudOf(byId.get(a)!.type);
      if (other !== undefined && other !== own) second.add(n.id);
    }
  }
  for (const id of [...second]) for (const dep of dependents(nodes, id)) second.add(dep.id);
  const firstNodes = nodes.filter((n) => !second.has(n.id));
  const secondNodes = nodes.filter((n) => second.has(n.id)).map((n) => ({ ...n, deps: n.deps.filter((x) => second.has(x)) }));
  const first = criticalPath(firstNodes, createWeight(d));
  const secondPath = criticalPath(secondNodes, createWeight(d));
  return { first, second: secondPath, total: add(first.minutes, secondPath.minutes), secondIds: [...second] };
}

export function formatRange(r: Range, digits = 0): string {
  const f = (n: number): string => n.toFixed(n > 0 && n < 1 ? 2 : digits);
  return `${f(r.low)} / ${f(r.typical)} / ${f(r.high)}`;
}

/** The dependency graph of an evaluation's custom resources (components only group). */
export function nodesFromResources(resources: { urn: string; type: string; custom: boolean; dependencies: string[]; propertyDependencies: Record<string, string[]> }[]): Node[] {
  const custom = resources.filter((r) => r.custom);
  const known = new Set(custom.map((r) => r.urn));
  return custom.map((r) => ({
    id: r.urn,
    type: r.type,
    deps: [...new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()])].filter((u) => u !== r.urn && known.has(u)),
  }));
}

/** A URN's resource name (the part after the last "::"). */
export const nameOf = (urn: string): string => urn.slice(urn.lastIndexOf("::") + 2);
