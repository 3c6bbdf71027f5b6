/**
 * Secret handling for the plan: every secret value an evaluation holds, and a last scrub of
 * rendered output that replaces any of them by [secret] (offline/feed.ts SECRET). Pure.
 */
import { toAwsPresharedKey } from "../infra/keys";
import { text } from "../infra/props";
import { TYPES } from "../infra/types";
import type { Evaluation } from "./evaluation";
import { SECRET } from "./feed";
import { leaves } from "./readers";

export { SECRET };


/** Every secret value in an evaluation (keys in inputs and the random results behind them). */
export function secretValues(evaluation: Evaluation): string[] {
  const values = new Set<string>();
  const at = (root: unknown, pathText: string): unknown => {
    let current = root;
    for (const part of pathText.split(/\.|\[|\]/).filter(Boolean)) {
      if (current === null || typeof current !== "object") return undefined;
      current = (current as Record<string, unknown>)[part];
    }
    return current;
  };
  for (const r of evaluation.resources) {
    for (const p of r.secretInputPaths) for (const leaf of leaves(at(r.inputs, p), "")) values.add(leaf.value);
    if (r.type === TYPES.password) {
      const result = text(r.state, "result");
      if (result !== undefined) {
        values.add(result);
        values.add(toAwsPresharedKey(result));
      }
    }
  }
  for (const name of evaluation.secretOutputs) for (const leaf of leaves(evaluation.outputs[name], "")) values.add(leaf.value);
  return [...values].filter((v) => v.length >= 4);
}

/** Replaces any secret value in rendered output by [secret] (a last line of defence). */
export function scrubSecrets(output: string, secrets: readonly string[]): string {
  let result = output;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) result = result.split(secret).join(SECRET);
  return result;
}
