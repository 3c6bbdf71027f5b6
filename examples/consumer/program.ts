/**
 * The consumer: another team's project that lets traffic cross the azure-aws-vpn tunnels. It
 * reads the VPN stack's outputs through a StackReference and opens one port, both ways:
 *  - AWS: one ingress rule per Azure VNet prefix on the team's security group (AWS keeps one rule
 *    per CIDR, and so does aws.vpc.SecurityGroupIngressRule);
 *  - Azure: one inbound rule on the team's network security group, from the VPC CIDR to the VNet.
 * The security group and the NSG belong to the team already; this program only adds the rules.
 */
import * as pulumi from "@pulumi/pulumi";
import * as awsVpc from "@pulumi/aws/vpc";
import * as azureNetwork from "@pulumi/azure-native/network";
import { readVpnOutputNow, readVpnOutputs, VpnContractError, type VpnOutputs } from "./contract";

// Provider submodules, not the packages' roots: a root loads every one of its modules (about
// 1.3 s and 45 MB per process for both providers); the rest of the file reads as with the roots.
const aws = { vpc: awsVpc };
const azure = { network: azureNetwork };

export const CONSUMER_PROJECT = "azure-aws-vpn-consumer";

export type ConsumerProtocol = "tcp" | "udp";

export interface ConsumerArgs {
  /** Fully qualified name of the VPN stack: organization/azure-aws-vpn/dev. */
  vpnStack: string;
  /** The team's security group, in the VPN's VPC, that gets the ingress rules. */
  awsSecurityGroupId: string;
  /** The team's network security group (on its subnet or NICs in the VPN's VNet). */
  azureNsgResourceGroupName: string;
  azureNsgName: string;
  /** Name of the NSG rule this program owns. */
  azureNsgRuleName: string;
  /** NSG rule priority (100-4096), unused by the team's other rules in that NSG. */
  azureNsgRulePriority: number;
  protocol: ConsumerProtocol;
  port: number;
  /** The region of the consumer's AWS provider (aws:region), when set: must be the VPN's region. */
  awsRegion?: string;
}

export interface ConsumerResult {
  vpn: VpnOutputs;
  /** One per Azure VNet prefix, in the order the VPN stack lists them. */
  awsIngressRules: awsVpc.SecurityGroupIngressRule[];
  azureNsgRule: azureNetwork.SecurityRule;
  /** What the AWS rules admit (secret if the VPN stack's `azure` output is). */
  admittedAzurePrefixes: pulumi.Output<string[]>;
  /** What the Azure rule admits (secret if the VPN stack's `aws` output is). */
  admittedVpcCidr: pulumi.Output<string>;
}

const STACK_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const NSG_RULE_NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,78}[A-Za-z0-9_])?$/;

/** Validates the consumer's settings; every problem at once. */
export function validateConsumerArgs(args: ConsumerArgs): void {
  const problems: string[] = [];
  if (!STACK_NAME.test(args.vpnStack)) problems.push(`vpnStack ${JSON.stringify(args.vpnStack)} must be a fully qualified stack name, organization/project/stack (e.g. my-org/azure-aws-vpn/dev)`);
  if (!SECURITY_GROUP_ID.test(args.awsSecurityGroupId)) problems.push(`awsSecurityGroupId ${JSON.stringify(args.awsSecurityGroupId)} is not a security group id (sg-0123456789abcdef0)`);
  if (args.azureNsgResourceGroupName.trim() === "") problems.push("azureNsgResourceGroupName is empty");
  if (args.azureNsgName.trim() === "") problems.push("azureNsgName is empty");
  if (!NSG_RULE_NAME.test(args.azureNsgRuleName)) problems.push(`azureNsgRuleName ${JSON.stringify(args.azureNsgRuleName)} is not a valid NSG rule name`);
  if (!Number.isInteger(args.azureNsgRulePriority) || args.azureNsgRulePriority < 100 || args.azureNsgRulePriority > 4096) problems.push(`azureNsgRulePriority ${args.azureNsgRulePriority} must be an integer from 100 to 4096`);
  if (args.protocol !== "tcp" && args.protocol !== "udp") problems.push(`protocol ${JSON.stringify(args.protocol)} must be tcp or udp`);
  if (!Number.isInteger(args.port) || args.port < 1 || args.port > 65535) problems.push(`port ${args.port} must be an integer from 1 to 65535`);
  if (problems.length > 0) throw new Error(`Invalid ${CONSUMER_PROJECT} config:\n  - ${problems.join("\n  - ")}`);
}

