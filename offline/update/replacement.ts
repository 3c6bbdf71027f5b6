/**
 * Which input changes force a replacement, per resource type we use. Each row cites its source.
 * Bridged AWS resources follow the Terraform AWS provider's `ForceNew`; azure-native replaces on
 * a change of any property in the resource's URL path (pulumi/pulumi-azure-native#77).
 */
export interface ReplaceRule {
  properties: readonly string[];
  source: string;
}

const TF = "hashicorp/terraform-provider-aws internal/service/ec2";
const AZURE_PATH = "pulumi/pulumi-azure-native#77: a change of a URL path property forces replacement";

export const REPLACE_TRIGGERS: Readonly<Record<string, ReplaceRule>> = {
  "aws:ec2/vpnConnection:VpnConnection": {
    properties: ["type", "staticRoutesOnly", "tunnelInsideIpVersion", "tunnel1InsideCidr", "tunnel2InsideCidr", "enableAcceleration", "tunnelBandwidth"],
    source: `${TF}/vpnsite_connection.go: ForceNew on static_routes_only, tunnel_inside_ip_version, tunnel{1,2}_inside_cidr, enable_acceleration; customer_gateway_id, vpn_gateway_id, transit_gateway_id and tunnel options are modified in place. tunnel_bandwidth: ForceNew since it was added (hashicorp/terraform-provider-aws#45070, 2025-11-14; in-place update requested in #47797, open 2026-05-07, after AWS allowed modifying it); AWS VPNTunnels.html 'Large Bandwidth Tunnels' (read 2026-12-02): "You can't modify an existing tunnel to use Large Bandwidth Tunnels"`,
  },
  "aws:ec2/customerGateway:CustomerGateway": {
    properties: ["bgpAsn", "ipAddress", "type", "deviceName", "certificateArn"],
    source: `${TF}/vpnsite_customer_gateway.go: ForceNew on bgp_asn, ip_address, type, device_name, certificate_arn`,
  },
  "aws:ec2/vpnGateway:VpnGateway": {
    properties: ["amazonSideAsn", "availabilityZone"],
    source: `${TF}/vpnsite_gateway.go: ForceNew on amazon_side_asn, availability_zone`,
  },
  "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment": { properties: ["vpcId", "vpnGatewayId"], source: `${TF}/vpnsite_gateway_attachment.go: ForceNew on vpc_id, vpn_gateway_id` },
  "aws:ec2/vpnConnectionRoute:VpnConnectionRoute": { properties: ["vpnConnectionId", "destinationCidrBlock"], source: `${TF}/vpnsite_connection_route.go: ForceNew on both` },
  "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation": { properties: ["vpnGatewayId", "routeTableId"], source: `${TF}/vpc_route_table_propagation: ForceNew on both` },
  "aws:ec2/vpc:Vpc": { properties: ["cidrBlock"], source: `${TF}/vpc_.go: ForceNew on cidr_block` },
  "aws:ec2/subnet:Subnet": { properties: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"], source: `${TF}/vpc_subnet.go: ForceNew on vpc_id, cidr_block, availability_zone(_id)` },
  "aws:ec2/routeTable:RouteTable": { properties: ["vpcId"], source: `${TF}/vpc_route_table.go: ForceNew on vpc_id` },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { properties: ["subnetId", "gatewayId"], source: `${TF}/vpc_route_table_association.go: ForceNew on subnet_id, gateway_id (route_table_id is replaced in place)` },
  "aws:ec2/route:Route": { properties: ["routeTableId", "destinationCidrBlock"], source: `${TF}/vpc_route.go: ForceNew on route_table_id and the destination` },
  "aws:ec2/internetGateway:InternetGateway": { properties: [], source: `${TF}/vpc_internet_gateway.go: vpc_id attaches/detaches in place` },
  "aws:ec2/securityGroup:SecurityGroup": { properties: ["vpcId", "name", "description"], source: `${TF}/vpc_security_group.go: ForceNew on vpc_id, name, description` },
  "aws:ec2/keyPair:KeyPair": { properties: ["publicKey", "keyName"], source: `${TF}/ec2_key_pair.go: ForceNew on public_key, key_name` },
  "aws:ec2/instance:Instance": { properties: ["ami", "subnetId", "keyName", "availabilityZone", "associatePublicIpAddress"], source: `${TF}/ec2_instance.go: ForceNew on ami, subnet_id, key_name, availability_zone, associate_public_ip_address` },
  "aws:ec2transitgateway/transitGateway:TransitGateway": { properties: [], source: `${TF}/../transitgateway/transit_gateway.go: amazon_side_asn and options modified in place (ModifyTransitGateway)` },
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": { properties: ["transitGatewayId", "vpcId"], source: `${TF}/../transitgateway/vpc_attachment.go: ForceNew on transit_gateway_id, vpc_id` },
  "aws:ec2transitgateway/routeTable:RouteTable": { properties: ["transitGatewayId"], source: `${TF}/../transitgateway/route_table.go: ForceNew on transit_gateway_id` },
  "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": { properties: ["transitGatewayAttachmentId", "transitGatewayRouteTableId"], source: `${TF}/../transitgateway/route_table_association.go: ForceNew on both` },
  "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": { properties: ["transitGatewayAttachmentId", "transitGatewayRouteTableId"], source: `${TF}/../transitgateway/route_table_propagation.go: ForceNew on both` },
  "random:index/randomPassword:RandomPassword": {
    properties: ["keepers", "length", "special", "overrideSpecial", "minLower", "minUpper", "minNumeric", "minSpecial", "upper", "lower", "numeric"],
    source: "hashicorp/terraform-provider-random internal/provider/resource_password.go: every attribute RequiresReplace",
  },
  "azure-native:resources:ResourceGroup": { properties: ["resourceGroupName"], source: AZURE_PATH },
  "azure-native:network:VirtualNetwork": { properties: ["resourceGroupName", "virtualNetworkName"], source: AZURE_PATH },
  "azure-native:network:Subnet": { properties: ["resourceGroupName", "virtualNetworkName", "subnetName"], source: AZURE_PATH },
  "azure-native:network:PublicIPAddress": { properties: ["resourceGroupName", "publicIpAddressName"], source: AZURE_PATH },
  "azure-native:network:VirtualNetworkGateway": { properties: ["resourceGroupName", "virtualNetworkGatewayName"], source: AZURE_PATH },
  "azure-native:network:LocalNetworkGateway": { properties: ["resourceGroupName", "localNetworkGatewayName"], source: AZURE_PATH },
  "azure-native:network:VirtualNetworkGatewayConnection": { properties: ["resourceGroupName", "virtualNetworkGatewayConnectionName"], source: AZURE_PATH },
  "azure-native:network:VirtualNetworkPeering": { properties: ["resourceGroupName", "virtualNetworkName", "virtualNetworkPeeringName"], source: AZURE_PATH },
  "azure-native:network:NetworkSecurityGroup": { properties: ["resourceGroupName", "networkSecurityGroupName"], source: AZURE_PATH },
  "azure-native:network:NetworkInterface": { properties: ["resourceGroupName", "networkInterfaceName"], source: AZURE_PATH },
  "azure-native:compute:VirtualMachine": { properties: ["resourceGroupName", "vmName"], source: AZURE_PATH },
};

/** Inputs of a type whose change forces a replacement (unknown types: none known, reported). */
export function replaceTriggers(type: string): readonly string[] | undefined {
  return REPLACE_TRIGGERS[type]?.properties;
}
