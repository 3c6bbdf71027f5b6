/**
 * Changes deployed through the real engine from a deployed base: each base (a stack and its old
 * config) is deployed once, each change starts from a copy of its backend state and its fake
 * cloud. The fake cloud refuses a step exactly when the update model says the change cannot
 * complete, and per resource the engine's steps are the model's.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { configSchema, type RawConfig } from "../../infra/config";
import { readStackConfig, withConfig } from "../helpers";
import { changeFor, MODES, type ModeName } from "../lifecycle/everyKey";
import { askModel, disagreements, kinds, type ModelAnswer } from "./compare";
import { copySite, newSite, removeSite, run, writeStackConfig, type Run, type Site } from "./harness";

/** One change: a stack's old config and its new one (raw, fully qualified keys). */
export interface EngineChange {
  name: string;
  stack: string;
  base: RawConfig;
  next: RawConfig;
}

const refusalsOf = (r: Run): string[] => [...r.calls.filter((c) => c.refused).map((c) => `${c.op} ${c.urn.split("::").pop()}: ${c.refused}`), ...(r.ok ? [] : r.errors)];

/**
 * The settings whose every-key change names resources that must exist before the deployment (an
 * existing hub's ids): the fake cloud has none of them, so the engine would stop where the model,
 * which takes them as existing, does not.
 */
const NEEDS_EXISTING_RESOURCES: ReadonlySet<string> = new Set(["existingAzure", "existingAws"]);

/** The every-key changes of one routing mode on dev (tests/lifecycle/everyKey.ts). */
export function modeChanges(modeName: ModeName): EngineChange[] {
  const base = withConfig(readStackConfig("dev"), MODES[modeName]);
  return Object.keys(configSchema.shape)
    .filter((key) => !NEEDS_EXISTING_RESOURCES.has(key))
    .map((key) => ({ name: key, stack: "dev", base, next: withConfig(base, changeFor(key, MODES[modeName])) }));
}

export function engineChangeTests(title: string, changes: readonly EngineChange[]): void {
  describe(title, () => {
    const baseKey = (c: EngineChange): string => JSON.stringify([c.stack, c.base]);
    const bases = new Map<string, Site>();
    let answers: ModelAnswer[];
    before(async () => {
      answers = askModel(changes.map((c) => ({ stack: c.stack, before: c.base, after: c.next })));
      for (const change of changes) {
        if (bases.has(baseKey(change))) continue;
        const site = newSite(change.stack, change.base);
        bases.set(baseKey(change), site);
        const deployed = await run(site, "up");
        assert.ok(deployed.ok, `the base of ${change.name} does not deploy: ${refusalsOf(deployed).join("\n")}`);
      }
    });
    after(() => bases.forEach(removeSite));

    changes.forEach((change, i) => {
      it(`${change.name}: the engine and the update model agree`, async () => {
        const model = answers[i]!;
        assert.equal(model.error, undefined, model.error);
        const site = copySite(bases.get(baseKey(change))!);
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
