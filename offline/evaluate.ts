/**
 * Evaluates the program for a stack under Pulumi's mocks and records every resource it
 * registers: type, name, parent, inputs (and which are secret), resource options, and the mocked
 * outputs. The plan, the tests, the interop check, the policy tests and the benchmark all read
 * the program through this one function.
 */
import * as pulumi from "@pulumi/pulumi";
// Before the program runs: offline, the SDK's mergeOptions leaves out azure-native's API-version aliases.
import "./apiVersionAliases";
import { ConfigError, PROJECT, validateConfig } from "../infra/config";
import { normaliseRawConfig } from "../infra/stackFile";
import { main } from "../infra/program";
import { placeholderLookups } from "./existingHub";
import { OfflineMocks } from "./mocks";
import { readStackConfig, toRuntimeConfig } from "./stackConfig";
import { EVALUATION_TIMEOUT, type EvaluateOptions, type Evaluation, type Program, type ProgramRef, type RegisteredResource } from "./evaluation";

export { readStackConfig, toRuntimeConfig };
export { EVALUATION_TIMEOUT };
export type { EvaluateOptions, Evaluation, Program, ProgramRef, RegisteredResource };

export { REPO_ROOT } from "./stackConfig";

/** Pulumi's wire marker for a secret value. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

function programOf(program: Program | ProgramRef | undefined): Program {
  if (program === undefined) return main;
  if (typeof program === "function") return program;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = (require(program.module) as Record<string, unknown>)[program.export];
  if (typeof loaded !== "function") throw new Error(`${program.module} exports no program named ${program.export}`);
  return loaded as Program;
}

export const DEFAULT_EVALUATION_TIMEOUT_MS = 120_000;

interface ProtoStruct {
  toJavaScript(): Record<string, unknown>;
}
interface PropertyDependenciesMessage {
  getUrnsList(): string[];
}
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(callback: (value: PropertyDependenciesMessage, key: string) => void): void } | undefined;
  getAliasesList(): { toObject(): unknown }[];
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getReplaceonchangesList(): string[];
  getIgnorechangesList(): string[];
  getReplaceWithList(): string[];
  getDeletedwith(): string;
  getProvider(): string;
  getObject(): ProtoStruct | undefined;
}
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): ProtoStruct | undefined;
}
type Callback = (err: unknown, response: RegisterResponse | undefined) => void;
interface MonitorLike {
  registerResource(req: RegisterRequest, callback: Callback): unknown;
}

function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  req.getPropertydependenciesMap()?.forEach((deps, key) => {
    const urns = deps.getUrnsList();
    if (urns.length > 0) result[key] = [...urns];
  });
  return result;
}

function unwrapSecrets(value: unknown, pathSoFar: string, secrets: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrapSecrets(v, `${pathSoFar}[${i}]`, secrets));
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
      secrets.push(pathSoFar);
      return unwrapSecrets(record["value"], pathSoFar, []);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrapSecrets(v, pathSoFar ? `${pathSoFar}.${k}` : k, secrets)]));
  }
  return value;
}

/** Resolves an Output (or plain value) to its value. */
export function promiseOf<T>(output: pulumi.Input<T>): Promise<pulumi.Unwrap<T>> {
  return new Promise((resolve, reject) => {
    try {
      pulumi.output(output).apply((value) => {
        resolve(value);
        return value;
      });
    } catch (err) {
      reject(err);
    }
  });
}

let evaluationQueue: Promise<unknown> = Promise.resolve();

/**
 * Where evaluateStack hands an evaluation instead of running it in this thread: undefined for
 * options it does not take. A test process routes evaluations to its evaluation worker
 * (tests/harness/index.ts); nothing else sets one.
 */
export type EvaluationRoute = (options: EvaluateOptions) => Promise<Evaluation> | undefined;
let route: EvaluationRoute | undefined;

/** Sets (or, with undefined, clears) where evaluateStack hands evaluations (EvaluationRoute). */
export function routeEvaluations(next: EvaluationRoute | undefined): void {
  route = next;
}

/**
 * Evaluates one stack. Evaluations run one at a time: Pulumi's runtime state is global. A route,
 * when set, may take the evaluation instead (EvaluationRoute).
 */
export function evaluateStack(options: EvaluateOptions): Promise<Evaluation> {
  const routed = route?.(options);
  if (routed) return routed;
  const run = evaluationQueue.then(() => evaluateNow(options));
  evaluationQueue = run.catch(() => undefined);
  return run;
}

async function evaluateNow(options: EvaluateOptions): Promise<Evaluation> {
  if (options.stackTraces) return evaluateTraced(options);
  const limit = Error.stackTraceLimit;
  const sourceMaps = process.sourceMapsEnabled;
  Error.stackTraceLimit = 0;
  process.setSourceMapsEnabled(false);
  try {
    return await evaluateTraced(options);
  } finally {
    Error.stackTraceLimit = limit;
    process.setSourceMapsEnabled(sourceMaps);
  }
}

