/**
 * What a change does to the guarded resources (infra/guards.ts's kinds), read from the update
 * model's steps: the one source of the disruption summary `plan --against` prints. The guards
 * keep only what the program needs before any evaluation (which kinds an acknowledgement lifts
 * protect from, and the provider fact behind each setting); tests/day2/disruption-model.test.ts
 * checks over the committed stacks that those kinds are exactly what the model replaces or deletes.
 */
import type { RawConfig } from "../../infra/config";
import { GUARDED_RESOURCES, GUARDED_TYPES, type GuardedResource } from "../../infra/guards";
import { PROJECT } from "../../infra/configSchema";
import { evaluateStack, type Evaluation } from "../evaluate";
import { planUpdate, type UpdatePlan } from "./index";

/** What the update model does to a guarded resource. */
export type GuardedOp = "replaces" | "deletes" | "creates" | "updates";
export const GUARDED_OPS: readonly GuardedOp[] = ["replaces", "deletes", "creates", "updates"];

export interface GuardedEffect {
  op: GuardedOp;
  kind: GuardedResource;
  /** The resources' logical names, sorted. */
  names: string[];
}

function kindOf(type: string): GuardedResource | undefined {
  return GUARDED_RESOURCES.find((kind) => GUARDED_TYPES[kind].includes(type));
}

/**
 * The guarded resources the plan's steps act on, one entry per operation and kind (operations in
 * GUARDED_OPS order, kinds in declaration order). A resource deleted and re-created (either
 * order) is replaced; an update that changes nothing is left out.
 */
export function guardedEffects(plan: Pick<UpdatePlan, "steps">): GuardedEffect[] {
  const byUrn = new Map<string, { op: GuardedOp; kind: GuardedResource; name: string }>();
  for (const step of plan.steps) {
    const kind = kindOf(step.type);
    if (kind === undefined) continue;
    const op: GuardedOp | undefined =
      step.op === "create-replacement" || step.op === "delete-replaced" ? "replaces" : step.op === "delete" ? "deletes" : step.op === "create" ? "creates" : step.changed.length > 0 ? "updates" : undefined;
    if (op === undefined) continue;
    const seen = byUrn.get(step.urn);
    // A replacement outranks an update of the same resource.
    if (seen === undefined || GUARDED_OPS.indexOf(op) < GUARDED_OPS.indexOf(seen.op)) byUrn.set(step.urn, { op, kind, name: step.resource.name });
  }
  const result: GuardedEffect[] = [];
  for (const op of GUARDED_OPS) {
    for (const kind of GUARDED_RESOURCES) {
      const names = [...byUrn.values()].filter((e) => e.op === op && e.kind === kind).map((e) => e.name).sort();
      if (names.length > 0) result.push({ op, kind, names });
    }
  }
  return result;
}

/** The guarded kinds the effects replace or delete: what a protected stack must unprotect first. */
export function removedKinds(effects: readonly GuardedEffect[]): GuardedResource[] {
  return GUARDED_RESOURCES.filter((kind) => effects.some((e) => e.kind === kind && (e.op === "replaces" || e.op === "deletes")));
}

/** e.g. `replaces gateway (vpn-azure-gateway); updates vpnConnections in place (vpn-tunnels-c1-vpn)`. */
export function formatGuardedEffects(effects: readonly GuardedEffect[]): string {
  if (effects.length === 0) return "no guarded resource changes";
  return GUARDED_OPS.filter((op) => effects.some((e) => e.op === op))
    .map((op) => `${op} ${effects.filter((e) => e.op === op).map((e) => `${e.kind}${op === "updates" ? " in place" : ""} (${e.names.join(", ")})`).join(", ")}`)
    .join("; ");
}

/** What the update model does for one disruptive setting's change. */
export interface ModelledDisruption {
  effects: GuardedEffect[];
  /**
   * True when the setting's change was modelled alone (the previous config with only this setting
   * changed); false when that config is invalid on its own (the change needs companions) and the
   * whole revision's change was modelled instead.
   */
  alone: boolean;
  /** The clouds' or Pulumi's refusals of those steps (without acknowledgement), one line each. */
  refusals: string[];
}

/**
 * Each disruption of `report` with what the update model does for it: the previous config with
 * only that setting changed (its raw key copied from the current config), evaluated and planned
 * against the previous one; or the whole change when that config does not evaluate. Left without a
 * model when the previous config (or the current one) does not evaluate.
 */
export async function modelDisruptions<D extends { setting: string }>(
  disruptions: readonly D[],
  stack: string,
  previousRaw: RawConfig,
  currentRaw: RawConfig,
): Promise<(D & { model?: ModelledDisruption })[]> {
  const previous = await evaluateStack({ stack, raw: previousRaw });
  // Nothing to model from (the update model's own text says why): the disruptions as they are.
  if (previous.error) return [...disruptions];
  let whole: Evaluation | undefined;
  const wholeChange = async (): Promise<Evaluation> => (whole ??= await evaluateStack({ stack, raw: currentRaw }));
  const result: (D & { model?: ModelledDisruption })[] = [];
  for (const d of disruptions) {
    const key = `${PROJECT}:${d.setting}`;
    const isolated: RawConfig = { ...previousRaw };
    if (key in currentRaw) isolated[key] = currentRaw[key];
    else delete isolated[key];
    let next = await evaluateStack({ stack, raw: isolated });
    const alone = next.error === undefined;
    if (!alone) next = await wholeChange();
    if (next.error) {
      result.push({ ...d });
      continue;
    }
    const plan = planUpdate(previous, next);
    const refusals = [...plan.engineRefusals, ...plan.refusals.map((r) => `step ${r.step}: ${r.rule}`)];
    result.push({ ...d, model: { effects: guardedEffects(plan), alone, refusals } });
  }
  return result;
}
