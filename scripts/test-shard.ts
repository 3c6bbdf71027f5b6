/**
 * The entry of one `npm test` shard: Node's test runner loads this file alone (scripts/test.ts).
 * Its one test takes files from the queue the shards share (scripts/test-queue.ts) and runs each
 * as a suite named by its path, loaded the moment the shard takes it: the file's top-level tests
 * and hooks are that suite's, as they are a file's when each file has a process of its own.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { claimFile, SHARD_PLAN, takeFiles, writeCosts, type ShardPlan } from "./test-queue";

const planFile = process.env[SHARD_PLAN];
if (planFile === undefined) throw new Error(`scripts/test-shard.ts runs as an npm test shard only (${SHARD_PLAN} is not set)`);
const plan = JSON.parse(readFileSync(planFile, "utf8")) as ShardPlan;
const root = path.resolve(__dirname, "..");

test(`${plan.label}: the files it took from the shared queue`, async () => {
  await takeFiles(
    plan.queue,
    (file) => claimFile(plan.claimsDir, file),
    // A file's tests and hooks register while its suite builds, so the file loads synchronously
    // there. A file that fails to load fails its suite; the shard goes on with the next file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (file) => describe(file, () => void require(path.join(root, file))),
    (costs) => writeCosts(plan.costsFile, costs),
  );
});
