/**
 * Runs the pack's policies on resources recorded outside the Pulumi CLI, e.g. every resource a
 * program registered while evaluated under Pulumi's mocks (offline/evaluate.ts records type, name,
 * URN, plain inputs, `protect` and which inputs were secret).
 *
 * It builds the same argument shapes the policy SDK builds for `analyze` (one call per resource
 * and resource policy) and `analyzeStack` (one call per stack policy with every resource), plus
 * the knowledge the CLI cannot give: `secretPaths` (for keys-from-secrets) and, when the caller
 * has them, per-property dependencies (for keys-generated). Differences from the CLI worth
 * knowing: stack policies see the *inputs* here (the CLI gives them the resources' outputs, which
 * for the properties these policies read are the same), and `asType` is not supported (the pack's
 * policies use `type` and `props`).
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  isStackValidationPolicy,
  vpnPolicies,
  type VpnPolicyResource,
  type VpnResourceValidationArgs,
} from "./policies";

/** One resource as a program evaluation recorded it. */
export interface PolicyInputResource {
  /** Type token, e.g. "aws:ec2/vpnConnection:VpnConnection". */
  type: string;
  /** The resource's logical name. */
  name: string;
  urn: string;
  /** Inputs as the provider would receive them, plain (secrets unwrapped). */
  props: Record<string, unknown>;
  /** The `protect` resource option. */
  protect: boolean;
  /**
   * Top-level input property names whose value was secret (e.g. "sharedKey"). Omit when unknown:
   * keys-from-secrets then checks only that keys are set, as under the CLI.
   */
  secretPaths?: readonly string[];
  /**
   * URNs each input property depends on (the register request's property dependencies). Omit when
   * not recorded: keys-generated then skips the resource.
   */
  propertyDependencies?: Readonly<Record<string, readonly string[]>>;
  /** Parent URN. */
  parent?: string;
}

export interface Violation {
  /** The policy's name, e.g. "ikev2-only". */
  policyName: string;
  /** The resource's logical name, or "(stack)" for a stack-wide violation. */
  resourceName: string;
  /** The resource's URN (absent for a stack-wide violation). */
  urn?: string;
  message: string;
  enforcementLevel: EnforcementLevel;
}

export interface RunOptions {
  /** Policies to run (default: the whole pack for `stack`). */
  policies?: Policies;
  /** Policy config by policy name, as a --policy-pack-config file holds it (e.g. policy/config.prod.json). */
  policyConfig?: Readonly<Record<string, unknown>>;
}

class NotApplicable extends Error {}

function typeOfClass(resourceClass: object): string | undefined {
  const type: unknown = Reflect.get(resourceClass, "__pulumiType");
  return typeof type === "string" ? type : undefined;
}

function unsupportedAsType(): never {
  throw new Error("asType is not supported by runPoliciesOnResources; read args.type and args.props");
}

function resourceOptions(resource: PolicyInputResource): PolicyResourceOptions {
  return {
    protect: resource.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    parent: resource.parent,
  };
}

/** The policy's config from a policy-pack-config object (a bare enforcement level string carries none). */
function configFor(policyName: string, policyConfig: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const entry = policyConfig?.[policyName];
  if (entry === null || typeof entry !== "object" || Array.isArray(entry)) return {};
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (key !== "enforcementLevel") properties[key] = value;
  return properties;
}

function enforcementLevelFor(
  policy: ResourceValidationPolicy | StackValidationPolicy,
  policyConfig: Readonly<Record<string, unknown>> | undefined,
): EnforcementLevel {
  const entry = policyConfig?.[policy.name];
  const configured: unknown = typeof entry === "string" ? entry : entry !== null && typeof entry === "object" ? Reflect.get(entry, "enforcementLevel") : undefined;
  if (configured === "advisory" || configured === "mandatory" || configured === "remediate" || configured === "disabled") return configured;
  // The pack's default (policy/index.ts) is mandatory.
  return policy.enforcementLevel ?? "mandatory";
}

function getConfigFrom(config: Record<string, unknown>) {
  return <T extends object>(): T => config as T;
}

