/**
 * The stack outputs other projects read through StackReference. Changing a field's name or
 * meaning is a breaking change: bump CONTRACT_VERSION and document it in README.md.
 */
import type { AwsAttachment, RoutingMode } from "./enums";

export const CONTRACT_VERSION = 1;

/** One tunnel of the VPN as other projects read it. */
export interface TunnelContract {
  /** Stable tunnel id, "c1t1" = AWS VPN connection 1, tunnel 1. */
  id: string;
  /** The AWS tunnel's outside (public) IP. */
  awsOutsideIp: string;
  /** The tunnel's inside /30 (AWS takes the first host, Azure the second). */
  insideCidr: string;
  /** The AWS Site-to-Site VPN connection carrying this tunnel. */
  awsVpnConnectionId: string;
  /** The Azure local network gateway pointing at this tunnel. */
  azureLocalNetworkGatewayId: string;
  /** The Azure connection of this tunnel. */
  azureConnectionId: string;
}

/** The Azure side as other projects read it. */
export interface AzureContract {
  /** The resource group holding the Azure resources. */
  resourceGroupName: string;
  /** Resource id of the VNet. */
  vnetId: string;
  /** Name of the VNet. */
  vnetName: string;
  /** The VNet's address space: what AWS-side consumers should admit. */
  vnetAddressSpace: string[];
  /** Resource id of the Azure VPN gateway. */
  gatewayId: string;
  /** One public IP per gateway instance. */
  gatewayPublicIps: string[];
}

/** The AWS side as other projects read it. */
export interface AwsContract {
  /** The AWS region of the VPC and the VPN connections. */
  region: string;
  /** The VPC's id. */
  vpcId: string;
  /** The VPC CIDR: what Azure-side consumers should admit. */
  vpcCidr: string;
  /** "vgw" (virtual private gateway) or "tgw" (transit gateway). */
  gatewayKind: AwsAttachment;
  /** The virtual private gateway's or transit gateway's id. */
  gatewayId: string;
  /** The workload route tables that route the Azure prefixes to the gateway. */
  routeTableIds: string[];
}

/** The test hosts and the commands that prove the tunnels carry traffic (present only with testVms). */
export interface TestHostsContract {
  /** The AWS test host's private IPv4 address. */
  awsPrivateIp: string;
  /** The Azure test VM's private IPv4 address. */
  azurePrivateIp: string;
  /** Run on the AWS host. */
  pingFromAws: string;
  /** Run on the Azure VM. */
  pingFromAzure: string;
}

/**
 * What an operator needs to find the logs and alarms (present only with monitoring.enabled; added
 * to version 1 as an optional output: consumers of version 1 are unaffected). Lists "in tunnel
 * order" line up with `tunnels`.
 */
export interface MonitoringContract {
  /** The CloudWatch log group every tunnel (and, with BGP, every BGP session) logs to. */
  awsLogGroupName: string;
  /** The log group's ARN. */
  awsLogGroupArn: string;
  /** The SNS topic every CloudWatch alarm notifies. */
  awsSnsTopicArn: string;
  /** CloudWatch alarm per tunnel (TunnelState), in tunnel order. */
  awsTunnelAlarmNames: string[];
  /** CloudWatch "all tunnels down" alarm per AWS VPN connection, in connection order. */
  awsConnectionAlarmNames: string[];
  /** The Log Analytics workspace holding the VPN gateway's diagnostics. */
  azureWorkspaceId: string;
  /** The action group every Azure metric alert notifies. */
  azureActionGroupId: string;
  /** Azure metric alert (IPsec SAs of the connection) per tunnel, in tunnel order. */
  azureTunnelAlertNames: string[];
  /** Azure BGP peer alert per tunnel, in tunnel order; empty with static routing. */
  azureBgpAlertNames: string[];
}

/** Every stack output, by name. */
export interface StackOutputs {
  contractVersion: number;
  routing: RoutingMode;
  azure: AzureContract;
  aws: AwsContract;
  tunnels: TunnelContract[];
  /** Present only when testVms is on. */
  testHosts?: TestHostsContract;
  /** Present only when monitoring.enabled is on. */
  monitoring?: MonitoringContract;
}

/** The output names, in one place, for consumers and the contract test. */
export const OUTPUT_NAMES = ["contractVersion", "routing", "azure", "aws", "tunnels", "testHosts", "monitoring"] as const satisfies readonly (keyof StackOutputs)[];
