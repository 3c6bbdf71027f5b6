/**
 * What every policy of the pack shares: how a violation names a resource, which stack the pack
 * runs for, and the policies' common opening (`resourcePolicy`, `stackPolicy`, `productionPolicy`).
 * Its own module, so that ./policies.ts and ./monitoring.ts need not import each other.
 */
import type { Policy, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { ownProps } from "./values";

/** `VpnConnection "tunnels-c1-vpn"`: the resource as a violation message names it. */
export function describeResource(type: string, name: string): string {
  const kind = type.split(":").pop() ?? type;
  return `${kind} "${name}"`;
}

// ---- the stack name -----------------------------------------------------------------------------

/**
 * The stack the policy pack runs for. The engine names it only in the analyzer's ConfigureStack
 * request; Pulumi's Node.js language host passes it on to the pack as PULUMI_NODEJS_STACK
 * (pulumi-language-nodejs RunPlugin, its PolicyProxy; older CLIs set PULUMI_STACK /
 * PULUMI_NODEJS_STACK when starting the pack), which `pulumi.getStack()` reads. When nobody
 * told the pack, @pulumi/pulumi answers the placeholder "stack" (runtime/state.js), which would
 * make every stack look like a non-production one and turn prod-protection and prod-monitoring
 * off silently: that counts as not knowing (""), so those policies fail closed.
 */
export function currentStackName(): string {
  const told = process.env["PULUMI_NODEJS_STACK"] || process.env["PULUMI_STACK"];
  if (told) return told;
  const sdk = pulumi.getStack();
  return sdk === SDK_PLACEHOLDER_STACK ? "" : sdk;
}

/** @pulumi/pulumi's stack name when no stack was given to the process (runtime/state.js). */
export const SDK_PLACEHOLDER_STACK = "stack";

/** "prod", "prod-eu", "production" (also as the last part of "org/project/prod"). */
export function isProductionStack(stack: string): boolean {
  const shortName = stack.split("/").pop() ?? "";
  return shortName.toLowerCase().startsWith("prod");
}

// ---- the policies' common opening ----------------------------------------------------------------

/** What a policy says about itself; every policy of the pack is mandatory. */
export type PolicyText = Pick<Policy, "name" | "description" | "severity" | "configSchema">;

/** One resource as a resource policy judges it. */
export interface JudgedResource {
  readonly args: ResourceValidationArgs;
  /** Its inputs as plain values, read past the SDK's unknown-value proxy (./values.ts `ownProps`). */
  readonly props: Record<string, unknown>;
  /** The resource as violation messages name it (`describeResource`). */
  readonly what: string;
}

/** A mandatory resource policy: `check` sees each resource's plain props and its name for messages. */
export function resourcePolicy(text: PolicyText, check: (resource: JudgedResource, reportViolation: ReportViolation) => void): ResourceValidationPolicy {
  return {
    ...text,
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => check({ args, props: ownProps(args.props), what: describeResource(args.type, args.name) }, reportViolation),
  };
}

/** A mandatory stack policy. */
export function stackPolicy(text: PolicyText, validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => void): StackValidationPolicy {
  return { ...text, enforcementLevel: "mandatory", validateStack };
}

/**
 * A mandatory stack policy about production stacks only (`isProductionStack`), for the stack
 * `stack()` names (default: the one the CLI runs for): without a stack name it fails closed (it
 * cannot tell that this is not production); for any other stack it is not applicable.
 */
export function productionPolicy(
  text: PolicyText,
  stack: (() => string) | undefined,
  check: (args: StackValidationArgs, reportViolation: ReportViolation, stack: string) => void,
): StackValidationPolicy {
  const stackName = stack ?? currentStackName;
  return stackPolicy(text, (args, reportViolation) => {
    const name = stackName();
    if (name === "") {
      reportViolation(`${text.name} cannot tell which stack this is (no stack name); refusing to assume it is not production.`);
      return;
    }
    if (!isProductionStack(name)) args.notApplicable(`stack "${name}" is not a production stack`);
    check(args, reportViolation, name);
  });
}
