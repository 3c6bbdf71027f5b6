/**
 * The README quotes one bench run: its bench block sits between markers that `npm run bench --
 * --readme` rewrites, and starts with that run's date, command and load average.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { BLOCK_HEADER_PATTERN, blockHeader, README_BEGIN, README_END, replaceReadmeBlock, REPO_ROOT } from "../../bench/section";
import { parseOptions } from "../../scripts/bench";

describe("the README's bench block", () => {
  it("is replaced between the markers, and nothing else changes", () => {
    const readme = `# t\n\nbefore\n${README_BEGIN}\nold figures\n${README_END}\nafter\n`;
    assert.equal(replaceReadmeBlock(readme, "new figures\n"), `# t\n\nbefore\n${README_BEGIN}\nnew figures\n${README_END}\nafter\n`);
  });

  it("refuses a README without exactly one pair of markers", () => {
    assert.throws(() => replaceReadmeBlock("no markers", "x"), /exactly one/);
    assert.throws(() => replaceReadmeBlock(`${README_BEGIN}\n${README_END}\n${README_BEGIN}\n${README_END}`, "x"), /exactly one/);
    assert.throws(() => replaceReadmeBlock(`${README_END}\n${README_BEGIN}`, "x"), /exactly one/);
  });

  it("in README.md was written by a bench run: its first line names the run's date, command and load", () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    replaceReadmeBlock(readme, ""); // throws unless the markers are there, once each
    const block = readme.slice(readme.indexOf(README_BEGIN) + README_BEGIN.length, readme.indexOf(README_END)).trim();
    assert.match(block.split("\n")[0]!, BLOCK_HEADER_PATTERN);
  });

  it("header pattern matches what a run writes", () => {
    assert.match(blockHeader(new Date("2026-12-02T01:00:00Z"), "npm run bench -- --no-tests --readme", "Node v24.9.0, linux/x64, 2 CPUs, load average 1.5 / 1.1 / 0.6 (1/5/15 min) at start"), BLOCK_HEADER_PATTERN);
  });
});

describe("bench options", () => {
  it("--readme quotes a whole run: not with --only; unknown sections are refused", () => {
    assert.equal(parseOptions(["--no-tests", "--readme"]).readme, true);
    assert.throws(() => parseOptions(["--readme", "--only", "deploy"]), /--readme/);
    assert.throws(() => parseOptions(["--only", "nope"]), /no section nope/);
  });
});
