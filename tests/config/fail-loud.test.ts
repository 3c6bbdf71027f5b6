// Offline commands fail loudly: an evaluation that throws, rejects or never settles is an error
// with a non-zero exit code, never 0 with nothing printed.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { runPlan } from "../../scripts/plan";
import { REPO_ROOT } from "../helpers";

const run = promisify(execFile);
const out = (): string => path.join(mkdtempSync(path.join(tmpdir(), "plan-")), "plan.md");

async function failingPlan(mode: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "tests/config/fixtures/failing-plan.ts", mode, "--out", file], { cwd: REPO_ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

describe("offline plan fails loudly", () => {
  for (const [mode, message] of [["throws-in-apply", /boom inside apply/], ["throws", /thrown at top level/], ["never-settles", /did not settle within 500 ms/]] as const) {
    it(`a program that ${mode}: exit 1, the error printed, no report written`, async () => {
      const file = out();
      const result = await failingPlan(mode, file);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stderr, message);
      assert.equal(existsSync(file), false);
    });
  }

  it("the interop check refuses a failed evaluation instead of checking no tunnels", async () => {
    let result: { code: number; stderr: string };
    try {
      await run(process.execPath, ["--import", "tsx", "tests/config/fixtures/failing-plan.ts", "throws-in-apply", "--interop"], { cwd: REPO_ROOT });
      result = { code: 0, stderr: "" };
    } catch (err) {
      const e = err as { code?: number; stderr?: string };
      result = { code: e.code ?? -1, stderr: e.stderr ?? "" };
    }
    assert.equal(result.code, 2);
    assert.match(result.stderr, /boom inside apply/);
  });

  it("plan of a valid stack with the real program exits 0 and writes the report (the control)", async () => {
    const file = out();
    let stderr = "";
    const code = await runPlan(["--stack", "dev", "--out", file], { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    assert.equal(code, 0, stderr);
    assert.equal(existsSync(file), true);
  });
});
