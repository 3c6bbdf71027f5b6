// Offline commands fail loudly: an evaluation that throws, rejects or never settles is an error
// with a non-zero exit code, never 0 with nothing printed. In-process (the failing programs run in
// the evaluation worker), except one run of the plan as its own process, for the exit code itself.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { stackViews } from "../../interop/check";
import { runPlan } from "../../scripts/plan";
import { REPO_ROOT } from "../helpers";
import { failingProgram, type FailingMode } from "./fixtures/failing-programs";

const run = promisify(execFile);
const out = (): string => path.join(mkdtempSync(path.join(tmpdir(), "plan-")), "plan.md");

/** A program that never settles waits out its whole bound, so its bound is short. */
const timeoutMsOf = (mode: FailingMode): number => (mode === "never-settles" ? 100 : 500);

/** runPlan over a failing program, its output captured. */
async function failingPlan(mode: FailingMode, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runPlan(["--stack", "dev", "--out", file], { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) }, { program: failingProgram(mode), timeoutMs: timeoutMsOf(mode) });
  return { code, stdout, stderr };
}

describe("offline plan fails loudly", () => {
  for (const [mode, message] of [["throws-in-apply", /boom inside apply/], ["throws", /thrown at top level/], ["never-settles", /did not settle within 100 ms/]] as const) {
    it(`a program that ${mode}: exit 1, the error printed, no report written`, async () => {
      const file = out();
      const result = await failingPlan(mode, file);
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.match(result.stderr, message);
      assert.equal(existsSync(file), false);
    });
  }

  it("as a process: a program that throws in an apply makes the plan exit 1 and print the error", async () => {
    const file = out();
    const result = await run(process.execPath, ["--import", "tsx", "tests/config/fixtures/failing-plan.ts", "throws-in-apply", "--out", file], { cwd: REPO_ROOT }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (err: { code?: number; stdout?: string; stderr?: string }) => ({ code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" }),
    );
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.match(result.stderr, /boom inside apply/);
    assert.equal(existsSync(file), false);
  });

  it("the interop check refuses a failed evaluation instead of checking no tunnels", async () => {
    await assert.rejects(stackViews([{ stack: "dev", program: failingProgram("throws-in-apply"), timeoutMs: 500 }]), /boom inside apply/);
  });

  it("plan of a valid stack with the real program exits 0 and writes the report (the control)", async () => {
    const file = out();
    let stderr = "";
    const code = await runPlan(["--stack", "dev", "--out", file], { stdout: () => undefined, stderr: (t) => void (stderr += t) });
    assert.equal(code, 0, stderr);
    assert.equal(existsSync(file), true);
  });
});
