/**
 * Evaluates the program for a stack under Pulumi's mocks and records every resource it
 * registers: type, name, parent, inputs (and which are secret), resource options, and the mocked
 * outputs. The plan, the tests, the interop check, the policy tests and the benchmark all read
 * the program through this one function.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { PROJECT, type RawConfig, validateConfig, type VpnConfig } from "../infra/config";
import { main } from "../infra/program";
import { OfflineMocks } from "./mocks";

export const REPO_ROOT = path.resolve(__dirname, "..");

/** Pulumi's wire marker for a secret value. */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export interface RegisteredResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parentUrn?: string;
  /** Inputs as the provider would receive them, secrets unwrapped. */
  inputs: Record<string, unknown>;
  /** Paths of inputs that are secret, e.g. "sharedKey" or "tunnel1PresharedKey". */
  secretInputPaths: string[];
  /** Mocked outputs (inputs plus computed properties). */
  state: Record<string, unknown>;
  id?: string;
  protect: boolean;
  /**
   * Every direct dependency the SDK sent (RegisterResourceRequest.dependencies): explicit
   * `dependsOn` AND the resources whose outputs feed an input. See propertyDependencies for
   * which input each came from.
   */
  dependencies: string[];
  /**
   * Per input property, the URNs of the resources whose outputs that input consumed
   * (RegisterResourceRequest.propertyDependencies). Inputs with no resource dependency are absent.
   */
  propertyDependencies: Record<string, string[]>;
  aliases: unknown[];
  deleteBeforeReplace: boolean;
  replaceOnChanges: string[];
  ignoreChanges: string[];
  /** URNs named by the `replaceWith` option, and the `deletedWith` resource's URN. */
  replaceWith: string[];
  deletedWith?: string;
  /** Milliseconds from the start of the evaluation: registration asked, and answered. */
  requestedAtMs: number;
  createdAtMs: number;
}

export interface Evaluation {
  stack: string;
  raw: RawConfig;
  config?: VpnConfig;
  resources: RegisteredResource[];
  /** Plain stack outputs, by name (secrets unwrapped; see secretOutputs). */
  outputs: Record<string, unknown>;
  secretOutputs: string[];
  warnings: string[];
  /** Set when the program refused the config or failed. */
  error?: Error;
  durationMs: number;
}

export interface EvaluateOptions {
  stack: string;
  /** Config to use instead of Pulumi.<stack>.yaml (fully qualified keys, native values). */
  raw?: RawConfig;
  /** Per-type provisioning delay in ms (the benchmark's simulated cloud). */
  delayFor?: (type: string) => number;
}

/** Reads Pulumi.<stack>.yaml's config map. */
export function readStackConfig(stack: string, root: string = REPO_ROOT): RawConfig {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  const parsed: unknown = parseYaml(readFileSync(file, "utf8"));
  const config = (parsed as { config?: unknown } | null)?.config;
  if (config === undefined || config === null || typeof config !== "object") throw new Error(`${file} has no config: map`);
  return config as RawConfig;
}

/** What the Pulumi CLI hands a program: every value a string, structured values as JSON. */
export function toRuntimeConfig(raw: RawConfig): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

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
  getReplaceonchangesList(): string[];
  getIgnorechangesList(): string[];
  getReplaceWithList(): string[];
  getDeletedwith(): string;
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

/** Evaluates one stack. Evaluations run one at a time: Pulumi's runtime state is global. */
export function evaluateStack(options: EvaluateOptions): Promise<Evaluation> {
  const run = evaluationQueue.then(() => evaluateNow(options));
  evaluationQueue = run.catch(() => undefined);
  return run;
}

async function evaluateNow(options: EvaluateOptions): Promise<Evaluation> {
  const started = performance.now();
  const raw = options.raw ?? readStackConfig(options.stack);
  const resources: RegisteredResource[] = [];
  const warnings: string[] = [];
  const asyncErrors: Error[] = [];
  let inFlight = 0;

  await pulumi.runtime.setMocks(new OfflineMocks(options.delayFor), PROJECT, options.stack, false);
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
      replaceOnChanges: req.getReplaceonchangesList(),
      ignoreChanges: req.getIgnorechangesList(),
      replaceWith: req.getReplaceWithList(),
      deletedWith: req.getDeletedwith() || undefined,
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

  const onRejection = (reason: unknown): void => {
    asyncErrors.push(reason instanceof Error ? reason : new Error(String(reason)));
  };
  process.on("unhandledRejection", onRejection);
  const outputs: Record<string, unknown> = {};
  const secretOutputs: string[] = [];
  let error: Error | undefined;
  const validation = validateConfig(raw, options.stack);
  try {
    const stackOutputs = main((message) => warnings.push(message));
    for (const [name, value] of Object.entries(stackOutputs)) {
      if (value === undefined) continue;
      const output: pulumi.Output<unknown> = value;
      outputs[name] = await promiseOf(output);
      if (await pulumi.isSecret(output)) secretOutputs.push(name);
    }
    // Some resources feed no output: wait until nothing is registering any more.
    for (let quiet = 0; quiet < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      quiet = inFlight === 0 ? quiet + 1 : 0;
    }
  } catch (err) {
    error = err instanceof Error ? err : new Error(String(err));
  } finally {
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
