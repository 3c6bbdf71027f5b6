// How the `npm test` shards share the files (scripts/test-queue.ts, scripts/test.ts) and count their tests (scripts/test-counts.mjs).
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { evaluationCounts, evaluationLine, nextWeights, queueOrder, type TestCounts } from "../../scripts/test";
import { claimFile, takeFiles } from "../../scripts/test-queue";

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
function claimsDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "test-queue-"));
  dirs.push(dir);
  return dir;
}

describe("queueOrder", () => {
  it("puts the heaviest file first; a file without a figure counts as the median; ties go by name", () => {
    // new counts as 5, the median of 1, 5 and 9
    assert.deepEqual(queueOrder(["a", "b", "c", "new", "z"], { a: 1, b: 5, c: 9, z: 5 }), ["c", "b", "new", "z", "a"]);
    assert.deepEqual(queueOrder(["b", "a"], {}), ["a", "b"]);
  });
});

describe("claimFile", () => {
  it("gives a file to the first caller only, whatever characters its path has", () => {
    const dir = claimsDir();
    assert.equal(claimFile(dir, "tests/unit/a.test.ts"), true);
    assert.equal(claimFile(dir, "tests/unit/a.test.ts"), false);
    assert.equal(claimFile(dir, "tests/unit/b.test.ts"), true);
  });

  it("fails loudly when the claims folder is gone, rather than claiming nothing", () => {
    assert.throws(() => claimFile(path.join(claimsDir(), "missing"), "a"), /ENOENT/);
  });
});

describe("takeFiles", () => {
  it("two shards over one queue: every file runs once, and a free shard takes the next files while the other is busy", async () => {
    const dir = claimsDir();
    const queue = ["heavy", "m1", "m2", "l1", "l2", "l3"];
    const ran: string[][] = [[], []];
    // heavy lasts until the second shard has run out of files.
    let secondDone!: () => void;
    const second = new Promise<void>((resolve) => (secondDone = resolve));
    const shard = (i: number) =>
      takeFiles(queue, (file) => claimFile(dir, file), async (file) => {
        ran[i]!.push(file);
        if (file === "heavy") await second;
      });
    const first = shard(0);
    const costs = await shard(1);
    secondDone();
    await first;
    assert.deepEqual(ran, [["heavy"], ["m1", "m2", "l1", "l2", "l3"]]);
    assert.deepEqual(Object.keys(costs), ["m1", "m2", "l1", "l2", "l3"]);
  });

  it("hands the costs so far to `written` after each file, loading and running included", async () => {
    const written: string[][] = [];
    const costs = await takeFiles(["a", "b"], () => true, () => new Promise((resolve) => setTimeout(resolve, 20)), (c) => written.push(Object.keys(c)));
    assert.deepEqual(written, [["a"], ["a", "b"]]);
    assert.ok(costs["a"]! >= 15 && costs["b"]! >= 15, JSON.stringify(costs));
  });
});

describe("nextWeights", () => {
  it("is the mean of the table's weight and the run's, in seconds; a new file takes the run's; a file no longer run leaves the table", () => {
    assert.deepEqual(nextWeights({ "a.test.ts": 4, "gone.test.ts": 9 }, { "a.test.ts": 1000, "new.test.ts": 2345 }), { "a.test.ts": 2.5, "new.test.ts": 2.3 });
  });
});

describe("a shard's test counts (scripts/test-counts.mjs)", () => {
  it("count tests as Node's summary does; a suite or the shard's own test counts only when it fails for a reason of its own", async () => {
    type Reporter = (source: AsyncIterable<unknown>) => AsyncIterable<string>;
    const reporter = (await import(pathToFileURL(path.join(__dirname, "..", "..", "scripts", "test-counts.mjs")).href)) as { default: Reporter };
    const event = (type: string, nesting: number, extra: Record<string, unknown> = {}) => ({ type, data: { nesting, details: { type: "test" }, ...extra } });
    async function* events() {
      yield event("test:pass", 2);
      yield event("test:pass", 3);
      yield event("test:fail", 2);
      yield event("test:pass", 2, { skip: true });
      yield event("test:fail", 2, { todo: "later" });
      yield { type: "test:pass", data: { nesting: 1, details: { type: "suite" } } };
      // a file's suite that failed because a test in it did, and one whose file did not load
      yield { type: "test:fail", data: { nesting: 1, details: { type: "suite", error: { failureType: "subtestsFailed" } } } };
      yield { type: "test:fail", data: { nesting: 1, details: { type: "suite", error: { failureType: "testCodeFailure" } } } };
      yield event("test:fail", 0, { details: { type: "test", error: { failureType: "subtestsFailed" } } });
      yield { type: "test:diagnostic", data: { nesting: 0, message: "tests 7" } };
    }
    let out = "";
    for await (const chunk of reporter.default(events())) out += chunk;
    assert.deepEqual(JSON.parse(out) as TestCounts, { pass: 2, fail: 2, skipped: 2 });
  });
});

describe("the shards' evaluations lines", () => {
  it("are read back (bench) as the sums over the shards, with or without evaluations that could not be stored", () => {
    const output = [
      "ℹ tests 10",
      evaluationLine({ evaluated: 156, unstorable: 1, fromDisk: 9, fromMemo: 36, cache: "on" }),
      evaluationLine({ evaluated: 142, unstorable: 0, fromDisk: 3, fromMemo: 38, cache: "on" }),
    ].join("\n");
    assert.deepEqual(evaluationCounts(output), { run: 298, fromDisk: 12 });
  });
});
