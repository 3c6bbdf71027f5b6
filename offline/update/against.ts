/** The update model for `plan --against REF`: the stack's config at REF evaluated, then compared. */
import type { RawConfig } from "../../infra/config";
import { evaluateStack, type Evaluation } from "../evaluate";
import { formatUpdatePlan, planUpdate, type UpdatePlan } from "./index";

/** The update from `previousRaw` (undefined: a new stack) to the current evaluation. */
export async function updateAgainst(previousRaw: RawConfig | undefined, current: Evaluation): Promise<{ plan?: UpdatePlan; text: string }> {
  if (previousRaw === undefined) return { text: "Update model: a new stack, every resource is created." };
  const previous = await evaluateStack({ stack: current.stack, raw: previousRaw });
  if (previous.error) return { text: `Update model: the config at the revision does not evaluate (${previous.error.message.split("\n")[0]}), nothing to compare.` };
  const plan = planUpdate(previous, current);
  return { plan, text: formatUpdatePlan(plan) };
}
