/**
 * Typed access to the azure-aws-vpn stack outputs through a StackReference.
 *
 * The types come from the VPN project's own contract module (infra/outputs.ts, which has no
 * imports: a project in another repository copies that one file, or gets it from a package). The
 * consumer supports exactly the contract version those types describe, and refuses any other
 * before it declares a single resource: reading a v2 stack with v1 types would silently misread
 * a renamed field.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CONTRACT_VERSION,
  type AwsContract,
  type AzureContract,
  type MonitoringContract,
  type StackOutputs,
  type TestHostsContract,
  type TunnelContract,
} from "../../infra/outputs";

/** The contract versions this consumer's code was written against. */
export const SUPPORTED_CONTRACT_VERSIONS: readonly number[] = [CONTRACT_VERSION];

/** The VPN stack's outputs, typed by the contract. Secret outputs stay secret Outputs. */
export interface VpnOutputs {
  /** The fully qualified name of the stack that was read. */
  stack: string;
  /** Already checked against SUPPORTED_CONTRACT_VERSIONS. */
  contractVersion: number;
  routing: pulumi.Output<StackOutputs["routing"]>;
  azure: pulumi.Output<AzureContract>;
  aws: pulumi.Output<AwsContract>;
  tunnels: pulumi.Output<TunnelContract[]>;
  /** undefined inside the Output when the VPN stack runs without test hosts. */
  testHosts: pulumi.Output<TestHostsContract | undefined>;
  /** Log group, alarm and workspace names; undefined inside the Output without monitoring (optional in version 1). */
  monitoring: pulumi.Output<MonitoringContract | undefined>;
}

/** The referenced stack does not publish a contract this consumer understands. */
export class VpnContractError extends Error {
  override name = "VpnContractError";
}

/** Returns the version if it is supported; throws a VpnContractError that says what to do otherwise. */
export function checkContractVersion(version: unknown, stack: string): number {
  const supported = SUPPORTED_CONTRACT_VERSIONS.join(", ");
  if (version === undefined || version === null) {
    throw new VpnContractError(
      `Stack ${stack} has no contractVersion output: is it an azure-aws-vpn stack, and has it been deployed (pulumi up) ` +
        `since the outputs contract exists? This consumer reads contract version ${supported}.`,
    );
  }
  if (typeof version !== "number" || !Number.isInteger(version)) {
    throw new VpnContractError(`Stack ${stack} has contractVersion ${JSON.stringify(version)}, which is not a version number; this consumer reads contract version ${supported}.`);
  }
  if (!SUPPORTED_CONTRACT_VERSIONS.includes(version)) {
    throw new VpnContractError(
      `Stack ${stack} publishes outputs contract version ${version}, but this consumer supports only version ${supported}. ` +
        `Update infra/outputs.ts from the azure-aws-vpn project and adapt this program to the fields that changed ` +
        `(README.md, "Outputs: the contract").`,
    );
  }
  return version;
}

/**
 * Reads the VPN stack's outputs through `ref` (a StackReference to `stack`). The contract version
 * is read promptly and checked first, so an unsupported stack fails the program with a
 * VpnContractError before any resource depends on its outputs. The other outputs are Outputs:
 * an output the VPN stack marks secret is a secret here, and in everything derived from it.
 */
export async function readVpnOutputs(ref: pulumi.StackReference, stack: string): Promise<VpnOutputs> {
  const version = await ref.getOutputDetails("contractVersion");
  const contractVersion = checkContractVersion(version.value ?? version.secretValue, stack);
  return {
    stack,
    contractVersion,
    routing: ref.requireOutput("routing") as pulumi.Output<StackOutputs["routing"]>,
    azure: ref.requireOutput("azure") as pulumi.Output<AzureContract>,
    aws: ref.requireOutput("aws") as pulumi.Output<AwsContract>,
    tunnels: ref.requireOutput("tunnels") as pulumi.Output<TunnelContract[]>,
    testHosts: ref.getOutput("testHosts") as pulumi.Output<TestHostsContract | undefined>,
    monitoring: ref.getOutput("monitoring") as pulumi.Output<MonitoringContract | undefined>,
  };
}

/**
 * Reads one output's current value promptly, secret or not: for decisions the program must make
 * while it runs (how many resources to declare). Use the Outputs of VpnOutputs for the values
 * themselves, so that secrets stay secret.
 */
export async function readVpnOutputNow<K extends Exclude<keyof StackOutputs, "testHosts" | "monitoring">>(ref: pulumi.StackReference, stack: string, name: K): Promise<StackOutputs[K]> {
  const details = await ref.getOutputDetails(name);
  const value: unknown = details.value ?? details.secretValue;
  if (value === undefined || value === null) throw new VpnContractError(`Stack ${stack} has no ${name} output.`);
  return value as StackOutputs[K];
}
