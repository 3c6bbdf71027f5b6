/**
 * Time and outage of a change, from the update model that `npm run plan -- --against REF` uses
 * (offline/update: the engine's steps, the replace-forcing table, the clouds' rules, and which
 * steps take which tunnel down), each step timed with bench/durations.json (low / typical / high).
 * A change the model refuses is reported as refused and not timed.
 *
 * The schedule follows the Pulumi engine (pulumi/pulumi pkg/resource/deploy/deployment_executor.go
 * `Execute`/`performDeletes`, step_generator.go `ScheduleDeletes`, read 2026-12-02):
 * - a resource is registered once every resource it depends on (the new graph) has finished its
 *   own steps, and its steps run then; an unchanged resource takes no time but passes the wait on;
 * - a delete-before-replace replacement is one serial chain (`ExecuteSerial`): the dependents
 *   replaced with it deleted, the resource deleted, the resource created;
 * - old copies of create-before-delete replacements and removed resources are deleted after the
 *   program has finished registering (every other step done), in antichains: a resource after every
 *   condemned resource that depends on it; each antichain waits for the previous one.
 * Each bound has every step at that bound, as in the deploy model.
 *
 * Outage: the model names, per tunnel (one Azure connection), the steps that take it down, with its
 * own estimate of how long (offline/update/index.ts, docs/constraints.md "Outage per tunnel"). Here
 * each tunnel's window runs on the timed schedule from the start of the first such step to the end of
 * the last: the tunnel may be down at any moment in it (for a gateway update that "may reset" its
 * tunnels it is an upper bound). A tunnel the change creates is down until its connection exists;
 * one it removes is down from its first step to the end. "No tunnel up" is the time every tunnel is
 * inside its window at once.
 */
import { PROJECT, type RawConfig } from "../infra/config";
import type { Evaluation, RegisteredResource } from "../offline/evaluate";
import { planUpdate, type Step, type UpdatePlan } from "../offline/update";
import { AZURE_CONNECTION, durationOf, type Durations, type Range } from "./deploy-model";

type Bound = keyof Range;
const BOUNDS: readonly Bound[] = ["low", "typical", "high"];

/** A concrete old -> new change of one stack's config (unqualified keys of our namespace). */
export interface ChangeCase {
  stack: string;
  name: string;
  /** Settings applied to the stack file for the old config (none: the stack file as it is). */
  base: Record<string, unknown>;
  /** Settings applied on top of the old config for the new one. */
  change: Record<string, unknown>;
}

/** The changes the bench times, on the dev and prod stack files. */
export const CHANGES: readonly ChangeCase[] = [
  { stack: "dev", name: "key rotation of one tunnel (keyRotation.c1t1 0 -> 1)", base: {}, change: { keyRotation: { c1t1: 1 } } },
  { stack: "prod", name: "key rotation of one tunnel (keyRotation.c1t1 0 -> 1)", base: {}, change: { keyRotation: { c1t1: 1 } } },
  { stack: "dev", name: "SKU change in one generation (VpnGw1AZ -> VpnGw2AZ)", base: {}, change: { gatewaySku: "VpnGw2AZ" } },
  { stack: "prod", name: "SKU change in one generation (VpnGw2AZ -> VpnGw3AZ)", base: {}, change: { gatewaySku: "VpnGw3AZ" } },
  { stack: "dev", name: "static -> BGP (active-standby -> BGP active-active; BGP needs active-active)", base: {}, change: { routing: "bgp", activeActive: true } },
  { stack: "dev", name: "static -> BGP, from static active-active", base: { activeActive: true }, change: { routing: "bgp" } },
  { stack: "dev", name: "gateway generation (VpnGw2AZ Generation1 -> Generation2)", base: { gatewaySku: "VpnGw2AZ" }, change: { gatewayGeneration: "Generation2" } },
  { stack: "prod", name: "gateway generation (Generation2 -> Generation1), protected stack", base: {}, change: { gatewayGeneration: "Generation1" } },
];

/** A stack's raw config with some of our settings replaced (unqualified names). */
export function withSettings(raw: RawConfig, settings: Record<string, unknown>): RawConfig {
  const out: RawConfig = structuredClone(raw);
  for (const [key, value] of Object.entries(settings)) out[key.includes(":") ? key : `${PROJECT}:${key}`] = structuredClone(value) as RawConfig[string];
  return out;
}

