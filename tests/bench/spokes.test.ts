/** The bench's spoke configs are valid stacks with N spokes per side (what the probe evaluates). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { growth, spokesConfig } from "../../bench/spokes";
import { validateConfig } from "../../infra/config";
import { readStackConfig } from "../helpers";

describe("bench spokes", () => {
  for (const n of [1, 10, 50]) {
    it(`${n} spokes per side: a valid config with exactly that many`, () => {
      const r = validateConfig(spokesConfig(readStackConfig("scale"), n), "scale");
      assert.ok(r.ok, JSON.stringify(!r.ok && r.errors.slice(0, 3)));
      assert.deepEqual([r.config.awsSpokes.length, r.config.azureSpokes.length], [n, n]);
    });
  }

  it("refuses sizes it cannot lay out", () => {
    assert.throws(() => spokesConfig(readStackConfig("scale"), 51), /0 to 50/);
  });

  it("reports growth per added spoke pair", () => {
    const lines = growth([
      { spokes: 1, resources: 60, routes: 9, evaluationMs: 1000, evaluationCpuMs: 500, peakRssMb: 200, load: "" },
      { spokes: 11, resources: 160, routes: 90, evaluationMs: 2000, evaluationCpuMs: 1500, peakRssMb: 220, load: "" },
    ]);
    assert.deepEqual(lines, ["1 -> 11 spokes per side: +10.0 resources, +100.0 ms wall, +100.0 ms CPU, +2.00 MB peak RSS per spoke pair"]);
  });
});
