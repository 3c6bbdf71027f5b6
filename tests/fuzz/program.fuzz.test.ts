/**
 * Config fuzzing through the whole program under mocks (tests/fuzz/config.fuzz.test.ts fuzzes
 * validateConfig alone): valid configs wire both clouds together, invalid ones fail with a
 * ConfigError before a single resource exists. Fixed seed; FC_SEED and FC_RUNS_SCALE as there.
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ConfigError, formatIssue, validateConfig } from "../../infra/config";
import { TYPES } from "../../infra/types";
import { evaluateStack, wiringProblems } from "../helpers";
import { fuzzSeed, mutated, runs, runtimeView, validLeaning } from "./arbitraries";

const seed = fuzzSeed();

describe("config fuzzing (whole program under mocks)", () => {
  it("valid configs wire both clouds together; invalid ones register nothing", async () => {
    const started = performance.now();
    let valid = 0;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 1, arbitrary: validLeaning }, { weight: 1, arbitrary: mutated }), async (fuzz) => {
        const expected = validateConfig(runtimeView(fuzz.raw), fuzz.stack);
        const evaluation = await evaluateStack({ stack: fuzz.stack, raw: fuzz.raw });
        if (expected.ok) {
          valid++;
          assert.equal(evaluation.error, undefined, `valid config failed: ${evaluation.error?.message}`);
          assert.ok(evaluation.resources.length > 0);
          assert.deepEqual(wiringProblems(evaluation), []);
          assert.deepEqual(evaluation.warnings, expected.warnings.map(formatIssue));
          const keyed = evaluation.resources.filter((r) => r.type === TYPES.password);
          assert.equal(keyed.length, expected.config.activeActive ? 4 : 2);
        } else {
          invalid++;
          assert.ok(evaluation.error instanceof ConfigError, `expected a ConfigError, got ${evaluation.error?.name}: ${evaluation.error?.message}`);
          assert.deepEqual(evaluation.error.issues, expected.errors);
          for (const issue of expected.errors) assert.ok(evaluation.error.message.includes(`${issue.key} = `), `the message names ${issue.key}`);
          assert.equal(evaluation.resources.length, 0, `resources registered after a validation error: ${evaluation.resources.map((r) => r.name).join(", ")}`);
          assert.deepEqual(evaluation.outputs, {});
        }
      }),
      { seed, numRuns: runs(40) },
    );
    const ms = performance.now() - started;
    assert.ok(valid >= 5 && invalid >= 5, `too one-sided a sample: ${valid} valid, ${invalid} invalid`);
    process.stdout.write(`# evaluateStack fuzz: ${valid} valid, ${invalid} invalid configs in ${Math.round(ms)} ms (seed ${seed})\n`);
  });
});
