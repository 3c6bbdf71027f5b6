/**
 * What every policy of the pack shares: how a violation names a resource, and which stack the pack
 * runs for (its own module, so that ./policies.ts and ./monitoring.ts need not import each other).
 */
import * as pulumi from "@pulumi/pulumi";

/** `VpnConnection "tunnels-c1-vpn"`: the resource as a violation message names it. */
export function describeResource(type: string, name: string): string {
  const kind = type.split(":").pop() ?? type;
  return `${kind} "${name}"`;
}

// ---- the stack name -----------------------------------------------------------------------------

/**
 * The stack the policy pack runs for. The CLI starts a Node.js policy pack with
 * PULUMI_NODEJS_STACK / PULUMI_STACK set (pulumi/pulumi constructEnv in analyzer_plugin.go), which
 * `pulumi.getStack()` reads (supported in policy packs since pulumi/pulumi#3612).
 */
export function currentStackName(): string {
  return pulumi.getStack() || process.env["PULUMI_STACK"] || process.env["PULUMI_NODEJS_STACK"] || "";
}

/** "prod", "prod-eu", "production" (also as the last part of "org/project/prod"). */
export function isProductionStack(stack: string): boolean {
  const shortName = stack.split("/").pop() ?? "";
  return shortName.toLowerCase().startsWith("prod");
}
