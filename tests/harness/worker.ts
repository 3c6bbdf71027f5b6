/**
 * Evaluations in a worker thread, for test processes: the calling side. Node's test runner installs
 * an async_hooks init/destroy hook for its whole process, and Pulumi creates about 1,150 promises
 * per resource, so an evaluation inside the runner's thread is 3 to 5 times slower than outside it.
 * A worker thread has no such hook. One worker serves every evaluation of its process, one at a
 * time (Pulumi's runtime state is global), and loads the SDK once. The worker's side is
 * tests/harness/workerMain.ts; tests/harness/index.ts routes a test process's evaluations here.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { Worker } from "node:worker_threads";
import { ConfigError, type ConfigIssue } from "../../infra/config";
import type { EvaluateOptions, Evaluation } from "../../offline/evaluation";
import { EVALUATION_STATS_FILE, type EvaluationStats } from "./protocol";

/** An Error as it crosses the thread boundary: structured clone keeps neither class nor fields. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  issues?: ConfigIssue[];
}
export type WireEvaluation = Omit<Evaluation, "error"> & { error?: WireError };
export interface WorkerRequest {
  id: number;
  options: Omit<EvaluateOptions, "delayFor">;
}
export interface WorkerResponse {
  id: number;
  evaluation?: WireEvaluation;
  failure?: WireError;
  /** What the worker has answered from where so far. */
  stats: EvaluationStats;
}

export function toWire(error: Error): WireError {
  return { name: error.name, message: error.message, stack: error.stack, issues: error instanceof ConfigError ? error.issues : undefined };
}

function fromWire(wire: WireError): Error {
  if (wire.name === "ConfigError" && wire.issues) return new ConfigError(wire.issues);
  const error = new Error(wire.message);
  error.name = wire.name;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}

let worker: Worker | undefined;
let latestStats: EvaluationStats | undefined;
// The worker's last counts, written once at this process's exit (a file write per answer cost
// about 0.7 s of CPU over a cold npm test).
const statsFile = process.env[EVALUATION_STATS_FILE];
if (statsFile !== undefined) process.once("exit", () => latestStats && writeFileSync(statsFile, JSON.stringify(latestStats)));
let nextId = 0;
const pending = new Map<number, { resolve: (e: Evaluation) => void; reject: (e: Error) => void }>();

/**
 * The evaluation worker's semi-spaces (MB), fixed at this size from its start: an evaluation's
 * Output graph (about 1,150 promises per resource) lives until the evaluation ends, so every
 * scavenge during one copies all of it. With semi-spaces large enough that most evaluations fit
 * in one, and a scavenge between evaluations (tests/harness/workerMain.ts), when all of it is garbage,
 * an evaluation rarely copies anything. Measured 2026-12-02, 30 dev/prod evaluations, median of 5:
 * 6.2 s CPU with semi-spaces up to 64 MB, 4.1 s with 128 MB from the start and the scavenge.
 */
export const SEMI_SPACE_MB = 128;

const WORKER_MAIN = path.join(__dirname, "workerMain.ts");

function startWorker(): Worker {
  // V8 reads these when it creates an isolate, so setting them here reaches the worker's, and only
  // isolates created after it (this process creates no other): a worker's execArgv takes no V8
  // flags, and its resourceLimits set only a maximum young generation.
  v8.setFlagsFromString(`--min-semi-space-size=${SEMI_SPACE_MB}`);
  v8.setFlagsFromString("--expose-gc");
  // The worker loads its main through tsx's CommonJS hook, as the test process loads its files.
  const started = new Worker(`require("tsx/cjs"); require(${JSON.stringify(WORKER_MAIN)});`, { eval: true, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 3 * SEMI_SPACE_MB } });
  started.on("message", (response: WorkerResponse) => {
    latestStats = response.stats;
    const waiting = pending.get(response.id);
    pending.delete(response.id);
    if (pending.size === 0) started.unref();
    if (!waiting) return;
    if (response.failure) waiting.reject(fromWire(response.failure));
    else {
      const { error, ...rest } = response.evaluation!;
      waiting.resolve({ ...rest, ...(error ? { error: fromWire(error) } : {}) });
    }
  });
  started.on("error", (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    worker = undefined;
  });
  started.on("exit", (code) => {
    // Never leave a caller waiting on a worker that is gone.
    for (const waiting of pending.values()) waiting.reject(new Error(`the evaluation worker exited (code ${code}) before answering`));
    pending.clear();
    worker = undefined;
  });
  return started;
}

/** Whether a value survives structured clone unchanged: plain data, no functions or class instances. */
function isPlainData(value: unknown): boolean {
  if (typeof value === "function") return false;
  if (value === null || typeof value !== "object") return true;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return false;
  return Object.values(value).every(isPlainData);
}

/**
 * Whether these options can cross to the worker: functions cannot, and a class instance (e.g. a
 * stack file's EncryptedValue) would arrive as a plain object and mean something else.
 */
export function workerCanEvaluate(options: EvaluateOptions): boolean {
  return isPlainData(options);
}

/** Evaluates a stack in this process's evaluation worker (see the module comment). */
export function evaluateInWorker(options: EvaluateOptions): Promise<Evaluation> {
  if (!workerCanEvaluate(options)) throw new Error("evaluateInWorker: an option is a function and cannot cross to a worker thread");
  worker ??= startWorker();
  const id = nextId++;
  const running = worker;
  running.ref();
  return new Promise<Evaluation>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    running.postMessage({ id, options } satisfies WorkerRequest);
  });
}
