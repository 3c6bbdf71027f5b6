/**
 * Every change the lifecycle tests cover (tests/lifecycle/everyKey.ts: one per config key, in each
 * routing mode), deployed through the real engine from the mode's base: the base is deployed once,
 * each change starts from a copy of its backend state and its fake cloud. The fake cloud refuses a
 * step exactly when the update model says the change cannot complete, and per resource the
 * engine's steps are the model's.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { configSchema, type RawConfig } from "../../infra/config";
import { readStackConfig, withConfig } from "../helpers";
import { changeFor, MODES, type ModeName } from "../lifecycle/everyKey";
import { askModel, disagreements, kinds, type ModelAnswer } from "./compare";
import { copySite, newSite, removeSite, run, writeStackConfig, type Run, type Site } from "./harness";

const refusalsOf = (r: Run): string[] => [...r.calls.filter((c) => c.refused).map((c) => `${c.op} ${c.urn.split("::").pop()}: ${c.refused}`), ...(r.ok ? [] : r.errors)];

/** The changes of one mode: `[key, old config, new config]`. */
export function modeChanges(modeName: ModeName): { key: string; base: RawConfig; next: RawConfig }[] {
  const base = withConfig(readStackConfig("dev"), MODES[modeName]);
  return Object.keys(configSchema.shape).map((key) => ({ key, base, next: withConfig(base, changeFor(key, MODES[modeName])) }));
}

export function engineChangeTests(modeName: ModeName): void {
  describe(`every key's change through the engine, ${modeName}`, () => {
    const changes = modeChanges(modeName);
    let base: Site;
    let answers: ModelAnswer[];
    before(async () => {
      answers = askModel(changes.map((c) => ({ stack: "dev", before: c.base, after: c.next })));
      base = newSite("dev", changes[0]!.base);
      const deployed = await run(base, "up");
      assert.ok(deployed.ok, `the ${modeName} base does not deploy: ${refusalsOf(deployed).join("\n")}`);
    });
    after(() => base && removeSite(base));

    changes.forEach((change, i) => {
      it(`${change.key}: the engine and the update model agree`, async () => {
        const model = answers[i]!;
        assert.equal(model.error, undefined, model.error);
        const site = copySite(base);
        try {
          writeStackConfig(site, change.next);
          const result = await run(site, "up");
          const refused = refusalsOf(result);
          const report = `engine: ${refused.length === 0 ? "completed" : `refused:\n  ${refused.join("\n  ")}`}\n${model.text}`;
          assert.equal(result.ok, model.completes, `the engine ${result.ok ? "completed" : "stopped"} where the model says it ${model.completes ? "completes" : "cannot complete"}\n${report}`);
          if (result.ok) assert.deepEqual(disagreements(kinds(result.steps), kinds(model.steps)), [], report);
        } finally {
          removeSite(site);
        }
      });
    });
  });
}
