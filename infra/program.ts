/**
 * The stack program: reads the stack's config as Vpn's args and builds one Vpn, the same
 * component other languages use through the package. Vpn validates the args (all problems at
 * once, before any resource); the program says its problems and warnings of the config keys.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatIssue, rawFromRuntimeConfig, stackArgs, stackIssue, validateStackArgs, type ConfigIssue } from "./config";
import { Vpn, VpnArgsError, type VpnArgs } from "./components/vpn";
import type { StackOutputs } from "./outputs";

/** The Vpn the stack program declares; its name prefixes every child's. */
export const STACK_VPN_NAME = "vpn";

/** Stack outputs as Pulumi Outputs; `testHosts` is absent when test hosts are off. */
export type Outputs = { [K in Exclude<keyof StackOutputs, "testHosts" | "monitoring">]: pulumi.Output<StackOutputs[K]> } & {
  testHosts: pulumi.Output<NonNullable<StackOutputs["testHosts"]>> | undefined;
  monitoring: pulumi.Output<NonNullable<StackOutputs["monitoring"]>> | undefined;
};

/**
 * Builds the program from the stack's config. `warn` receives config warnings (Pulumi's log by
 * default); every problem is thrown as one ConfigError, and then nothing is created.
 */
export function main(warn: (message: string) => void = (message) => void pulumi.log.warn(message)): Outputs {
  const read = stackArgs(rawFromRuntimeConfig(pulumi.runtime.allConfig()));
  // A stack file's own problems (keys, namespaces) are reported with the args' problems, and no Vpn is built.
  if (read.issues.length > 0) {
    const result = validateStackArgs(read, pulumi.getStack());
    throw new ConfigError(result.ok ? read.issues : result.errors);
  }
  const ofConfig = (issue: ConfigIssue): ConfigIssue => stackIssue(issue, read.args);
  let vpn: Vpn;
  try {
    // The args by name, values as the stack gives them: Vpn checks every one.
    vpn = new Vpn(STACK_VPN_NAME, read.args as unknown as VpnArgs, undefined, { warn: (issue) => warn(formatIssue(ofConfig(issue))) });
  } catch (err) {
    if (err instanceof VpnArgsError) throw new ConfigError(err.issues.map(ofConfig));
    throw err;
  }
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