export interface TimedStep {
  /** 1-based, as the model numbers its steps. */
  number: number;
  step: Step;
  start: Range;
  end: Range;
}

export interface TunnelWindow {
  tunnel: string;
  /** The model's steps that take this tunnel down (1-based). */
  steps: number[];
  /** The model's own outage estimate, as `plan --against` prints it. */
  model: string;
  /** From the start of the first such step to the end of the last, on the timed schedule. */
  window: Range;
}

export type ChangeEstimate =
  | { status: "refused"; reasons: string[]; stepCount: number }
  | {
      status: "completes";
      stepCount: number;
      steps: TimedStep[];
      /** Wall time of the whole change (the longest path through the schedule). */
      minutes: Range;
      /** Every tunnel before or after the change. */
      tunnels: number;
      /** Tunnels the model says the change takes down. */
      hit: TunnelWindow[];
      /** Time during which every tunnel is inside its window at once. */
      noTunnelUp: Range;
      /** Step kinds timed by the table's default (an assumption), not a row of their own. */
      defaultKinds: string[];
    };

const isDelete = (s: Step): boolean => s.op === "delete" || s.op === "delete-replaced";

function stepDuration(d: Durations, s: Step, b: Bound): number {
  const op = s.op === "update" ? "update" : isDelete(s) ? "delete" : "create";
  return durationOf(d, s.type, op)[b];
}

function depsOf(r: RegisteredResource): string[] {
  return [...new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat()])].filter((u) => u !== r.urn);
}

