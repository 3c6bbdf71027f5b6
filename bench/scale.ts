// Scaled configs for the benchmark: a valid static-routing config with N workload subnets a side.
import type { RawConfig } from "../infra/config";

/**
 * A valid static-routing config with `size` workload subnets on each side. The Azure subnets share
 * one VNet prefix: AWS takes at most 100 static routes per VPN connection (docs/constraints.md),
 * so one prefix per subnet would stop at 99 subnets.
 */
export function scaledConfig(base: RawConfig, size: number): RawConfig {
  if (!Number.isInteger(size) || size < 1 || size > 250) throw new Error("size must be an integer from 1 to 250");
  const raw: RawConfig = structuredClone(base);
  const key = (name: string): string => `azure-aws-vpn:${name}`;
  raw[key("vnetAddressSpace")] = ["10.99.0.0/24", "10.100.0.0/16"];
  raw[key("gatewaySubnetCidr")] = "10.99.0.0/27";
  raw[key("azureSubnets")] = Array.from({ length: size }, (_, i) => ({ name: `snet-${i}`, cidr: `10.100.${i}.0/24` }));
  raw[key("vpcCidr")] = "10.30.0.0/16";
  raw[key("awsSubnets")] = Array.from({ length: size }, (_, i) => ({ name: `subnet-${i}`, cidr: `10.30.${i}.0/24` }));
  return raw;
}
