/**
 * The type tokens of every resource the program registers or a reader looks for, as Pulumi
 * registers them (tests/unit/types.test.ts checks each against its SDK class's `__pulumiType`).
 * The one list: the plan, cost, mocks, interop, guards and policy pack read tokens from here.
 * No imports, so that any folder (the policy pack included) can use it.
 */
export const TYPES = {
  // Our components.
  vpn: "azureawsvpn:index:Vpn",
  azureSide: "azureawsvpn:index:AzureSide",
  awsSide: "azureawsvpn:index:AwsSide",
  tunnelPair: "azureawsvpn:index:TunnelPair",
  testHosts: "azureawsvpn:index:TestHosts",
  awsTunnelLogs: "azureawsvpn:index:AwsTunnelLogs",
  awsMonitoring: "azureawsvpn:index:AwsMonitoring",
  azureMonitoring: "azureawsvpn:index:AzureMonitoring",
  awsSpokes: "azureawsvpn:index:AwsSpokes",
  azureSpokes: "azureawsvpn:index:AzureSpokes",
  // Azure.
  resourceGroup: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  publicIp: "azure-native:network:PublicIPAddress",
  gateway: "azure-native:network:VirtualNetworkGateway",
  lng: "azure-native:network:LocalNetworkGateway",
  connection: "azure-native:network:VirtualNetworkGatewayConnection",
  nsg: "azure-native:network:NetworkSecurityGroup",
  securityRule: "azure-native:network:SecurityRule",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  vnetPeering: "azure-native:network:VirtualNetworkPeering",
  /** An explicit azure-native provider (AzureSpokes: one per existing spoke's subscription). */
  azureProvider: "pulumi:providers:azure-native",
  workspace: "azure-native:operationalinsights:Workspace",
  diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
  actionGroup: "azure-native:monitor:ActionGroup",
  metricAlert: "azure-native:monitor:MetricAlert",
  // AWS.
  vpc: "aws:ec2/vpc:Vpc",
  awsSubnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  customerGateway: "aws:ec2/customerGateway:CustomerGateway",
  vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  vpnGatewayAttachment: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
  vpnGatewayRoutePropagation: "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
  vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  vpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
  tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
  tgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
  tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  securityGroupIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  keyPair: "aws:ec2/keyPair:KeyPair",
  instance: "aws:ec2/instance:Instance",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  topic: "aws:sns/topic:Topic",
  topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  // Random.
  password: "random:index/randomPassword:RandomPassword",
} as const;

export type TypeName = keyof typeof TYPES;
export type TypeToken = (typeof TYPES)[TypeName];

/** The type prefix of our own component resources. */
export const COMPONENT_PREFIX = "azureawsvpn:index:";