/** Start and end of every step at one bound, and the end of the change. */
function schedule(steps: readonly Step[], previous: Evaluation, next: Evaluation, d: Durations, b: Bound): { start: number[]; end: number[]; total: number } {
  const start = new Array<number>(steps.length).fill(0);
  const end = new Array<number>(steps.length).fill(0);
  let lastMain = -1;
  steps.forEach((s, i) => {
    if (!isDelete(s)) lastMain = i;
  });
  // Steps up to the last create/update belong to a registration: a delete-before-replace chain is
  // the run of deletes just before its create-replacement.
  const chains = new Map<string, number[]>();
  let pending: number[] = [];
  for (let i = 0; i <= lastMain; i++) {
    const s = steps[i]!;
    if (isDelete(s)) pending.push(i);
    else {
      chains.set(s.urn, [...(chains.get(s.urn) ?? []), ...pending, i]);
      pending = [];
    }
  }
  const nextCustom = new Map(next.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
  const finish = new Map<string, number>();
  const visiting = new Set<string>();
  const finishOf = (urn: string): number => {
    const known = finish.get(urn);
    if (known !== undefined) return known;
    if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    visiting.add(urn);
    const r = nextCustom.get(urn)!;
    let t = Math.max(0, ...depsOf(r).filter((u) => nextCustom.has(u)).map(finishOf));
    for (const i of chains.get(urn) ?? []) {
      start[i] = t;
      t += stepDuration(d, steps[i]!, b);
      end[i] = t;
    }
    visiting.delete(urn);
    finish.set(urn, t);
    return t;
  };
  let registered = 0;
  for (const urn of nextCustom.keys()) registered = Math.max(registered, finishOf(urn));

  // Deletes after registration, in antichains (ScheduleDeletes): depth 0 = depends on no condemned
  // resource; the deepest antichain runs first.
  const late = steps.map((_, i) => i).filter((i) => i > lastMain);
  const oldByUrn = new Map(previous.resources.map((r) => [r.urn, r]));
  const oldDeps = (urn: string): string[] => {
    const r = oldByUrn.get(urn);
    return r ? depsOf(r) : [];
  };
  const reach = (step: Step): Set<string> => {
    const seen = new Set<string>();
    const stack = depsOf(step.resource);
    while (stack.length > 0) {
      const u = stack.pop()!;
      if (seen.has(u)) continue;
      seen.add(u);
      stack.push(...oldDeps(u));
    }
    return seen;
  };
  const condemned = new Map(late.map((i) => [steps[i]!.urn, i]));
  const depth = new Map<number, number>();
  const depthOf = (i: number): number => {
    const known = depth.get(i);
    if (known !== undefined) return known;
    depth.set(i, 0);
    const below = [...reach(steps[i]!)].map((u) => condemned.get(u)).filter((j): j is number => j !== undefined && j !== i);
    const value = below.length === 0 ? 0 : 1 + Math.max(...below.map(depthOf));
    depth.set(i, value);
    return value;
  };
  let t = registered;
  const deepest = Math.max(-1, ...late.map(depthOf));
  for (let level = deepest; level >= 0; level--) {
    const layer = late.filter((i) => depthOf(i) === level);
    let longest = 0;
    for (const i of layer) {
      start[i] = t;
      end[i] = t + stepDuration(d, steps[i]!, b);
      longest = Math.max(longest, end[i]! - t);
    }
    t += longest;
  }
  return { start, end, total: t };
}

const range = (f: (b: Bound) => number): Range => ({ low: f("low"), typical: f("typical"), high: f("high") });

/** Times a plan of the update model; `previous` and `next` are the evaluations it compared. */
export function estimatePlan(plan: UpdatePlan, previous: Evaluation, next: Evaluation, d: Durations): ChangeEstimate {
  if (!plan.completes) {
    return {
      status: "refused",
      stepCount: plan.steps.length,
      reasons: [...plan.engineRefusals.map((r) => `Pulumi: ${r}`), ...plan.refusals.map((r) => `step ${r.step}: ${r.rule} (fix: ${r.fix})`)],
    };
  }
  const runs = Object.fromEntries(BOUNDS.map((b) => [b, schedule(plan.steps, previous, next, d, b)])) as Record<Bound, ReturnType<typeof schedule>>;
  const steps: TimedStep[] = plan.steps.map((step, i) => ({ number: i + 1, step, start: range((b) => runs[b].start[i]!), end: range((b) => runs[b].end[i]!) }));
  const total = range((b) => runs[b].total);

  const hullOf = (numbers: number[], b: Bound): [number, number] => [Math.min(...numbers.map((n) => runs[b].start[n - 1]!)), Math.max(...numbers.map((n) => runs[b].end[n - 1]!))];
  const hit: TunnelWindow[] = plan.outages.map((o) => ({ tunnel: o.tunnel, steps: o.steps, model: o.duration, window: range((b) => hullOf(o.steps, b)[1] - hullOf(o.steps, b)[0]) }));

  const before = new Set(previous.resources.filter((r) => r.type === AZURE_CONNECTION).map((r) => r.urn));
  const after = new Set(next.resources.filter((r) => r.type === AZURE_CONNECTION).map((r) => r.urn));
  const tunnels = [...new Set([...before, ...after])];
  const down = (tunnel: string, b: Bound): [number, number] | undefined => {
    const steps = plan.outages.find((o) => o.tunnel === tunnel)?.steps ?? [];
    let interval = steps.length > 0 ? hullOf(steps, b) : undefined;
    const widen = (s: number, e: number): [number, number] => (interval ? [Math.min(interval[0], s), Math.max(interval[1], e)] : [s, e]);
    if (!before.has(tunnel)) {
      const created = plan.steps.findIndex((s) => s.urn === tunnel && s.op === "create");
      interval = widen(0, created >= 0 ? runs[b].end[created]! : runs[b].total);
    }
    if (!after.has(tunnel)) {
      const removed = plan.steps.findIndex((s) => s.urn === tunnel && s.op === "delete");
      interval = widen(removed >= 0 ? runs[b].start[removed]! : runs[b].total, runs[b].total);
    }
    return interval;
  };
  const noTunnelUp = range((b) => {
    const intervals = tunnels.map((t) => down(t, b));
    if (intervals.length === 0 || intervals.some((i) => i === undefined)) return 0;
    return Math.max(0, Math.min(...intervals.map((i) => i![1])) - Math.max(...intervals.map((i) => i![0])));
  });
  const defaultKinds = [...new Set(plan.steps.map((s) => s.type).filter((t) => d.kinds[t] === undefined))].sort();
  return { status: "completes", stepCount: plan.steps.length, steps, minutes: total, tunnels: tunnels.length, hit, noTunnelUp, defaultKinds };
}

/** Runs the update model on two evaluations and times its plan. */
export function estimateChange(previous: Evaluation, next: Evaluation, d: Durations): ChangeEstimate {
  if (previous.error) throw previous.error;
  if (next.error) throw next.error;
  return estimatePlan(planUpdate(previous, next), previous, next, d);
}
