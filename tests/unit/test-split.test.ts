// How `npm test` splits its files between the shards (scripts/test.ts splitByWeight).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluationCounts, evaluationLine, nextWeights, splitByWeight } from "../../scripts/test";

describe("splitByWeight", () => {
  it("gives the heaviest file first to the lightest shard; each shard keeps file order", () => {
    const shards = splitByWeight(["a", "b", "c", "d"], { a: 10, b: 4, c: 3, d: 2 }, 2);
    assert.deepEqual(shards, [{ files: ["a"], weight: 10 }, { files: ["b", "c", "d"], weight: 9 }]);
  });

  it("counts a file it has no figure for as the median, and never makes an empty shard", () => {
    // new counts as 5, the median of the files' figures 1, 5 and 9
    assert.deepEqual(splitByWeight(["a", "b", "c", "new"], { a: 1, b: 5, c: 9 }, 2), [{ files: ["a", "c"], weight: 10 }, { files: ["b", "new"], weight: 10 }]);
    assert.deepEqual(splitByWeight(["a"], { a: 1 }, 2), [{ files: ["a"], weight: 1 }]);
  });

  it("adds what each file costs besides its tests, so many light files weigh what they take", () => {
    const files = ["heavy", "l1", "l2", "l3", "l4", "l5"];
    const weights = { heavy: 5, l1: 1, l2: 1, l3: 1, l4: 1, l5: 1 };
    assert.deepEqual(splitByWeight(files, weights, 2).map((s) => s.files.length), [1, 5]);
    const withImports = splitByWeight(files, weights, 2, 1);
    assert.deepEqual(withImports.map((s) => s.files.length), [2, 4]);
    assert.deepEqual(withImports.map((s) => s.weight), [8, 8]);
  });
});

describe("nextWeights", () => {
  it("is the mean of the table's weight and the run's, in seconds; a new file takes the run's; a file no longer run leaves the table", () => {
    assert.deepEqual(nextWeights({ "a.test.ts": 4, "gone.test.ts": 9 }, { "a.test.ts": 1000, "new.test.ts": 2345 }), { "a.test.ts": 2.5, "new.test.ts": 2.3 });
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