/** The argument bag the SDK's `analyze` builds for one resource, plus `secretPaths`. */
export function toResourceValidationArgs(
  resource: PolicyInputResource,
  config: Record<string, unknown> = {},
): VpnResourceValidationArgs {
  return {
    type: resource.type,
    props: resource.props,
    urn: resource.urn,
    name: resource.name,
    opts: resourceOptions(resource),
    stackTags: new Map<string, string>(),
    isType: (resourceClass: object) => typeOfClass(resourceClass) === resource.type,
    asType: unsupportedAsType,
    getConfig: getConfigFrom(config),
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
    ...(resource.secretPaths !== undefined ? { secretPaths: resource.secretPaths } : {}),
  };
}

/** The resource list the SDK's `analyzeStack` builds, with parents and dependencies linked. */
export function toPolicyResources(resources: readonly PolicyInputResource[]): VpnPolicyResource[] {
  const built = resources.map((resource): { input: PolicyInputResource; policyResource: VpnPolicyResource } => ({
    input: resource,
    policyResource: {
      type: resource.type,
      props: resource.props,
      urn: resource.urn,
      name: resource.name,
      opts: resourceOptions(resource),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass: object) => typeOfClass(resourceClass) === resource.type,
      asType: unsupportedAsType,
      ...(resource.propertyDependencies === undefined ? { dependenciesUnknown: true } : {}),
    },
  }));
  const byUrn = new Map(built.map(({ input, policyResource }) => [input.urn, policyResource]));
  for (const { input, policyResource } of built) {
    if (input.parent !== undefined) {
      const parent = byUrn.get(input.parent);
      if (parent !== undefined) policyResource.parent = parent;
    }
    const all = new Set<VpnPolicyResource>();
    for (const [property, urns] of Object.entries(input.propertyDependencies ?? {})) {
      const found = urns.map((urn) => byUrn.get(urn)).filter((r): r is VpnPolicyResource => r !== undefined);
      policyResource.propertyDependencies[property] = found;
      found.forEach((r) => all.add(r));
    }
    policyResource.dependencies = [...all];
  }
  return built.map(({ policyResource }) => policyResource);
}

function expectSynchronous(result: Promise<void> | void, policyName: string): void {
  if (result instanceof Promise) {
    throw new Error(`policy "${policyName}" is asynchronous; runPoliciesOnResources runs synchronous policies only`);
  }
}

/**
 * Applies every resource policy to every resource and every stack policy to the whole list, for
 * stack `stack` (which decides prod-protection), and returns the violations in order: resources
 * in the given order, policies in pack order, then stack policies.
 */
export function runPoliciesOnResources(
  resources: readonly PolicyInputResource[],
  stack: string,
  options: RunOptions = {},
): Violation[] {
  const policies = options.policies ?? vpnPolicies(() => stack);
  const violations: Violation[] = [];

  for (const resource of resources) {
    for (const policy of policies) {
      if (isStackValidationPolicy(policy) || policy.validateResource === undefined) continue;
      const enforcementLevel = enforcementLevelFor(policy, options.policyConfig);
      if (enforcementLevel === "disabled") continue;
      const report: ReportViolation = (message: string) => {
        violations.push({ policyName: policy.name, resourceName: resource.name, urn: resource.urn, message, enforcementLevel });
      };
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const validate of validations) {
        try {
          expectSynchronous(validate(toResourceValidationArgs(resource, configFor(policy.name, options.policyConfig)), report), policy.name);
        } catch (err) {
          if (!(err instanceof NotApplicable)) throw err;
        }
      }
    }
  }

  const stackResources = toPolicyResources(resources);
  const nameOf = new Map(resources.map((r) => [r.urn, r.name]));
  for (const policy of policies) {
    if (!isStackValidationPolicy(policy)) continue;
    const enforcementLevel = enforcementLevelFor(policy, options.policyConfig);
    if (enforcementLevel === "disabled") continue;
    const report: ReportViolation = (message: string, urn?: string) => {
      violations.push({
        policyName: policy.name,
        resourceName: urn === undefined ? "(stack)" : (nameOf.get(urn) ?? urn),
        ...(urn === undefined ? {} : { urn }),
        message,
        enforcementLevel,
      });
    };
    try {
      expectSynchronous(
        policy.validateStack(
          {
            resources: stackResources,
            stackTags: new Map<string, string>(),
            getConfig: getConfigFrom(configFor(policy.name, options.policyConfig)),
            notApplicable: (reason?: string): never => {
              throw new NotApplicable(reason);
            },
          },
          report,
        ),
        policy.name,
      );
    } catch (err) {
      if (!(err instanceof NotApplicable)) throw err;
    }
  }
  return violations;
}
