import { test } from "node:test";
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as azure from "@pulumi/azure-native";
import * as random from "@pulumi/random";
import { COMPONENT_PREFIX, TYPES, type TypeName } from "../../infra/types";

type ComponentName = "vpn" | "azureSide" | "awsSide" | "tunnelPair" | "testHosts" | "awsTunnelLogs" | "awsMonitoring" | "azureMonitoring" | "awsSpokes" | "azureSpokes";

/** The SDK class behind each provider token (our components' tokens are pinned by tests/components/urns.test.ts). */
const CLASSES: Readonly<Record<Exclude<TypeName, ComponentName>, object>> = {
  resourceGroup: azure.resources.ResourceGroup,
  vnet: azure.network.VirtualNetwork,
  subnet: azure.network.Subnet,
  publicIp: azure.network.PublicIPAddress,
  gateway: azure.network.VirtualNetworkGateway,
  lng: azure.network.LocalNetworkGateway,
  connection: azure.network.VirtualNetworkGatewayConnection,
  nsg: azure.network.NetworkSecurityGroup,
  securityRule: azure.network.SecurityRule,
  nic: azure.network.NetworkInterface,
  vm: azure.compute.VirtualMachine,
  vnetPeering: azure.network.VirtualNetworkPeering,
  workspace: azure.operationalinsights.Workspace,
  diagnosticSetting: azure.monitor.DiagnosticSetting,
  actionGroup: azure.monitor.ActionGroup,
  metricAlert: azure.monitor.MetricAlert,
  vpc: aws.ec2.Vpc,
  awsSubnet: aws.ec2.Subnet,
  routeTable: aws.ec2.RouteTable,
  routeTableAssociation: aws.ec2.RouteTableAssociation,
  route: aws.ec2.Route,
  customerGateway: aws.ec2.CustomerGateway,
  vpnGateway: aws.ec2.VpnGateway,
  vpnGatewayAttachment: aws.ec2.VpnGatewayAttachment,
  vpnGatewayRoutePropagation: aws.ec2.VpnGatewayRoutePropagation,
  vpnConnection: aws.ec2.VpnConnection,
  vpnConnectionRoute: aws.ec2.VpnConnectionRoute,
  transitGateway: aws.ec2transitgateway.TransitGateway,
  tgwRouteTable: aws.ec2transitgateway.RouteTable,
  tgwVpcAttachment: aws.ec2transitgateway.VpcAttachment,
  tgwAssociation: aws.ec2transitgateway.RouteTableAssociation,
  tgwPropagation: aws.ec2transitgateway.RouteTablePropagation,
  internetGateway: aws.ec2.InternetGateway,
  securityGroup: aws.ec2.SecurityGroup,
  securityGroupRule: aws.ec2.SecurityGroupRule,
  securityGroupIngressRule: aws.vpc.SecurityGroupIngressRule,
  keyPair: aws.ec2.KeyPair,
  instance: aws.ec2.Instance,
  logGroup: aws.cloudwatch.LogGroup,
  metricAlarm: aws.cloudwatch.MetricAlarm,
  topic: aws.sns.Topic,
  topicSubscription: aws.sns.TopicSubscription,
  password: random.RandomPassword,
};

test("every type token in infra/types.ts is the one its SDK class registers", () => {
  const components = Object.keys(TYPES).filter((name) => TYPES[name as TypeName].startsWith(COMPONENT_PREFIX));
  assert.deepEqual(components.sort(), ["awsMonitoring", "awsSide", "awsSpokes", "awsTunnelLogs", "azureMonitoring", "azureSide", "azureSpokes", "testHosts", "tunnelPair", "vpn"]);
  for (const [name, resourceClass] of Object.entries(CLASSES)) {
    const registered: unknown = Reflect.get(resourceClass, "__pulumiType");
    assert.equal(TYPES[name as TypeName], registered, name);
  }
});
