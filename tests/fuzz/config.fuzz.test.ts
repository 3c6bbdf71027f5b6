/**
 * Config fuzzing: thousands of generated configs, valid and invalid. validateConfig never throws;
 * a valid config yields a consistent topology; an invalid one is refused with issues that name our
 * keys and state a rule. tests/fuzz/program.fuzz.test.ts runs a smaller sample through the whole
 * program.
 *
 * Fixed seed (reproducible in CI); FC_SEED=<n> explores another part of the space, and
 * FC_RUNS_SCALE=<k> multiplies the runs (e.g. FC_RUNS_SCALE=20 for a long local session).
 */
import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ConfigError, loadConfig, validateConfig, type ConfigIssue, type VpnConfig } from "../../infra/config";
import { anyConfig, fuzzSeed, mayName, mutated, runs, runtimeView, settingOf, validLeaning, type FuzzCase } from "./arbitraries";
import { issueProblems, topologyProblems } from "./properties";

const seed = fuzzSeed();

/** The outcome the program must have for a raw config (as Pulumi hands it over). */
function judge(fuzz: FuzzCase): { ok: true; config: VpnConfig } | { ok: false; errors: ConfigIssue[] } {
  const views = [fuzz.raw, runtimeView(fuzz.raw)];
  let outcome: { ok: true; config: VpnConfig } | { ok: false; errors: ConfigIssue[] } | undefined;
  for (const view of views) {
    const result = validateConfig(view, fuzz.stack);
    for (const warning of result.warnings) assert.deepEqual(issueProblems(warning), [], "warning");
    if (result.ok) {
      assert.deepEqual(topologyProblems(result.config, fuzz.stack), [], `accepted config is inconsistent: ${JSON.stringify(fuzz.mutations)}`);
      // Validation is idempotent in effect: loadConfig agrees.
      assert.deepEqual(loadConfig(view, fuzz.stack).config, result.config);
      outcome = { ok: true, config: result.config };
    } else {
      assert.ok(result.errors.length > 0, "refused with no error");
      for (const issue of result.errors) assert.deepEqual(issueProblems(issue), [], `issue for ${JSON.stringify(fuzz.mutations)}`);
      assert.throws(() => loadConfig(view, fuzz.stack), (err: unknown) => err instanceof ConfigError && err.issues.length === result.errors.length);
      outcome = { ok: false, errors: result.errors };
    }
  }
  // The last view is the program's.
  return outcome!;
}

describe("config fuzzing (validateConfig)", () => {
  it("never throws; valid configs are consistent; invalid ones name keys with rules", () => {
    const started = performance.now();
    let valid = 0;
    let invalid = 0;
    fc.assert(
      fc.property(anyConfig, (fuzz) => {
        const outcome = judge(fuzz);
        if (outcome.ok) valid++;
        else invalid++;
      }),
      { seed, numRuns: runs(2000) },
    );
    const ms = performance.now() - started;
    assert.ok(valid > 100 && invalid > 100, `too one-sided a sample: ${valid} valid, ${invalid} invalid`);
    process.stdout.write(`# validateConfig fuzz: ${valid} valid, ${invalid} invalid configs in ${Math.round(ms)} ms (seed ${seed})\n`);
  });

  it("the coherent generator is mostly valid (the valid branch is really exercised)", () => {
    let valid = 0;
    const total = runs(300);
    fc.assert(
      fc.property(validLeaning, (fuzz) => {
        if (judge(fuzz).ok) valid++;
      }),
      { seed, numRuns: total },
    );
    assert.ok(valid / total > 0.8, `${valid} of ${total} coherent configs valid`);
  });

  it("a refused mutation of a valid config names a mutated setting (or one whose rule depends on it)", () => {
    let refused = 0;
    fc.assert(
      fc.property(mutated, (fuzz) => {
        if (!validateConfig(runtimeView(fuzz.base), fuzz.stack).ok) return;
        const outcome = judge(fuzz);
        if (outcome.ok) return;
        refused++;
        const allowed = mayName(fuzz);
        const named = outcome.errors.map((e) => settingOf(e.key));
        assert.ok(named.some((name) => allowed.has(name)), `errors name ${named.join(", ")}; the mutations touched ${[...allowed].join(", ")}`);
      }),
      { seed, numRuns: runs(1000) },
    );
    assert.ok(refused > 100, `only ${refused} refusals`);
  });
});
