/**
 * The stack outputs other projects read through StackReference. Changing a field's name or
 * meaning is a breaking change: bump CONTRACT_VERSION and document it in README.md.
 */
import type { AwsAttachment, RoutingMode } from "./enums";

export const CONTRACT_VERSION = 1;

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

export interface AzureContract {
  resourceGroupName: string;
  vnetId: string;
  vnetName: string;
  /** The VNet's address space: what AWS-side consumers should admit. */
  vnetAddressSpace: string[];
  gatewayId: string;
  /** One public IP per gateway instance. */
  gatewayPublicIps: string[];
}

export interface AwsContract {
  region: string;
  vpcId: string;
  /** The VPC CIDR: what Azure-side consumers should admit. */
  vpcCidr: string;
  /** "vgw" (virtual private gateway) or "tgw" (transit gateway). */
  gatewayKind: AwsAttachment;
  gatewayId: string;
  routeTableIds: string[];
}

export interface TestHostsContract {
  awsPrivateIp: string;
  azurePrivateIp: string;
  /** Run on the AWS host. */
  pingFromAws: string;
  /** Run on the Azure VM. */
  pingFromAzure: string;
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
}

/** The output names, in one place, for consumers and the contract test. */
export const OUTPUT_NAMES = ["contractVersion", "routing", "azure", "aws", "tunnels", "testHosts"] as const satisfies readonly (keyof StackOutputs)[];
