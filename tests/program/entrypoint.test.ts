// `pulumi up` loads Pulumi.yaml's `main` through Pulumi's own ts-node: that path must work too.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { describe, it } from "node:test";

const script = path.join(__dirname, "entrypoint.cjs");

describe("the program as Pulumi's Node.js runtime loads it", () => {
  for (const [stack, tunnels] of [["dev", ["c1t1", "c1t2"]], ["prod", ["c1t1", "c1t2", "c2t1", "c2t2"]]] as const) {
    it(`${stack}: main: infra/ loads with Pulumi's ts-node and exports the contract's outputs`, () => {
      const out = execFileSync(process.execPath, [script, stack], { encoding: "utf8", timeout: 120_000 });
      const result = JSON.parse(out.trim().split("\n").pop()!) as { main: string; exports: string[]; contractVersion: number; tunnels: string[] };
      assert.equal(result.main, "infra/");
      assert.deepEqual(result.exports, ["aws", "azure", "contractVersion", "monitoring", "routing", "testHosts", "tunnels"]);
      assert.equal(result.contractVersion, 1);
      assert.deepEqual(result.tunnels, tunnels);
    });
  }
});
