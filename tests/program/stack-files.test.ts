/**
 * Every committed stack file (Pulumi.<stack>.yaml at the repository root, found by listing, so a
 * new one is covered without editing this test) plans cleanly: valid config, an evaluation without
 * error, a plan report, and no policy violation.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { describe, it } from "node:test";
import { validateConfig } from "../../infra/config";
import { policyViolations } from "../../offline/policy";
import { buildPlanReport } from "../../offline/report";
import { evaluateStack, readStackConfig, REPO_ROOT } from "../helpers";

const stacks = readdirSync(REPO_ROOT).map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();

describe("every committed stack file plans cleanly", () => {
  it("finds the stack files (dev, prod and the scale example at least)", () => {
    for (const s of ["dev", "prod", "scale"]) assert.ok(stacks.includes(s), `Pulumi.${s}.yaml`);
  });

  for (const stack of stacks) {
    it(`${stack}: valid config, evaluation, plan and policy pack`, async () => {
      const result = validateConfig(readStackConfig(stack), stack);
      assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
      const evaluation = await evaluateStack({ stack });
      assert.equal(evaluation.error, undefined, evaluation.error?.message);
      const report = buildPlanReport(evaluation);
      assert.equal(report.error, undefined);
      assert.ok(report.throughput && report.throughput.directions.length === 2, "per-direction ceilings");
      assert.deepEqual(policyViolations(evaluation), []);
    });
  }
});
