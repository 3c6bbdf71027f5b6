/**
 * What an evaluation of the program under mocks records (offline/evaluate.ts) and the options it
 * takes: types (and one error name), shared by the evaluator and the tests' evaluation worker and
 * cache (tests/harness/), which need them without loading the evaluator.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RawConfig, VpnConfig } from "../infra/config";

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
  /**
   * The aliases the SDK sent, as `Alias.toObject()`: the program's own and a provider's renamed
   * types. azure-native's API-version type aliases are left out (offline/apiVersionAliases.ts).
   */
  aliases: unknown[];
  deleteBeforeReplace: boolean;
  /** Whether the program set deleteBeforeReplace at all (unset: the provider's Diff decides). */
  deleteBeforeReplaceDefined?: boolean;
  replaceOnChanges: string[];
  ignoreChanges: string[];
  /** URNs named by the `replaceWith` option, and the `deletedWith` resource's URN. */
  replaceWith: string[];
  deletedWith?: string;
  /** The provider reference the SDK sent (`<provider URN>::<provider id>`), when it sent one. */
  provider?: string;
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
  /**
   * Keep stack traces and source maps during the evaluation (off by default). @pulumi/pulumi
   * records `new Error().stack` for every promise it creates (its leak detector), and under tsx
   * each of those stacks is source-mapped: with both off an evaluation is 3 to 5 times faster. A
   * program error keeps its message either way; only its stack is lost.
   */
  stackTraces?: boolean;
  /**
   * The program to run instead of infra/program.ts's main (tests of failing programs): a function,
   * or a module's export by name, which is plain data and so can run in the test's evaluation worker.
   */
  program?: Program | ProgramRef;
  /** Directory holding Pulumi.<stack>.yaml (default the repository root). */
  root?: string;
  /** Bound on the whole evaluation in ms; past it the evaluation fails. Default 120 000. */
  timeoutMs?: number;
}

/** A Pulumi program: declares resources and returns its stack outputs. */
export type Program = (warn: (message: string) => void) => Record<string, pulumi.Output<unknown> | undefined>;

/** A program by module (absolute path) and export name. */
export interface ProgramRef {
  module: string;
  export: string;
}

/** The name of the error an evaluation that ran past its bound ends with (a verdict about time, not about the program alone). */
export const EVALUATION_TIMEOUT = "EvaluationTimeout";

/**
 * `azure-native:network/v20230201:Subnet`: the type token of one API version of an azure-native
 * resource, as the provider's aliases name them (offline/apiVersionAliases.ts leaves those out).
 */
export const API_VERSION_ALIAS_TYPE = /^azure-native:[A-Za-z]+\/v\d{8}(preview)?:[A-Za-z0-9]+$/;
