import { test } from "node:test";
import assert from "node:assert/strict";
// The submodules, not the packages' root indexes (which cost 0.2 to 0.5 s more to load).
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as ec2 from "@pulumi/aws/ec2";
import * as ec2transitgateway from "@pulumi/aws/ec2transitgateway";
import * as sns from "@pulumi/aws/sns";
import * as vpc from "@pulumi/aws/vpc";
import * as compute from "@pulumi/azure-native/compute";
import * as monitor from "@pulumi/azure-native/monitor";
import * as network from "@pulumi/azure-native/network";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import { COMPONENT_PREFIX, TYPES, type TypeName } from "../../infra/types";

type ComponentName = "vpn" | "azureSide" | "awsSide" | "tunnelPair" | "testHosts" | "awsTunnelLogs" | "awsMonitoring" | "azureMonitoring" | "awsSpokes" | "azureSpokes";

/** The SDK class behind each provider token (our components' tokens are pinned by tests/components/urns.test.ts). */
const CLASSES: Readonly<Record<Exclude<TypeName, ComponentName | "azureProvider">, object>> = {
  resourceGroup: resources.ResourceGroup,
  vnet: network.VirtualNetwork,
  subnet: network.Subnet,
  publicIp: network.PublicIPAddress,
  gateway: network.VirtualNetworkGateway,
  lng: network.LocalNetworkGateway,
  connection: network.VirtualNetworkGatewayConnection,
  nsg: network.NetworkSecurityGroup,
  securityRule: network.SecurityRule,
  nic: network.NetworkInterface,
  vm: compute.VirtualMachine,
  vnetPeering: network.VirtualNetworkPeering,
  workspace: operationalinsights.Workspace,
  diagnosticSetting: monitor.DiagnosticSetting,
  actionGroup: monitor.ActionGroup,
  metricAlert: monitor.MetricAlert,
  vpc: ec2.Vpc,
  awsSubnet: ec2.Subnet,
  routeTable: ec2.RouteTable,
  routeTableAssociation: ec2.RouteTableAssociation,
  route: ec2.Route,
  customerGateway: ec2.CustomerGateway,
  vpnGateway: ec2.VpnGateway,
  vpnGatewayAttachment: ec2.VpnGatewayAttachment,
  vpnGatewayRoutePropagation: ec2.VpnGatewayRoutePropagation,
  vpnConnection: ec2.VpnConnection,
  vpnConnectionRoute: ec2.VpnConnectionRoute,
  transitGateway: ec2transitgateway.TransitGateway,
  tgwRouteTable: ec2transitgateway.RouteTable,
  tgwVpcAttachment: ec2transitgateway.VpcAttachment,
  tgwAssociation: ec2transitgateway.RouteTableAssociation,
  tgwPropagation: ec2transitgateway.RouteTablePropagation,
  internetGateway: ec2.InternetGateway,
  securityGroup: ec2.SecurityGroup,
  securityGroupRule: ec2.SecurityGroupRule,
  securityGroupIngressRule: vpc.SecurityGroupIngressRule,
  keyPair: ec2.KeyPair,
  instance: ec2.Instance,
  logGroup: cloudwatch.LogGroup,
  metricAlarm: cloudwatch.MetricAlarm,
  topic: sns.Topic,
  topicSubscription: sns.TopicSubscription,
  password: random.RandomPassword,
};

test("every type token in infra/types.ts is the one its SDK class registers", () => {
  const components = Object.keys(TYPES).filter((name) => TYPES[name as TypeName].startsWith(COMPONENT_PREFIX));
  assert.deepEqual(components.sort(), ["awsMonitoring", "awsSide", "awsSpokes", "awsTunnelLogs", "azureMonitoring", "azureSide", "azureSpokes", "testHosts", "tunnelPair", "vpn"]);
  for (const [name, resourceClass] of Object.entries(CLASSES)) {
    const registered: unknown = Reflect.get(resourceClass, "__pulumiType");
    assert.equal(TYPES[name as TypeName], registered, name);
  }
  // A provider resource registers as pulumi:providers:<package>.
  assert.equal(TYPES.azureProvider, `pulumi:providers:${String(Reflect.get(AzureProvider, "__pulumiType"))}`);
});
