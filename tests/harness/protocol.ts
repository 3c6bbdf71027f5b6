/**
 * What the test harness's parts (tests/harness/) and the runner (scripts/test.ts) share without
 * loading one another: the switches that turn each part off (for measuring what it buys:
 * docs/development.md) and the counts an evaluation worker reports.
 */

/** `off` turns the on-disk evaluation cache off (tests/harness/evaluationCache.ts). */
export const CACHE_SWITCH = "AZURE_AWS_VPN_EVALUATION_CACHE";
/** `off`: a test process evaluates in its own thread, not in the evaluation worker (tests/harness/worker.ts); no memo, no disk cache. */
export const WORKER_SWITCH = "AZURE_AWS_VPN_EVALUATION_WORKER";

/** `off`: `npm test` runs every file in one process, without the shards, their queue and prestart (scripts/test.ts). */
export const QUEUE_SWITCH = "AZURE_AWS_VPN_TEST_QUEUE";

/** Whether the environment turned this part of the harness off. */
export function switchedOff(name: string): boolean {
  return process.env[name] === "off";
}

/** The environment variable naming the file a test process writes its evaluation worker's EvaluationStats to at exit (scripts/test.ts reads it). */
export const EVALUATION_STATS_FILE = "AZURE_AWS_VPN_EVALUATION_STATS";

/** Where the evaluation worker (tests/harness/workerMain.ts) answered each request from. */
export interface EvaluationStats {
  evaluated: number;
  /** Of those evaluated, how many could not be stored (a timeout, or a test's program importing what the key does not cover). */
  unstorable: number;
  fromDisk: number;
  fromMemo: number;
  cache: "on" | "off";
}
