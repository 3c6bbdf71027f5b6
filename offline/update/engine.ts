/**
 * The Pulumi engine's steps for an `up`, from the recorded registrations of the old and the new
 * evaluation (URN, type, inputs, options, dependencies; no resource names are assumed). It follows
 * pulumi/pulumi pkg/resource/deploy (v3.276): step_generator.go and step.go; docs/constraints.md,
 * "Update model", cites each rule.
 *
 * - Resources register in the program's order. A resource is replaced when one of its
 *   `replaceWith` targets (or its `deletedWith` target) is being replaced, or when the provider's
 *   Diff reports a change of a replace-forcing input (replacement.ts) or of one listed in
 *   `replaceOnChanges`.
 * - Inputs are compared with their values in `up`: a dependent registers after its dependency's
 *   replacement finished, so an input fed by a replaced resource changes only when it carries an
 *   output that the replacement does not keep (replacement.ts `keeps`).
 * - Delete-before-replace when the program set it, else when the provider's Diff asked for it (a
 *   replacement forced by replaceWith or deletedWith asks nothing of the provider). Then first the
 *   dependents that calculateDependentReplacements finds (over the OLD graph, with every input fed
 *   by the replace set unknown) and those whose replaceWith/deletedWith names the resource are
 *   deleted, last found first; a protected one stops the update.
 * - A replacement is refused when both the old and the new state are protected; deleting a
 *   removed resource whose old state is protected is refused. Old copies of create-before-delete
 *   replacements are not checked.
 * - Deletes of old copies and removed resources run after every registration, in reverse
 *   dependency order over the old graph.
 */
import type { Evaluation, RegisteredResource } from "../evaluate";
import { keptOutputs, providerDeletesFirst, replaceTriggers } from "./replacement";

export type Decision = "same" | "create" | "update" | "replace";

export interface Step {
  op: "create" | "update" | "create-replacement" | "delete-replaced" | "delete";
  urn: string;
  type: string;
  /** Why: the changed inputs, or the replaced resource that forced it. */
  reason: string;
  /** The registration this step acts on (old one for deletes). */
  resource: RegisteredResource;
  /** The changed input names (updates and replacements). */
  changed: string[];
}

export interface EngineResult {
  steps: Step[];
  decisions: Map<string, Decision>;
  /** The engine's own refusals, e.g. replacing a protected resource. */
  refusals: string[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Matching a value inside a JSON text is meaningful only for values this long (ids, addresses, keys). */
const MIN_MATCH = 8;

function strings(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === "string") {
    if (value.length >= MIN_MATCH) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) strings(v, into);
  } else if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) strings(v, into);
  }
  return into;
}

/**
 * A replaced resource's output values, split into those its replacement keeps (kept computed
 * outputs, and outputs that echo an input, whose new value the new evaluation already carries)
 * and those it gets anew.
 */
export function replacementOutputs(previous: RegisteredResource, next: RegisteredResource): { kept: Set<string>; fresh: Set<string> } {
  const keeps = keptOutputs(next.type, next.inputs);
  const kept = new Set<string>();
  const fresh = new Set<string>();
  for (const r of [previous, next]) {
    strings(r.inputs, kept);
    for (const [k, v] of Object.entries(r.state)) {
      if (k in r.inputs) continue;
      strings(v, keeps.includes(k) ? kept : fresh);
    }
    if (r.id !== undefined) strings(r.id, keeps.includes("id") ? kept : fresh);
  }
  for (const v of kept) fresh.delete(v);
  return { kept, fresh };
}

/**
 * Whether an input fed by a replaced resource carries a value the replacement does not keep: it
 * contains one of the fresh outputs, or none of the kept ones (a value derived beyond recognition,
 * e.g. a transformed key, is taken as new).
 */
export function fedInputChanges(values: readonly unknown[], outputs: { kept: Set<string>; fresh: Set<string> }): boolean {
  const texts = values.map((v) => JSON.stringify(v ?? null));
  const contains = (set: Set<string>): boolean => [...set].some((s) => texts.some((t) => t.includes(s)));
  if (contains(outputs.fresh)) return true;
  return !contains(outputs.kept);
}

/** The inputs whose value differs in `up` (ignoreChanges applied). */
function changedInputs(previous: RegisteredResource, next: RegisteredResource, replacedOutputs: ReadonlyMap<string, { kept: Set<string>; fresh: Set<string> }>): string[] {
  const keys = new Set([...Object.keys(previous.inputs), ...Object.keys(next.inputs)]);
  const changed = [...keys].filter((k) => !same(previous.inputs[k], next.inputs[k]));
  for (const [k, urns] of Object.entries(next.propertyDependencies)) {
    if (changed.includes(k)) continue;
    const moved = urns.some((u) => {
      const outputs = replacedOutputs.get(u);
      return outputs !== undefined && fedInputChanges([previous.inputs[k], next.inputs[k]], outputs);
    });
    if (moved) changed.push(k);
  }
  return changed.filter((k) => !next.ignoreChanges.includes(k)).sort();
}