async function evaluateTraced(options: EvaluateOptions): Promise<Evaluation> {
  const started = performance.now();
  // The program sees config only as the CLI's strings: judge exactly that (infra/stackFile.ts).
  const raw = normaliseRawConfig(options.raw ?? readStackConfig(options.stack, options.root));
  const resources: RegisteredResource[] = [];
  const warnings: string[] = [];
  const asyncErrors: Error[] = [];
  let inFlight = 0;

  await pulumi.runtime.setMocks(new OfflineMocks(options.delayFor, placeholderLookups(raw, options.stack)), PROJECT, options.stack, false);
  pulumi.runtime.setAllConfig(toRuntimeConfig(raw));
  const monitor = pulumi.runtime.getMonitor() as unknown as MonitorLike;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    inFlight++;
    const secretInputPaths: string[] = [];
    const inputs = unwrapSecrets(req.getObject()?.toJavaScript() ?? {}, "", secretInputPaths) as Record<string, unknown>;
    const record: RegisteredResource = {
      urn: "",
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parentUrn: req.getParent() || undefined,
      inputs,
      secretInputPaths,
      state: {},
      protect: req.getProtect(),
      dependencies: req.getDependenciesList(),
      propertyDependencies: propertyDependenciesOf(req),
      aliases: req.getAliasesList().map((a) => a.toObject()),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      deleteBeforeReplaceDefined: req.getDeletebeforereplacedefined(),
      replaceOnChanges: req.getReplaceonchangesList(),
      ignoreChanges: req.getIgnorechangesList(),
      replaceWith: req.getReplaceWithList(),
      deletedWith: req.getDeletedwith() || undefined,
      provider: req.getProvider() || undefined,
      requestedAtMs: performance.now() - started,
      createdAtMs: 0,
    };
    resources.push(record);
    return register(req, (err, response) => {
      inFlight--;
      record.createdAtMs = performance.now() - started;
      if (response) {
        record.urn = response.getUrn();
        record.id = response.getId() || undefined;
        record.state = unwrapSecrets(response.getObject()?.toJavaScript() ?? {}, "", []) as Record<string, unknown>;
      }
      callback(err, response);
    });
  };

  // A failed apply rejects an Output nobody awaits: it surfaces only as an unhandled rejection, and
  // the outputs waiting on it never settle. Either ends the evaluation with that error.
  let failed: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  failure.catch(() => undefined);
  const onRejection = (reason: unknown): void => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    asyncErrors.push(err);
    failed(err);
  };
  process.on("unhandledRejection", onRejection);
  const timeoutMs = options.timeoutMs ?? DEFAULT_EVALUATION_TIMEOUT_MS;
  const timer = setTimeout(() => {
    const timeout = new Error(`the program's evaluation did not settle within ${timeoutMs} ms (an Output that never resolves?)`);
    timeout.name = EVALUATION_TIMEOUT;
    failed(timeout);
  }, timeoutMs);
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  let error: Error | undefined;
  const validation = validateConfig(raw, options.stack);
  try {
    // An invalid config never reaches the program (it would refuse the same config the same way,
    // but could not say that a secret is undecryptable offline).
    if (!validation.ok) throw new ConfigError(validation.errors);
    const stackOutputs = programOf(options.program)((message) => warnings.push(message));
    for (const [name, value] of Object.entries(stackOutputs)) {
      if (value === undefined) continue;
      const output: pulumi.Output<unknown> = value;
      outputs[name] = await Promise.race([promiseOf(output), failure]);
      if (await Promise.race([pulumi.isSecret(output), failure])) secretOutputs.push(name);
    }
    // Some resources feed no output: wait until nothing is registering any more.
    for (let quiet = 0; quiet < 3; ) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 0)), failure]);
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  } finally {
    clearTimeout(timer);
    // A failed Output rejects every Output derived from it, a tick or two later: collect those too.
    if (error !== undefined || asyncErrors.length > 0) {
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    process.off("unhandledRejection", onRejection);
  }
  error ??= asyncErrors[0];
  return {
    stack: options.stack,
    raw,
    config: validation.ok ? validation.config : undefined,
    resources,
    outputs,
    secretOutputs,
    warnings,
    error,
    durationMs: performance.now() - started,
  };
}

/** Resources of one type, custom resources only. */
export function ofType(evaluation: Evaluation, type: string): RegisteredResource[] {
  return evaluation.resources.filter((r) => r.type === type);
}

/** The component a resource belongs to (its parent), if any. */
export function parentOf(evaluation: Evaluation, resource: RegisteredResource): RegisteredResource | undefined {
  return evaluation.resources.find((r) => r.urn === resource.parentUrn);
}
