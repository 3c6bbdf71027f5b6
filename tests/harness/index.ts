/**
 * The test harness, installed into a test process by importing this module: offline/evaluate.ts's
 * evaluateStack routed to this process's evaluation worker thread (tests/harness/worker.ts), which answers each distinct config
 * once per process and across processes from disk (tests/harness/evaluationCache.ts). Each
 * `npm test` shard preloads it (scripts/test.ts); tests/helpers.ts's evaluateStack imports it too,
 * for a test file run on its own. The plan and the other commands never load it: they evaluate
 * in their own thread.
 */
import { isMainThread } from "node:worker_threads";
import { routeEvaluations } from "../../offline/evaluate";
import { switchedOff, WORKER_SWITCH } from "./protocol";
import { evaluateInWorker, workerCanEvaluate } from "./worker";

// The worker thread imports the evaluator, never this module; AZURE_AWS_VPN_EVALUATION_WORKER=off
// keeps every evaluation in the test thread (for measuring what the worker buys).
if (isMainThread && !switchedOff(WORKER_SWITCH)) routeEvaluations((options) => (workerCanEvaluate(options) ? evaluateInWorker(options) : undefined));

export { evaluateStack } from "../../offline/evaluate";
