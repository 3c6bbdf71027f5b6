/**
 * Which input changes force a replacement, per resource type we use. Each row cites its source.
 * Bridged AWS resources follow the Terraform AWS provider's `ForceNew`; azure-native replaces on
 * a change of any property in the resource's URL path (pulumi/pulumi-azure-native#77).
 */
import { TYPES } from "../../infra/types";
export interface ReplaceRule {
  properties: readonly string[];
  source: string;
}

const TF = "hashicorp/terraform-provider-aws internal/service/ec2";
const AZURE_PATH = "pulumi/pulumi-azure-native#77: a change of a URL path property forces replacement";

export const REPLACE_TRIGGERS: Readonly<Record<string, ReplaceRule>> = {
  [TYPES.vpnConnection]: {
    properties: ["type", "staticRoutesOnly", "tunnelInsideIpVersion", "tunnel1InsideCidr", "tunnel2InsideCidr", "enableAcceleration", "tunnelBandwidth"],
    source: `${TF}/vpnsite_connection.go: ForceNew on static_routes_only, tunnel_inside_ip_version, tunnel{1,2}_inside_cidr, enable_acceleration; customer_gateway_id, vpn_gateway_id, transit_gateway_id and tunnel options are modified in place. tunnel_bandwidth: ForceNew since it was added (hashicorp/terraform-provider-aws#45070, 2025-11-14; in-place update requested in #47797, open 2026-05-07, after AWS allowed modifying it); AWS VPNTunnels.html 'Large Bandwidth Tunnels' (read 2026-12-02): "You can't modify an existing tunnel to use Large Bandwidth Tunnels"`,
  },
  [TYPES.customerGateway]: {
    properties: ["bgpAsn", "ipAddress", "type", "deviceName", "certificateArn"],
    source: `${TF}/vpnsite_customer_gateway.go: ForceNew on bgp_asn, ip_address, type, device_name, certificate_arn`,
  },
  [TYPES.vpnGateway]: {
    properties: ["amazonSideAsn", "availabilityZone"],
    source: `${TF}/vpnsite_gateway.go: ForceNew on amazon_side_asn, availability_zone`,
  },
  [TYPES.vpnGatewayAttachment]: { properties: ["vpcId", "vpnGatewayId"], source: `${TF}/vpnsite_gateway_attachment.go: ForceNew on vpc_id, vpn_gateway_id` },
  [TYPES.vpnConnectionRoute]: { properties: ["vpnConnectionId", "destinationCidrBlock"], source: `${TF}/vpnsite_connection_route.go: ForceNew on both` },
  [TYPES.vpnGatewayRoutePropagation]: { properties: ["vpnGatewayId", "routeTableId"], source: `${TF}/vpc_route_table_propagation: ForceNew on both` },
  [TYPES.vpc]: { properties: ["cidrBlock"], source: `${TF}/vpc_.go: ForceNew on cidr_block` },
  [TYPES.awsSubnet]: { properties: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"], source: `${TF}/vpc_subnet.go: ForceNew on vpc_id, cidr_block, availability_zone(_id)` },
  [TYPES.routeTable]: { properties: ["vpcId"], source: `${TF}/vpc_route_table.go: ForceNew on vpc_id` },
  [TYPES.routeTableAssociation]: { properties: ["subnetId", "gatewayId"], source: `${TF}/vpc_route_table_association.go: ForceNew on subnet_id, gateway_id (route_table_id is replaced in place)` },
  [TYPES.route]: { properties: ["routeTableId", "destinationCidrBlock"], source: `${TF}/vpc_route.go: ForceNew on route_table_id and the destination` },
  [TYPES.internetGateway]: { properties: [], source: `${TF}/vpc_internet_gateway.go: vpc_id attaches/detaches in place` },
  [TYPES.securityGroup]: { properties: ["vpcId", "name", "description"], source: `${TF}/vpc_security_group.go: ForceNew on vpc_id, name, description` },
  [TYPES.keyPair]: { properties: ["publicKey", "keyName"], source: `${TF}/ec2_key_pair.go: ForceNew on public_key, key_name` },
  [TYPES.instance]: { properties: ["ami", "subnetId", "keyName", "availabilityZone", "associatePublicIpAddress"], source: `${TF}/ec2_instance.go: ForceNew on ami, subnet_id, key_name, availability_zone, associate_public_ip_address` },
  [TYPES.transitGateway]: { properties: [], source: `${TF}/../transitgateway/transit_gateway.go: amazon_side_asn and options modified in place (ModifyTransitGateway)` },
  [TYPES.tgwVpcAttachment]: { properties: ["transitGatewayId", "vpcId"], source: `${TF}/../transitgateway/vpc_attachment.go: ForceNew on transit_gateway_id, vpc_id` },
  [TYPES.tgwRouteTable]: { properties: ["transitGatewayId"], source: `${TF}/../transitgateway/route_table.go: ForceNew on transit_gateway_id` },
  [TYPES.tgwAssociation]: { properties: ["transitGatewayAttachmentId", "transitGatewayRouteTableId"], source: `${TF}/../transitgateway/route_table_association.go: ForceNew on both` },
  [TYPES.tgwPropagation]: { properties: ["transitGatewayAttachmentId", "transitGatewayRouteTableId"], source: `${TF}/../transitgateway/route_table_propagation.go: ForceNew on both` },
  [TYPES.password]: {
    properties: ["keepers", "length", "special", "overrideSpecial", "minLower", "minUpper", "minNumeric", "minSpecial", "upper", "lower", "numeric"],
    source: "hashicorp/terraform-provider-random internal/provider/resource_password.go: every attribute RequiresReplace",
  },
  [TYPES.resourceGroup]: { properties: ["resourceGroupName"], source: AZURE_PATH },
  [TYPES.vnet]: { properties: ["resourceGroupName", "virtualNetworkName"], source: AZURE_PATH },
  [TYPES.subnet]: { properties: ["resourceGroupName", "virtualNetworkName", "subnetName"], source: AZURE_PATH },
  [TYPES.publicIp]: { properties: ["resourceGroupName", "publicIpAddressName"], source: AZURE_PATH },
  [TYPES.gateway]: { properties: ["resourceGroupName", "virtualNetworkGatewayName"], source: AZURE_PATH },
  [TYPES.lng]: { properties: ["resourceGroupName", "localNetworkGatewayName"], source: AZURE_PATH },
  [TYPES.connection]: { properties: ["resourceGroupName", "virtualNetworkGatewayConnectionName"], source: AZURE_PATH },
  [TYPES.vnetPeering]: { properties: ["resourceGroupName", "virtualNetworkName", "virtualNetworkPeeringName"], source: AZURE_PATH },
  [TYPES.nsg]: { properties: ["resourceGroupName", "networkSecurityGroupName"], source: AZURE_PATH },
  [TYPES.nic]: { properties: ["resourceGroupName", "networkInterfaceName"], source: AZURE_PATH },
  [TYPES.vm]: { properties: ["resourceGroupName", "vmName"], source: AZURE_PATH },
};

/** Inputs of a type whose change forces a replacement (unknown types: none known, reported). */
export function replaceTriggers(type: string): readonly string[] | undefined {
  return REPLACE_TRIGGERS[type]?.properties;
}
