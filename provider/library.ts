/**
 * The package as a TypeScript/JavaScript library (package.json's exports and types): the
 * components and their argument types, for `import { Vpn } from "azure-aws-vpn"`. Not the
 * plugin entry: package.json's main stays provider/index.ts's function, because run-plugin
 * requires the package folder (so reads main, never exports) and would serve any exported
 * ComponentResource class through its own schema analyzer instead of our provider.
 */
export { Vpn, VpnArgsError, validateVpnArgs } from "../infra/components/vpn";
export type {
  VpnArgs,
  VpnAzureSubnet,
  VpnAwsSubnet,
  VpnAwsSpoke,
  VpnAzureSpoke,
  VpnIpsec,
  VpnIpsecPhase1,
  VpnIpsecPhase2,
  VpnMonitoring,
  VpnReport,
} from "../infra/components/vpn";
export { AwsAttachment, GatewayGeneration, GatewaySku, RoutingMode, TunnelBandwidth } from "../infra/enums";
export { AzureConnectionMode, DpdTimeoutAction, Encryption, IkeVersion, Integrity, StartupAction } from "../infra/ipsec";
export type { IpsecProfile, IpsecProfilePhase1, IpsecProfilePhase2 } from "../infra/ipsec";
export { AzureSide, azureGatewayOf } from "../infra/components/azureSide";
export type { AzureSideArgs, AzureSideBgp } from "../infra/components/azureSide";
export { AwsSide, customerGatewaysOf } from "../infra/components/awsSide";
export type { AwsSideArgs } from "../infra/components/awsSide";
export { TunnelPair } from "../infra/components/tunnelPair";
export type {
  TunnelPairArgs,
  TunnelPairTunnel,
  TunnelPairConnection,
  TunnelPairReplacedWith,
  TunnelOutputs,
} from "../infra/components/tunnelPair";
export { TestHosts } from "../infra/components/testHosts";
export type { TestHostsArgs } from "../infra/components/testHosts";
