// The package's components: what the schema analyzer reads and what the plugin constructs.
export { Vpn } from "../infra/components/vpn";
export { AzureSide } from "../infra/components/azureSide";
export { AwsSide } from "../infra/components/awsSide";
export { TunnelPair } from "../infra/components/tunnelPair";
export { TestHosts } from "../infra/components/testHosts";
