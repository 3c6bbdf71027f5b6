/**
 * Run by `npm run bench` under node's test runner (`node --import tsx --test`), where the tests
 * evaluate the program: times a cold and a warm evaluation of the dev stack there, and writes
 * them as JSON to $BENCH_PROBE_OUT (the runner owns stdout).
 */
import { writeFileSync } from "node:fs";
import { it } from "node:test";
import { evaluateStack } from "../offline/evaluate";

it("evaluation under the test runner", async () => {
  const runs: number[] = [];
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    const e = await evaluateStack({ stack: "dev" });
    runs.push(performance.now() - started);
    if (e.error) throw e.error;
  }
  const out = process.env["BENCH_PROBE_OUT"];
  if (out) writeFileSync(out, JSON.stringify({ coldMs: runs[0], warmMs: runs.slice(1).sort((a, b) => a - b)[1] }));
});
