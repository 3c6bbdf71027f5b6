/**
 * The program: from a validated config to the three components, wired so that no value is ever
 * copied by hand between the clouds.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatIssue, loadConfig, rawFromRuntimeConfig, type VpnConfig } from "./config";
import { AwsSide } from "./components/awsSide";
import { AzureSide } from "./components/azureSide";
import { TestHosts } from "./components/testHosts";
import { TunnelPair } from "./components/tunnelPair";
import { CONTRACT_VERSION, type StackOutputs } from "./outputs";
import { isProtected } from "./guards";
import { planTopology, type TunnelPlan } from "./topology";

function keyGeneration(config: VpnConfig, tunnel: TunnelPlan): number {
  return config.keyRotation[tunnel.id] ?? 0;
}

/** Stack outputs as Pulumi Outputs; `testHosts` is absent when test hosts are off. */
export type Outputs = { [K in Exclude<keyof StackOutputs, "testHosts">]: pulumi.Output<StackOutputs[K]> } & {
  testHosts: pulumi.Output<NonNullable<StackOutputs["testHosts"]>> | undefined;
};

/** Declares every resource for a validated config and returns the stack outputs. */
export function buildVpn(config: VpnConfig): Outputs {
  const topology = planTopology(config);
  const bgp = config.routing === "bgp";
  const azurePrefixes = config.vnetAddressSpace;
  const awsPrefixes = [config.vpcCidr];

  const azureSide = new AzureSide("azure", {
    location: config.azureLocation,
    resourceGroupName: config.resourceGroupName,
    vnetName: config.vnetName,
    vnetAddressSpace: config.vnetAddressSpace,
    workloadSubnets: config.azureSubnets,
    gatewaySubnetCidr: config.gatewaySubnetCidr,
    gatewayName: config.gatewayName,
    publicIpNames: topology.publicIpNames,
    publicIpZones: config.publicIpZones,
    gatewaySku: config.gatewaySku,
    gatewayGeneration: config.gatewayGeneration,
    bgp: bgp ? { asn: config.azureAsn, apipaByInstance: topology.apipaByInstance } : undefined,
    protectGateway: isProtected(config, "gateway"),
    protectPublicIps: isProtected(config, "publicIps"),
  });

  const awsSide = new AwsSide("aws", {
    vpcName: config.vpcName,
    vpcCidr: config.vpcCidr,
    subnets: config.awsSubnets,
    amazonSideAsn: config.awsAsn,
    attachment: config.awsAttachment,
    routing: config.routing,
    azurePrefixes,
    customerGatewayIps: azureSide.publicIpAddresses,
    customerGatewayAsn: config.azureAsn,
    protectVpc: isProtected(config, "vpc"),
    protectGateway: isProtected(config, "awsGateway"),
    protectCustomerGateways: isProtected(config, "customerGateways"),
  });

  const pairs = topology.connections.map((connection) =>
    new TunnelPair(`tunnels-c${connection.number}`, {
      connection,
      customerGatewayId: awsSide.customerGatewayIds[connection.azureInstance]!,
      customerGateway: awsSide.customerGateways[connection.azureInstance],
      vpnGatewayId: awsSide.vpnGatewayId,
      transitGatewayId: awsSide.transitGatewayId,
      transitGatewayRouteTableId: awsSide.transitGatewayRouteTableId,
      routing: config.routing,
      azurePrefixes,
      awsPrefixes,
      ipsec: config.ipsec,
      location: config.azureLocation,
      resourceGroupName: azureSide.resourceGroupName,
      azureGatewayId: azureSide.gatewayId,
      azureGateway: azureSide.gateway,
      attachment: config.awsAttachment,
      awsAsn: config.awsAsn,
      azureIpConfigurationIds: azureSide.ipConfigurationIds,
      apipaByInstance: topology.apipaByInstance,
      keyRotation: [keyGeneration(config, connection.tunnels[0]), keyGeneration(config, connection.tunnels[1])],
      protect: isProtected(config, "vpnConnections"),
    }),
  );

  let testHosts: Outputs["testHosts"] = undefined;
  if (config.testVms && config.adminCidr !== undefined && config.sshPublicKey !== undefined) {
    const hosts = new TestHosts("test", {
      location: config.azureLocation,
      resourceGroupName: azureSide.resourceGroupName,
      azureSubnetId: azureSide.workloadSubnetIds[0]!,
      azurePrefixes,
      vpcId: awsSide.vpcId,
      awsPrefixes,
      awsSubnetId: awsSide.subnetIds[0]!,
      awsRouteTableId: awsSide.routeTableIds[0]!,
      adminCidr: config.adminCidr,
      sshPublicKey: config.sshPublicKey,
      namePrefix: config.vpcName,
    });
    testHosts = pulumi.all([hosts.awsPrivateIp, hosts.azurePrivateIp]).apply(([awsPrivateIp, azurePrivateIp]) => ({
      awsPrivateIp,
      azurePrivateIp,
      pingFromAws: `ping -c 4 ${azurePrivateIp}`,
      pingFromAzure: `ping -c 4 ${awsPrivateIp}`,
    }));
  }

  return {
    contractVersion: pulumi.output(CONTRACT_VERSION),
    routing: pulumi.output(config.routing),
    azure: pulumi.all([azureSide.resourceGroupName, azureSide.vnetId, azureSide.vnetName, azureSide.gatewayId, pulumi.all(azureSide.publicIpAddresses)])
      .apply(([resourceGroupName, vnetId, vnetName, gatewayId, gatewayPublicIps]) => ({
        resourceGroupName,
        vnetId,
        vnetName,
        vnetAddressSpace: azurePrefixes,
        gatewayId,
        gatewayPublicIps,
      })),
    aws: pulumi.all([awsSide.vpcId, awsSide.vpcCidr, awsSide.gatewayId, pulumi.all(awsSide.routeTableIds)])
      .apply(([vpcId, vpcCidr, gatewayId, routeTableIds]) => ({
        region: config.awsRegion,
        vpcId,
        vpcCidr,
        gatewayKind: config.awsAttachment,
        gatewayId,
        routeTableIds,
      })),
    tunnels: pulumi.all(pairs.flatMap((pair) => pair.tunnels.map((t) =>
      pulumi.all([t.awsOutsideIp, pair.vpnConnectionId, t.azureLocalNetworkGatewayId, t.azureConnectionId])
        .apply(([awsOutsideIp, awsVpnConnectionId, azureLocalNetworkGatewayId, azureConnectionId]) => ({
          id: t.id,
          awsOutsideIp,
          insideCidr: t.insideCidr,
          awsVpnConnectionId,
          azureLocalNetworkGatewayId,
          azureConnectionId,
        })),
    ))),
    testHosts,
  };
}

/**
 * Reads and validates the stack's config (all problems at once, before any resource), then
 * builds the program. `warn` receives config warnings (Pulumi's log by default).
 */
export function main(warn: (message: string) => void = (message) => void pulumi.log.warn(message)): Outputs {
  const raw = rawFromRuntimeConfig(pulumi.runtime.allConfig());
  const { config, warnings } = loadConfig(raw, pulumi.getStack());
  warnings.forEach((warning) => warn(formatIssue(warning)));
  return buildVpn(config);
}
