// `pulumi up` loads Pulumi.yaml's `main` through Pulumi's own ts-node: that path must work too.
// One process loads the program for both stacks (the SDK and ts-node load once). It is also the
// test of key determinism across processes: the secret-hygiene tests collect keys in this process
// and check the offline plan in this process, which holds only if another process derives the same.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { promisify } from "node:util";
import { evaluateOk, fingerprint, ofType, expectStr, T } from "../helpers";

const script = path.join(__dirname, "entrypoint.cjs");
const STACKS = { dev: ["c1t1", "c1t2"], prod: ["c1t1", "c1t2", "c2t1", "c2t2"] } as const;

interface Loaded {
  stack: string;
  main: string;
  exports: string[];
  contractVersion: number;
  tunnels: string[];
  /** sha256 (16 hex digits) of each RandomPassword value, by resource name. */
  keys: Record<string, string>;
}

describe("the program as Pulumi's Node.js runtime loads it", () => {
  const loaded = new Map<string, Loaded>();
  before(async () => {
    // Without stack traces: the SDK records one for every promise it makes, and the point here is
    // the loading path, not the traces (offline/evaluate.ts turns them off the same way): 1 s less CPU.
    const { stdout } = await promisify(execFile)(process.execPath, ["--stack-trace-limit=0", script, ...Object.keys(STACKS)], { encoding: "utf8", timeout: 120_000 });
    for (const line of stdout.trim().split("\n")) {
      if (!line.startsWith("{")) continue;
      const result = JSON.parse(line) as Loaded;
      loaded.set(result.stack, result);
    }
  });

  for (const [stack, tunnels] of Object.entries(STACKS)) {
    it(`${stack}: main: infra/ loads with Pulumi's ts-node and exports the contract's outputs`, () => {
      const result = loaded.get(stack);
      assert.ok(result, `no result for ${stack}`);
      assert.equal(result.main, "infra/");
      assert.deepEqual(result.exports, ["aws", "azure", "contractVersion", "monitoring", "routing", "testHosts", "tunnels"]);
      assert.equal(result.contractVersion, 1);
      assert.deepEqual(result.tunnels, tunnels);
    });

    it(`${stack}: that process derives the same keys as the evaluator here (the mock keys are deterministic)`, async () => {
      const result = loaded.get(stack);
      assert.ok(result, `no result for ${stack}`);
      const passwords = ofType(await evaluateOk(stack), T.password);
      assert.equal(passwords.length, tunnels.length);
      assert.deepEqual(result.keys, Object.fromEntries(passwords.map((p) => [p.name, fingerprint(expectStr(p.state, "result"))])));
    });
  }
});
