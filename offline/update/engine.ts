/**
 * The Pulumi engine's steps for an update, from the recorded registrations of the old and the new
 * evaluation (URN, type, inputs, options, dependencies; no resource names are assumed).
 *
 * Rules (docs/constraints.md, "Update model"): a resource whose replace-forcing input changes,
 * or one listed in `replaceOnChanges`, is replaced; an input fed by a replaced resource's output
 * is unknown, so counts as changed; `replaceWith` and `deletedWith` targets being replaced
 * replace the resource too. Replacement is create-before-delete unless `deleteBeforeReplace`:
 * then the dependents that are being replaced too are deleted first (reverse order), the
 * resource deleted, and re-created. Deletes of old copies and of removed resources run last, in
 * reverse dependency order.
 */
import type { Evaluation, RegisteredResource } from "../evaluate";
import { replaceTriggers } from "./replacement";

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

function changedInputs(previous: RegisteredResource, next: RegisteredResource, replaced: ReadonlySet<string>): string[] {
  const keys = new Set([...Object.keys(previous.inputs), ...Object.keys(next.inputs)]);
  const changed = [...keys].filter((k) => !same(previous.inputs[k], next.inputs[k]));
  for (const [k, urns] of Object.entries(next.propertyDependencies)) {
    if (urns.some((u) => replaced.has(u)) && !changed.includes(k)) changed.push(k);
  }
  return changed.filter((k) => !next.ignoreChanges.includes(k)).sort();
}

export function planSteps(previous: Evaluation, next: Evaluation): EngineResult {
  const old = new Map(previous.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
  const decisions = new Map<string, Decision>();
  const replaced = new Set<string>();
  const why = new Map<string, { reason: string; changed: string[] }>();
  const refusals: string[] = [];
  const current = next.resources.filter((r) => r.custom);

  for (const r of current) {
    const before = old.get(r.urn);
    if (!before) {
      decisions.set(r.urn, "create");
      why.set(r.urn, { reason: "new resource", changed: [] });
      continue;
    }
    const changed = changedInputs(before, r, replaced);
    const triggers = replaceTriggers(r.type) ?? [];
    const forcing = changed.filter((k) => triggers.includes(k) || r.replaceOnChanges.includes(k) || r.replaceOnChanges.includes("*"));
    const withTarget = [...r.replaceWith, ...(r.deletedWith ? [r.deletedWith] : [])].find((u) => replaced.has(u));
    if (forcing.length > 0 || withTarget) {
      decisions.set(r.urn, "replace");
      replaced.add(r.urn);
      why.set(r.urn, { reason: forcing.length > 0 ? `replace-forcing change of ${forcing.join(", ")}` : `replaceWith/deletedWith ${withTarget}`, changed });
      if (before.protect || r.protect) refusals.push(`${r.urn} is protected and would be replaced (${forcing.join(", ") || "replaceWith"}): Pulumi refuses; list the setting in azure-aws-vpn:acknowledgeDisruption to lift protection deliberately`);
    } else if (changed.length > 0) {
      decisions.set(r.urn, "update");
      why.set(r.urn, { reason: `in-place change of ${changed.join(", ")}`, changed });
    } else {
      decisions.set(r.urn, "same");
    }
  }

  // Dependents (transitive, over the old graph) of each resource.
  const dependents = new Map<string, string[]>();
  for (const r of previous.resources) for (const d of r.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), r.urn]);
  const transitiveDependents = (urn: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [urn];
    while (stack.length > 0) {
      for (const d of dependents.get(stack.pop()!) ?? []) {
        if (!seen.has(d)) {
          seen.add(d);
          stack.push(d);
        }
      }
    }
    return seen;
  };

  const steps: Step[] = [];
  const deletedEarly = new Set<string>();
  const late: Step[] = [];
  const oldOrder = previous.resources.map((r) => r.urn);
  for (const r of current) {
    const decision = decisions.get(r.urn)!;
    const info = why.get(r.urn) ?? { reason: "", changed: [] };
    if (decision === "create") steps.push({ op: "create", urn: r.urn, type: r.type, reason: info.reason, resource: r, changed: [] });
    else if (decision === "update") steps.push({ op: "update", urn: r.urn, type: r.type, reason: info.reason, resource: r, changed: info.changed });
    else if (decision === "replace") {
      const before = old.get(r.urn)!;
      if (r.deleteBeforeReplace) {
        const deps = transitiveDependents(r.urn);
        const first = oldOrder.filter((u) => deps.has(u) && replaced.has(u) && !deletedEarly.has(u)).reverse();
        for (const u of first) {
          deletedEarly.add(u);
          steps.push({ op: "delete-replaced", urn: u, type: old.get(u)!.type, reason: `dependent of delete-before-replace ${r.urn}, replaced too`, resource: old.get(u)!, changed: [] });
        }
        if (!deletedEarly.has(r.urn)) {
          deletedEarly.add(r.urn);
          steps.push({ op: "delete-replaced", urn: r.urn, type: r.type, reason: `deleteBeforeReplace: ${info.reason}`, resource: before, changed: info.changed });
        }
      } else if (!deletedEarly.has(r.urn)) {
        late.push({ op: "delete-replaced", urn: r.urn, type: r.type, reason: "old copy, after its replacement (create-before-delete)", resource: before, changed: info.changed });
      }
      steps.push({ op: "create-replacement", urn: r.urn, type: r.type, reason: info.reason, resource: r, changed: info.changed });
    }
  }
  const nextUrns = new Set(current.map((r) => r.urn));
  for (const r of previous.resources) {
    if (r.custom && !nextUrns.has(r.urn)) late.push({ op: "delete", urn: r.urn, type: r.type, reason: "no longer declared", resource: r, changed: [] });
  }
  late.sort((a, b) => oldOrder.indexOf(b.urn) - oldOrder.indexOf(a.urn));
  return { steps: [...steps, ...late], decisions, refusals };
}
