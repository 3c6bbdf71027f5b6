/**
 * The queue the `npm test` shards share (scripts/test.ts starts them, scripts/test-shard.ts is each
 * one's entry): every shard walks the same list, heaviest file first, and runs a file only if it is
 * the first to claim it. A file goes to whichever shard is free when its turn comes, so the shards
 * end within about one light file of each other, whatever each file costs in this run (the cost of
 * a file moves with what ran before it in its process: the first to load a module or to ask for an
 * evaluation pays for it).
 */
import { closeSync, openSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** The environment variable that names a shard's plan (a JSON file of ShardPlan). */
export const SHARD_PLAN = "AZURE_AWS_VPN_TEST_SHARD";

/** What scripts/test.ts tells a shard. */
export interface ShardPlan {
  /** "shard 1/2": the name of the shard's one top-level test. */
  label: string;
  /** Every file of the run, relative to the repository, in the order the shards take them. */
  queue: string[];
  /** Shared by the shards: one empty file per claimed test file. */
  claimsDir: string;
  /** Where the shard writes { file: ms } for the files it ran, loading included. */
  costsFile: string;
  /** Where scripts/test-counts.mjs writes the shard's passed, failed and skipped tests. */
  countsFile: string;
}

/** Claims a test file for this shard: true for exactly one caller per claims folder (an exclusive create). */
export function claimFile(claimsDir: string, file: string): boolean {
  try {
    closeSync(openSync(path.join(claimsDir, encodeURIComponent(file)), "wx"));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/**
 * Runs, one after another, each file of the queue this shard claims; returns what each took (ms).
 * `written` receives the costs so far after each file, so a shard that dies still tells which of its
 * files ran to the end.
 */
export async function takeFiles(queue: readonly string[], claim: (file: string) => boolean, run: (file: string) => Promise<void>, written?: (costs: Record<string, number>) => void): Promise<Record<string, number>> {
  const costs: Record<string, number> = {};
  for (const file of queue) {
    if (!claim(file)) continue;
    const started = performance.now();
    await run(file);
    costs[file] = Math.round(performance.now() - started);
    written?.(costs);
  }
  return costs;
}

/** Writes a shard's costs (ShardPlan.costsFile). */
export function writeCosts(file: string, costs: Readonly<Record<string, number>>): void {
  writeFileSync(file, JSON.stringify(costs));
}
