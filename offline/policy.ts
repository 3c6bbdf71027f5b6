/**
 * The policy pack over an offline evaluation: the same policies `pulumi preview --policy-pack
 * policy` runs, applied to the resources the program registered, so a policy problem shows in the
 * plan before a pull request does.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { runPoliciesOnResources, type PolicyInputResource, type Violation } from "../policy/run";
import type { Evaluation } from "./evaluate";

const POLICY_DIR = path.resolve(__dirname, "..", "policy");

/** An evaluation's resources as the policy runner takes them. */
export function policyInputs(evaluation: Evaluation): PolicyInputResource[] {
  return evaluation.resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    protect: r.protect,
    secretPaths: r.secretInputPaths,
    propertyDependencies: r.propertyDependencies,
    parent: r.parentUrn,
  }));
}

/** policy/config.<stack>.json, the --policy-pack-config the workflows pass, when it exists. */
export function policyConfigFor(stack: string): Record<string, unknown> | undefined {
  const file = path.join(POLICY_DIR, `config.${stack}.json`);
  if (!existsSync(file)) return undefined;
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error(`${file} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

/** Every violation of the pack for the evaluated stack, with that stack's policy config. */
export function policyViolations(evaluation: Evaluation, stack: string = evaluation.stack): Violation[] {
  return runPoliciesOnResources(policyInputs(evaluation), stack, { policyConfig: policyConfigFor(stack) });
}

/** Violations that would stop `pulumi preview`/`up` (mandatory ones). */
export function blocking(violations: readonly Violation[]): Violation[] {
  return violations.filter((v) => v.enforcementLevel === "mandatory");
}

/** The plan's policy section, as text. */
export function formatPolicyViolations(violations: readonly Violation[]): string {
  if (violations.length === 0) return "Policy pack (policy/): no violations.";
  const lines = violations.map((v) => `  - [${v.enforcementLevel}] ${v.policyName} on ${v.resourceName}: ${v.message}`);
  const stopping = blocking(violations).length;
  return [`Policy pack (policy/): ${violations.length} violation${violations.length === 1 ? "" : "s"}, ${stopping} mandatory (pulumi preview would fail):`, ...lines].join("\n");
}