/**
 * The inputs among `changed` that make the provider's Diff, with replaceOnChanges applied, say
 * replace. A replaceOnChanges path below a top-level input counts for a changed value (its nested
 * difference is not modelled), never for a wholly unknown one: the engine's PropertyPath.Contains
 * needs the diff's path to be at least as long as the option's.
 */
function forcingInputs(r: RegisteredResource, changed: readonly string[], wholeUnknown = false): string[] {
  const triggers = replaceTriggers(r.type) ?? [];
  const byOption = (k: string): boolean => r.replaceOnChanges.some((p) => p === "*" || p === k || (!wholeUnknown && (p.startsWith(`${k}.`) || p.startsWith(`${k}[`))));
  return changed.filter((k) => triggers.includes(k) || byOption(k));
}

/** Every edge the engine's DependingOn follows: dependency, property, deletedWith, replaceWith. */
function edgesOf(r: RegisteredResource): Set<string> {
  return new Set([...r.dependencies, ...Object.values(r.propertyDependencies).flat(), ...r.replaceWith, ...(r.deletedWith ? [r.deletedWith] : [])]);
}

/**
 * calculateDependentReplacements: the old resources after `root` in the old order that depend on
 * it (transitively, skipping `ignore`), kept when their deletedWith target is in the replace set
 * or their provider's Diff, on their old inputs with every input fed by the replace set unknown,
 * says replace. In old (dependency) order.
 */
export function dependentReplacements(olds: readonly RegisteredResource[], root: string, ignore: ReadonlySet<string>): RegisteredResource[] {
  const start = olds.findIndex((r) => r.urn === root);
  if (start < 0) return [];
  const dependent = new Set([root]);
  const replaceSet = new Set([root]);
  const result: RegisteredResource[] = [];
  for (const r of olds.slice(start + 1)) {
    if (ignore.has(r.urn) || ![...edgesOf(r)].some((u) => dependent.has(u))) continue;
    dependent.add(r.urn);
    if (!r.custom) continue;
    let replace = r.deletedWith !== undefined && replaceSet.has(r.deletedWith);
    if (!replace) {
      const unknown = Object.entries(r.propertyDependencies).filter(([k, urns]) => k in r.inputs && urns.some((u) => replaceSet.has(u))).map(([k]) => k);
      replace = forcingInputs(r, unknown, true).length > 0;
    }
    if (replace) {
      replaceSet.add(r.urn);
      result.push(r);
    }
  }
  return result;
}

/** findDependentCascadeReplacements: resources whose replaceWith or deletedWith names `root` itself. */
export function cascadeReplacements(olds: readonly RegisteredResource[], root: string): RegisteredResource[] {
  return olds.filter((r) => r.replaceWith.includes(root) || r.deletedWith === root);
}

/**
 * Whether `later` registers only after `earlier` has finished: the SDK sends a registration once
 * every dependency (an input's source or dependsOn) has been registered and answered, so a
 * transitive dependency orders the two; anything else may run at the same time.
 */
