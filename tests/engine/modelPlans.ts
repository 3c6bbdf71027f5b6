/**
 * The update model's answer for a list of changes, in a process of its own: the offline evaluator
 * replaces the SDK's mergeOptions to drop azure-native's API-version aliases
 * (offline/apiVersionAliases.ts), which must not touch the engine suite's process, where the real
 * program runs. Reads [{stack, before, after}] (raw configs) as JSON on stdin,
 * writes one ModelAnswer per change as JSON on stdout.
 */
import { readFileSync } from "node:fs";
import { evaluateStack } from "../../offline/evaluate";
import { formatUpdatePlan, planUpdate } from "../../offline/update";
import type { ModelAnswer, ModelQuestion } from "./compare";

async function answer(question: ModelQuestion): Promise<ModelAnswer> {
  const [before, after] = await Promise.all([evaluateStack({ stack: question.stack, raw: question.before }), evaluateStack({ stack: question.stack, raw: question.after })]);
  const error = before.error ?? after.error;
  if (error) return { error: error.message, completes: false, steps: [], text: "" };
  const plan = planUpdate(before, after);
  return { completes: plan.completes, steps: plan.steps.map((s) => ({ op: s.op, urn: s.urn, type: s.type })), text: formatUpdatePlan(plan) };
}

async function main(): Promise<void> {
  const questions = JSON.parse(readFileSync(0, "utf8")) as ModelQuestion[];
  const answers: ModelAnswer[] = [];
  for (const q of questions) answers.push(await answer(q));
  // Exit once the pipe has taken it all (the evaluation worker would keep the process alive).
  await new Promise<void>((resolve) => process.stdout.write(JSON.stringify(answers), () => resolve()));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
