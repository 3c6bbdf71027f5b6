/**
 * Run by `npm run bench` under node's test runner (`node --import tsx --test`), where the tests
 * evaluate the program, and writes JSON to $BENCH_PROBE_OUT (the runner owns stdout):
 *   coldMs       the first evaluation in the process (starts the evaluation worker, loads the program);
 *   newConfigMs  median of three evaluations of configs not seen before, once the worker is warm;
 *   repeatMs     the first config again: the worker answers from its memo (tests/harness/worker.ts), as
 *                for a test that evaluates a config another test already did.
 */
import { writeFileSync } from "node:fs";
import { it } from "node:test";
import { readStackConfig } from "../offline/evaluate";
import { evaluateStack } from "../tests/harness";
import { withSettings } from "./changes";

async function timeOne(options: Parameters<typeof evaluateStack>[0]): Promise<number> {
  const started = performance.now();
  const e = await evaluateStack(options);
  if (e.error) throw e.error;
  return performance.now() - started;
}

it("evaluation under the test runner", async () => {
  const coldMs = await timeOne({ stack: "dev" });
  const fresh: number[] = [];
  for (let i = 1; i <= 3; i++) fresh.push(await timeOne({ stack: "dev", raw: withSettings(readStackConfig("dev"), { keyRotation: { c1t1: i } }) }));
  const repeatMs = await timeOne({ stack: "dev" });
  const out = process.env["BENCH_PROBE_OUT"];
  if (out) writeFileSync(out, JSON.stringify({ coldMs, newConfigMs: fresh.sort((a, b) => a - b)[1], repeatMs }));
});