function registrationOrder(evaluation: Evaluation): (later: string, earlier: string) => boolean {
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  return (later, earlier) => {
    const seen = new Set<string>();
    const stack = [later];
    while (stack.length > 0) {
      const r = byUrn.get(stack.pop()!);
      for (const d of r ? [...r.dependencies, ...(r.parentUrn ? [r.parentUrn] : [])] : []) {
        if (d === earlier) return true;
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
    return false;
  };
}

/** Old resources in reverse dependency order (a resource after every one that depends on it). */
function reverseDependencyOrder(items: readonly RegisteredResource[], olds: readonly RegisteredResource[]): RegisteredResource[] {
  const index = new Map(olds.map((r, i) => [r.urn, i]));
  return [...items].sort((a, b) => (index.get(b.urn) ?? 0) - (index.get(a.urn) ?? 0));
}

export function planSteps(previous: Evaluation, next: Evaluation): EngineResult {
  const olds = previous.resources.filter((r) => r.custom);
  const old = new Map(olds.map((r) => [r.urn, r]));
  const current = next.resources.filter((r) => r.custom);
  const decisions = new Map<string, Decision>();
  const replacedOutputs = new Map<string, { kept: Set<string>; fresh: Set<string> }>();
  const refusals: string[] = [];
  const steps: Step[] = [];
  const late: Step[] = [];
  /** URNs the engine has operated on so far (the walk's impossible dependents). */
  const operated = new Set<string>();
  /** Old states deleted ahead of their registration (the engine's pendingDeletes). */
  const deletedEarly = new Set<string>();
  /** Which delete-before-replace root's chain deletes each of those. */
  const deletedBy = new Map<string, string>();
  const registersAfter = registrationOrder(next);

  const replaced = (r: RegisteredResource, before: RegisteredResource): void => {
    decisions.set(r.urn, "replace");
    replacedOutputs.set(r.urn, replacementOutputs(before, r));
  };

  for (const r of current) {
    const before = old.get(r.urn);
    operated.add(r.urn);
    if (!before) {
      decisions.set(r.urn, "create");
      steps.push({ op: "create", urn: r.urn, type: r.type, reason: "new resource", resource: r, changed: [] });
      continue;
    }
    const changed = changedInputs(before, r, replacedOutputs);
    if (deletedEarly.has(r.urn)) {
      // Deleted as a dependent of a delete-before-replace: re-created whatever its diff.
      replaced(r, before);
      steps.push({ op: "create-replacement", urn: r.urn, type: r.type, reason: "re-created: deleted earlier as a dependent of a delete-before-replace", resource: r, changed });
      continue;
    }
    const target = [...r.replaceWith, ...(r.deletedWith ? [r.deletedWith] : [])].find((u) => decisions.get(u) === "replace");
    const forcing = target ? [] : forcingInputs(r, changed);
    if (!target && forcing.length === 0) {
      decisions.set(r.urn, changed.length > 0 ? "update" : "same");
      if (changed.length > 0) steps.push({ op: "update", urn: r.urn, type: r.type, reason: `in-place change of ${changed.join(", ")}`, resource: r, changed });
      continue;
    }
    replaced(r, before);
    const reason = target ? `replaceWith/deletedWith ${target}` : `replace-forcing change of ${forcing.join(", ")}`;
    if (before.protect && r.protect) {
      refusals.push(`${r.urn} is protected and would be replaced (${forcing.join(", ") || "replaceWith"}): Pulumi refuses to replace a resource whose old and new state are both protected; acknowledge the setting in azure-aws-vpn:acknowledgeDisruption (which lifts protect) in the same change`);
    }
    // A replacement forced by replaceWith/deletedWith never reaches the provider's Diff.
    const providerAsks = !target && forcing.some((k) => (replaceTriggers(r.type) ?? []).includes(k)) && providerDeletesFirst(r.type, before.inputs);
    const deleteFirst = (r.deleteBeforeReplaceDefined ?? r.deleteBeforeReplace) ? r.deleteBeforeReplace : providerAsks;
    if (!deleteFirst) {
      steps.push({ op: "create-replacement", urn: r.urn, type: r.type, reason, resource: r, changed });
      late.push({ op: "delete-replaced", urn: r.urn, type: r.type, reason: "old copy, after its replacement (create-before-delete)", resource: before, changed });
      continue;
    }
    const first = [...dependentReplacements(olds, r.urn, operated), ...cascadeReplacements(olds, r.urn).filter((d) => d.urn !== r.urn)];
    for (const d of [...first].reverse()) {
      const other = deletedBy.get(d.urn);
      if (other !== undefined && other !== r.urn && !registersAfter(r.urn, other)) {
        // The engine skips a dependent another chain has claimed (pendingDeletes) without waiting
        // for that chain, which runs concurrently unless this resource registers after its root.
        refusals.push(`${d.urn} is deleted first by both ${other} and ${r.urn}, whose delete-before-replace chains run concurrently: the engine may delete ${r.urn} before ${d.urn} is gone, and the cloud refuses; make ${r.urn} depend on ${other} (dependsOn) so its chain starts after the other's`);
      }
      if (deletedEarly.has(d.urn)) continue;
      if (d.protect) {
        refusals.push(`${d.urn} is protected and would be deleted first, as a dependent of delete-before-replace ${r.urn}: Pulumi refuses (its old state is protected); run pulumi up with the acknowledgement first, then the change`);
      }
      deletedEarly.add(d.urn);
      deletedBy.set(d.urn, r.urn);
      const gone = !current.some((c) => c.urn === d.urn);
      steps.push({ op: "delete-replaced", urn: d.urn, type: d.type, reason: `dependent of delete-before-replace ${r.urn}${gone ? " (no longer declared)" : ""}`, resource: d, changed: [] });
    }
    deletedEarly.add(r.urn);
    steps.push({ op: "delete-replaced", urn: r.urn, type: r.type, reason: `delete-before-replace: ${reason}`, resource: before, changed });
    steps.push({ op: "create-replacement", urn: r.urn, type: r.type, reason, resource: r, changed });
  }

  const nextUrns = new Set(current.map((r) => r.urn));
  for (const r of olds) {
    if (nextUrns.has(r.urn) || deletedEarly.has(r.urn)) continue;
    if (r.protect) refusals.push(`${r.urn} is protected and no longer declared: Pulumi refuses to delete it (in preview too); run pulumi up with the acknowledgement first (it lifts protect), then the change`);
    late.push({ op: "delete", urn: r.urn, type: r.type, reason: "no longer declared", resource: r, changed: [] });
  }
  const ordered = reverseDependencyOrder(late.map((s) => s.resource), olds);
  late.sort((a, b) => ordered.indexOf(a.resource) - ordered.indexOf(b.resource));
  return { steps: [...steps, ...late], decisions, refusals };
}