/** Reads the consumer's stack config (Pulumi.<stack>.yaml) into ConsumerArgs, validated. */
export function readConsumerConfig(config: pulumi.Config = new pulumi.Config(CONSUMER_PROJECT)): ConsumerArgs {
  const args: ConsumerArgs = {
    vpnStack: config.require("vpnStack"),
    awsSecurityGroupId: config.require("awsSecurityGroupId"),
    azureNsgResourceGroupName: config.require("azureNsgResourceGroupName"),
    azureNsgName: config.require("azureNsgName"),
    azureNsgRuleName: config.get("azureNsgRuleName") ?? "allow-from-aws-vpc",
    azureNsgRulePriority: config.getNumber("azureNsgRulePriority") ?? 300,
    protocol: (config.get("protocol") ?? "tcp") as ConsumerProtocol,
    port: config.getNumber("port") ?? 443,
    awsRegion: new pulumi.Config("aws").get("region"),
  };
  validateConsumerArgs(args);
  return args;
}

/**
 * Declares the consumer's rules. Fails (before declaring any rule) when the VPN stack publishes
 * an unsupported contract version or lives in another AWS region than the consumer's provider.
 */
export async function consume(args: ConsumerArgs): Promise<ConsumerResult> {
  validateConsumerArgs(args);
  const ref = new pulumi.StackReference("vpn", { name: args.vpnStack });
  const vpn = await readVpnOutputs(ref, args.vpnStack);

  // Decisions taken while the program runs read the current values promptly; the resources below
  // take their values from the Outputs, so a secret output stays secret in this stack's state.
  const [azureNow, awsNow] = await Promise.all([readVpnOutputNow(ref, args.vpnStack, "azure"), readVpnOutputNow(ref, args.vpnStack, "aws")]);
  if (args.awsRegion !== undefined && args.awsRegion !== awsNow.region) {
    throw new VpnContractError(`Stack ${args.vpnStack}'s VPC is in ${awsNow.region}, but this stack's aws:region is ${args.awsRegion}: set aws:region to ${awsNow.region}.`);
  }
  const prefixCount = azureNow.vnetAddressSpace.length;
  if (prefixCount === 0) throw new VpnContractError(`Stack ${args.vpnStack} publishes an empty azure.vnetAddressSpace.`);

  const admittedAzurePrefixes = vpn.azure.apply((a) => a.vnetAddressSpace);
  const admittedVpcCidr = vpn.aws.apply((a) => a.vpcCidr);
  const description = `${args.protocol}/${args.port} over the VPN of ${args.vpnStack}`;

  // Named by position: reordering or removing a prefix in the VPN stack replaces the rules after
  // it (a short gap for that prefix), but no prefix value, secret or not, ends up in a URN.
  const awsIngressRules = Array.from({ length: prefixCount }, (_, i) =>
    new aws.vpc.SecurityGroupIngressRule(`from-azure-prefix-${i}`, {
      securityGroupId: args.awsSecurityGroupId,
      cidrIpv4: admittedAzurePrefixes.apply((prefixes) => {
        const prefix = prefixes[i];
        if (prefix === undefined) throw new VpnContractError(`Stack ${args.vpnStack}'s azure.vnetAddressSpace changed while this program ran.`);
        return prefix;
      }),
      ipProtocol: args.protocol,
      fromPort: args.port,
      toPort: args.port,
      description: `Azure VNet prefix ${i + 1}, ${description}`,
      tags: { "vpn-stack": args.vpnStack, "managed-by": CONSUMER_PROJECT },
    }),
  );

  const azureNsgRule = new azure.network.SecurityRule("from-aws-vpc", {
    resourceGroupName: args.azureNsgResourceGroupName,
    networkSecurityGroupName: args.azureNsgName,
    securityRuleName: args.azureNsgRuleName,
    direction: azure.network.SecurityRuleDirection.Inbound,
    access: azure.network.SecurityRuleAccess.Allow,
    protocol: args.protocol === "tcp" ? azure.network.SecurityRuleProtocol.Tcp : azure.network.SecurityRuleProtocol.Udp,
    priority: args.azureNsgRulePriority,
    sourceAddressPrefix: admittedVpcCidr,
    sourcePortRange: "*",
    // The VNet itself rather than the VirtualNetwork tag: that tag also covers every prefix
    // reachable over the gateway, the VPC included.
    destinationAddressPrefixes: admittedAzurePrefixes,
    destinationPortRange: String(args.port),
    description: `AWS VPC, ${description}`,
  });

  return { vpn, awsIngressRules, azureNsgRule, admittedAzurePrefixes, admittedVpcCidr };
}
