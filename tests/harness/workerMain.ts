/**
 * The evaluation worker's side (tests/harness/worker.ts starts it): answers each request with the
 * evaluation of its options. The same options give the same evaluation (the mocks are
 * deterministic), and each answer reaches the test as a fresh structured clone, so one evaluation
 * per distinct config serves every test of the process (a memo), and of every test process and
 * run since the sources last changed (tests/harness/evaluationCache.ts).
 */
import { parentPort } from "node:worker_threads";
import { evaluateStack } from "../../offline/evaluate";
import { REPO_ROOT } from "../../offline/stackConfig";
import { canonicalJson, EvaluationCache, keyedOptions, outsideFingerprint } from "./evaluationCache";
import type { EvaluationStats } from "./protocol";
import { toWire, type WireEvaluation, type WorkerRequest, type WorkerResponse } from "./worker";

if (!parentPort) throw new Error("tests/harness/workerMain.ts runs only as tests/harness/worker.ts's worker thread");
const port = parentPort;
const memo = new Map<string, Promise<WireEvaluation>>();
// The cache is sound only while the fingerprint covers every module the evaluation runs.
const uncovered = outsideFingerprint(REPO_ROOT, Object.keys(require.cache));
if (uncovered.length > 0) process.stderr.write(`tests/harness/workerMain.ts: the evaluation cache is off: ${uncovered.join(", ")} lie outside its fingerprint (tests/harness/evaluationCache.ts)\n`);
const disk = uncovered.length > 0 ? undefined : EvaluationCache.open<WireEvaluation>(REPO_ROOT);

// Sent with every answer; the calling side writes the last one at its exit (tests/harness/worker.ts).
const stats: EvaluationStats = { evaluated: 0, unstorable: 0, fromDisk: 0, fromMemo: 0, cache: disk ? "on" : "off" };

async function evaluateOnce(options: WorkerRequest["options"], keyed: WorkerRequest["options"]): Promise<WireEvaluation> {
  const key = disk?.keyOf(keyed);
  const stored = key === undefined ? undefined : disk?.get(key);
  if (stored !== undefined) {
    stats.fromDisk++;
    return stored;
  }
  stats.evaluated++;
  const { error, ...rest } = await evaluateStack(options);
  // Its Output graph is garbage now: a scavenge frees it without copying it (SEMI_SPACE_MB, tests/harness/worker.ts).
  globalThis.gc?.({ type: "minor" });
  const evaluation: WireEvaluation = { ...rest, ...(error ? { error: toWire(error) } : {}) };
  if (key !== undefined && disk?.storable(keyed, error?.name)) disk.put(key, evaluation);
  else if (disk) stats.unstorable++;
  return evaluation;
}

// A failed program's Outputs keep rejecting a few ticks after its evaluation has returned that
// error (offline/evaluate.ts listens only while it runs): ignore those, rather than end the worker.
process.on("unhandledRejection", () => undefined);
port.on("message", (request: WorkerRequest) => {
  const keyed = keyedOptions(request.options);
  const key = canonicalJson(keyed);
  let evaluation = memo.get(key);
  if (evaluation) stats.fromMemo++;
  else {
    evaluation = evaluateOnce(request.options, keyed);
    memo.set(key, evaluation);
  }
  evaluation.then(
    (answer) => port.postMessage({ id: request.id, evaluation: answer, stats } satisfies WorkerResponse),
    (failure: unknown) => port.postMessage({ id: request.id, failure: toWire(failure instanceof Error ? failure : new Error(String(failure))), stats } satisfies WorkerResponse),
  );
});
