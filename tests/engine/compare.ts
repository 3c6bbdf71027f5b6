/**
 * The engine's steps and the update model's, side by side: per resource, what happened to it
 * (created, updated, replaced create-before-delete, replaced delete-first, deleted). Our component
 * resources, the stack and the provider resources are left out: no cloud object stands behind them.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { RawConfig } from "../../infra/config";
import { COMPONENT_PREFIX } from "../../infra/types";
import { REPO_ROOT } from "../../offline/stackConfig";

export interface ModelQuestion {
  stack: string;
  before: RawConfig;
  after: RawConfig;
}

export interface ModelAnswer {
  completes: boolean;
  steps: { op: string; urn: string; type: string }[];
  text: string;
  error?: string;
}

export type Kind = "create" | "update" | "replace" | "replace, deleted first" | "delete";

const cloudObject = (type: string): boolean => !type.startsWith("pulumi:") && !type.startsWith(COMPONENT_PREFIX);

/**
 * What a sequence of steps did to each resource. Ops are the engine's step names (the model uses
 * the same ones); a replacement whose old copy is deleted before the new one is created was
 * deleted first.
 */
export function kinds(steps: readonly { op: string; urn: string; type: string }[]): Map<string, Kind> {
  const ops = new Map<string, string[]>();
  for (const s of steps) {
    const urn = mockUrn(s.urn);
    if (cloudObject(s.type)) ops.set(urn, [...(ops.get(urn) ?? []), s.op]);
  }
  const result = new Map<string, Kind>();
  for (const [urn, list] of ops) {
    const created = list.indexOf("create-replacement");
    const deleted = list.indexOf("delete-replaced");
    if (created >= 0 || deleted >= 0) result.set(urn, deleted >= 0 && (created < 0 || deleted < created) ? "replace, deleted first" : "replace");
    else if (list.includes("create")) result.set(urn, "create");
    else if (list.includes("delete")) result.set(urn, "delete");
    else if (list.includes("update")) result.set(urn, "update");
  }
  return result;
}

/**
 * The URN Pulumi's mocks give a resource, from the engine's: the engine qualifies a child's type
 * with every ancestor's (`Vpn$AzureSide$VirtualNetworkGateway`), the SDK's mocks with its parent's
 * only (`AzureSide$VirtualNetworkGateway`: @pulumi/pulumi runtime/mocks.js newUrn).
 */
export function mockUrn(engineUrn: string): string {
  const parts = engineUrn.split("::");
  if (parts.length < 4) return engineUrn;
  const chain = parts[2]!.split("$");
  parts[2] = chain.slice(-2).join("$");
  return parts.join("::");
}

/** Each resource on which the two disagree: `urn: engine X, model Y`. */
export function disagreements(engine: Map<string, Kind>, model: Map<string, Kind>): string[] {
  const urns = [...new Set([...engine.keys(), ...model.keys()])].sort();
  const short = (urn: string): string => urn.split("::").pop() ?? urn;
  return urns.filter((u) => engine.get(u) !== model.get(u)).map((u) => `${short(u)}: engine ${engine.get(u) ?? "nothing"}, model ${model.get(u) ?? "nothing"}`);
}

/** The model's answers, from a process of its own (tests/engine/modelPlans.ts). */
export function askModel(questions: readonly ModelQuestion[]): ModelAnswer[] {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tests", "engine", "modelPlans.ts")], { cwd: REPO_ROOT, input: JSON.stringify(questions), encoding: "utf8", maxBuffer: 256 * 1024 * 1024, env: { ...process.env, AZURE_AWS_VPN_EVALUATION_CACHE: "off" } });
  if (result.status !== 0) throw new Error(`the update model's process failed (exit ${result.status}): ${result.stderr}`);
  return JSON.parse(result.stdout) as ModelAnswer[];
}
