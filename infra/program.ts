/**
 * The stack program: reads and validates the stack's config (all problems at once, before any
 * resource), then builds one Vpn, the same component other languages use through the package.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatIssue, loadConfig, rawFromRuntimeConfig, type VpnConfig } from "./config";
import { Vpn, vpnArgsFromConfig } from "./components/vpn";
import type { StackOutputs } from "./outputs";

/** The Vpn the stack program declares; its name prefixes every child's. */
export const STACK_VPN_NAME = "vpn";

/** Stack outputs as Pulumi Outputs; `testHosts` is absent when test hosts are off. */
export type Outputs = { [K in Exclude<keyof StackOutputs, "testHosts" | "monitoring">]: pulumi.Output<StackOutputs[K]> } & {
  testHosts: pulumi.Output<NonNullable<StackOutputs["testHosts"]>> | undefined;
  monitoring: pulumi.Output<NonNullable<StackOutputs["monitoring"]>> | undefined;
};

/** Declares every resource for a validated config and returns the stack outputs. */
export function buildVpn(config: VpnConfig): Outputs {
  const vpn = new Vpn(STACK_VPN_NAME, vpnArgsFromConfig(config));
  return {
    contractVersion: vpn.contractVersion,
    routing: vpn.routing,
    azure: vpn.azure,
    aws: vpn.aws,
    tunnels: vpn.tunnels,
    testHosts: vpn.testHosts,
    monitoring: vpn.monitoring,
  };
}

/**
 * Reads and validates the stack's config, then builds the program. `warn` receives config
 * warnings (Pulumi's log by default).
 */
export function main(warn: (message: string) => void = (message) => void pulumi.log.warn(message)): Outputs {
  const raw = rawFromRuntimeConfig(pulumi.runtime.allConfig());
  const { config, warnings } = loadConfig(raw, pulumi.getStack());
  warnings.forEach((warning) => warn(formatIssue(warning)));
  return buildVpn(config);
}
