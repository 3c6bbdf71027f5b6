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
