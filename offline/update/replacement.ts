/**
 * The one table of how the providers answer the engine's Diff for the types we use, and what a
 * replacement keeps. The update model reads it, and so does the fake cloud (tests/engine/).
 *
 * Exported shape (REPLACE_TRIGGERS, one row per resource type token):
 *   {
 *     properties: readonly string[];   // top-level inputs whose change makes Diff answer "replace"
 *     source: string;                  // where that comes from
 *     deleteBeforeReplace?: string;    // present only when the provider's Diff asks for
 *                                      // delete-before-replace on every replacement it reports: the source
 *     autoName?: string;               // the name input: when the program leaves it out, the provider
 *                                      // picks a random name, keeps nothing and never asks for
 *                                      // delete-before-replace (azure-native's __createBeforeDelete)
 *     keeps: { outputs: readonly string[]; source: string };
 *                                      // computed outputs that keep their value when the resource is
 *                                      // replaced (outputs that echo an input always carry the new
 *                                      // input); every other computed output, `id` included unless
 *                                      // listed, is new
 *   }
 *
 * Bridged AWS resources follow the Terraform AWS provider's `ForceNew` and pulumi-aws's
 * ResourceInfo; azure-native replaces on a change of a URL path property or of a body property
 * marked ForceNew, and asks for delete-before-replace on every replacement of a resource whose
 * name the program set (docs/constraints.md, "Update model").
 */
import { TYPES } from "../../infra/types";

export interface KeptOutputs {
  readonly outputs: readonly string[];
  readonly source: string;
}

export interface ReplaceRule {
  readonly properties: readonly string[];
  readonly source: string;
  readonly deleteBeforeReplace?: string;
  readonly autoName?: string;
  readonly keeps: KeptOutputs;
}

const TF = "hashicorp/terraform-provider-aws internal/service/ec2";
const TF_SVC = "hashicorp/terraform-provider-aws internal/service";
const AZURE_PATH = "pulumi/pulumi-azure-native provider/pkg/provider/diff.go calculateDetailedDiff: every PUT parameter with location \"path\" forces replacement";
const AZURE_DBR = "pulumi/pulumi-azure-native provider/pkg/provider/provider.go Diff: deleteBeforeReplace := len(replaces) > 0, unless the name was auto-generated (__createBeforeDelete); every Azure name here is set by the program";
const BRIDGE_DBR = (resource: string): string => `pulumi/pulumi-aws provider/resource_overrides.go: "${resource}" has ResourceInfo.DeleteBeforeReplace: true; pulumi/pulumi-terraform-bridge pkg/tfbridge/provider.go Diff: deleteBeforeReplace := len(replaces) > 0 && (res.Schema.DeleteBeforeReplace || nameRequiresDeleteBeforeReplace(...))`;

/** An Azure resource re-created under the same name has the same resource id (and name). */
const AZURE_KEEPS: KeptOutputs = { outputs: ["id", "name"], source: "Azure Resource Manager: a resource id is the URL path (subscription, group, provider, type, name); azure-native returns it as the id (provider.go Create: id from PrepareAzureRESTIdAndQuery / the response's id)" };
/** A re-created public IP gets a new address. */
const AZURE_PIP_KEEPS: KeptOutputs = { outputs: ["id", "name"], source: `${AZURE_KEEPS.source}; a Static public IP's address is allocated at creation (Azure public IP docs: the address is released when the resource is deleted), so ipAddress is new` };
/** AWS assigns a new id (and ARN) to every created object. */
const AWS_KEEPS: KeptOutputs = { outputs: [], source: "AWS EC2/CloudWatch/SNS Create* APIs return a new id or ARN per created object; the bridge's id is that id" };
/** AWS objects whose id is the name the program gave (a log group, a topic name, an alarm name). */
const AWS_NAMED_KEEPS: KeptOutputs = { outputs: [], source: "the id and ARN embed a generated name (Pulumi auto-naming adds a random suffix per create), so they are new" };
/** terraform-provider-random sets the id to "none" and generates a new result per create. */
const RANDOM_KEEPS: KeptOutputs = { outputs: ["id"], source: "hashicorp/terraform-provider-random internal/provider/resource_password.go: ID is \"none\"; result is generated on Create" };

const azure = (properties: readonly string[], keeps: KeptOutputs = AZURE_KEEPS, extra = ""): ReplaceRule => ({
  properties,
  source: `${AZURE_PATH}${extra}`,
  deleteBeforeReplace: AZURE_DBR,
  autoName: properties[properties.length - 1],
  keeps,
});
/** pulumi-aws 7 (terraform-provider-aws 6) gives every regional resource a `region` input; a change of it replaces. */
const AWS_REGION = "hashicorp/terraform-provider-aws website/docs/guides/enhanced-region-support.html.markdown, \"How region works\": region is Optional and Computed, defaults to the provider's Region; \"Changing the value of region will force resource replacement\"";
const aws = (properties: readonly string[], source: string, extra: Partial<ReplaceRule> = {}): ReplaceRule => ({ properties: [...properties, "region"], source: `${source}; region: ${AWS_REGION}`, keeps: AWS_KEEPS, ...extra });

export const REPLACE_TRIGGERS: Readonly<Record<string, ReplaceRule>> = {
  [TYPES.vpnConnection]: aws(
    ["type", "staticRoutesOnly", "tunnelInsideIpVersion", "tunnel1InsideCidr", "tunnel2InsideCidr", "enableAcceleration", "tunnelBandwidth"],
    `${TF}/vpnsite_connection.go: ForceNew on static_routes_only, tunnel_inside_ip_version, tunnel{1,2}_inside_cidr, enable_acceleration; customer_gateway_id, vpn_gateway_id, transit_gateway_id and tunnel options are modified in place (resourceVPNConnectionUpdate calls ModifyVpnConnection for the first three; read 2026-12-06 at 050ac11163cab8cdae5936a7f40b0e528ff780df). tunnel_bandwidth: ForceNew since it was added (hashicorp/terraform-provider-aws#45070, 2025-11-14; in-place update requested in #47797, open 2026-05-07, after AWS allowed modifying it); AWS VPNTunnels.html 'Large Bandwidth Tunnels' (read 2026-12-02): "You can't modify an existing tunnel to use Large Bandwidth Tunnels"`,
  ),
  [TYPES.customerGateway]: aws(["bgpAsn", "ipAddress", "type", "deviceName", "certificateArn"], `${TF}/vpnsite_customer_gateway.go: ForceNew on bgp_asn, ip_address, type, device_name, certificate_arn`),
  [TYPES.vpnGateway]: aws(["amazonSideAsn", "availabilityZone"], `${TF}/vpnsite_gateway.go: ForceNew on amazon_side_asn, availability_zone`),
  [TYPES.vpnGatewayAttachment]: aws(["vpcId", "vpnGatewayId"], `${TF}/vpnsite_gateway_attachment.go: ForceNew on vpc_id, vpn_gateway_id`),
  [TYPES.vpnConnectionRoute]: aws(["vpnConnectionId", "destinationCidrBlock"], `${TF}/vpnsite_connection_route.go: ForceNew on both`),
  [TYPES.vpnGatewayRoutePropagation]: aws(["vpnGatewayId", "routeTableId"], `${TF}/vpc_route_table_propagation: ForceNew on both`),
  [TYPES.vpc]: aws(["cidrBlock"], `${TF}/vpc_.go: ForceNew on cidr_block`),
  [TYPES.awsSubnet]: aws(["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"], `${TF}/vpc_subnet.go: ForceNew on vpc_id, cidr_block, availability_zone(_id)`),
  [TYPES.routeTable]: aws(["vpcId"], `${TF}/vpc_route_table.go: ForceNew on vpc_id`),
  [TYPES.routeTableAssociation]: aws(["subnetId", "gatewayId"], `${TF}/vpc_route_table_association.go: ForceNew on subnet_id, gateway_id (route_table_id is replaced in place)`),
  [TYPES.route]: aws(["routeTableId", "destinationCidrBlock"], `${TF}/vpc_route.go: ForceNew on route_table_id and the destination`),
  [TYPES.internetGateway]: aws([], `${TF}/vpc_internet_gateway.go: vpc_id attaches/detaches in place`),
  [TYPES.securityGroup]: aws(["vpcId", "name", "description"], `${TF}/vpc_security_group.go: ForceNew on vpc_id, name, description`),
  [TYPES.securityGroupRule]: aws(
    ["type", "fromPort", "toPort", "protocol", "cidrBlocks", "ipv6CidrBlocks", "prefixListIds", "securityGroupId", "sourceSecurityGroupId", "self"],
    `${TF}/vpc_security_group_rule.go: ForceNew on every attribute but description`,
    { deleteBeforeReplace: BRIDGE_DBR("aws_security_group_rule") },
  ),
  [TYPES.securityGroupIngressRule]: aws(["securityGroupId"], `${TF}/vpc_security_group_ingress_rule.go (plugin framework): security_group_id RequiresReplace; the rule's other attributes are modified in place (ModifySecurityGroupRules)`),
  [TYPES.keyPair]: aws(["publicKey", "keyName", "keyNamePrefix"], `${TF}/ec2_key_pair.go: ForceNew on public_key, key_name, key_name_prefix`),
  [TYPES.instance]: aws(["ami", "subnetId", "keyName", "availabilityZone", "associatePublicIpAddress"], `${TF}/ec2_instance.go: ForceNew on ami, subnet_id, key_name, availability_zone, associate_public_ip_address`),
  [TYPES.transitGateway]: aws([], `${TF}/../transitgateway/transit_gateway.go: amazon_side_asn and options modified in place (ModifyTransitGateway)`),
  [TYPES.tgwVpcAttachment]: aws(
    ["transitGatewayId", "vpcId"],
    `${TF}/../transitgateway/vpc_attachment.go: ForceNew on transit_gateway_id, vpc_id (subnet_ids modified in place)`,
    { deleteBeforeReplace: BRIDGE_DBR("aws_ec2_transit_gateway_vpc_attachment") },
  ),
  [TYPES.tgwRouteTable]: aws(["transitGatewayId"], `${TF}/../transitgateway/route_table.go: ForceNew on transit_gateway_id`),
  [TYPES.tgwAssociation]: aws(["transitGatewayAttachmentId", "transitGatewayRouteTableId"], `${TF}/../transitgateway/route_table_association.go: ForceNew on both`),
  [TYPES.tgwPropagation]: aws(["transitGatewayAttachmentId", "transitGatewayRouteTableId"], `${TF}/../transitgateway/route_table_propagation.go: ForceNew on both`),
  [TYPES.logGroup]: aws(["name", "namePrefix", "logGroupClass"], `${TF_SVC}/logs/group.go: ForceNew on name, name_prefix, log_group_class`, { keeps: AWS_NAMED_KEEPS }),
  [TYPES.metricAlarm]: aws(["name"], `${TF_SVC}/cloudwatch/metric_alarm.go: ForceNew on alarm_name (pulumi-aws maps it to name)`, { keeps: AWS_NAMED_KEEPS }),
  [TYPES.topic]: aws(["name", "namePrefix", "fifoTopic"], `${TF_SVC}/sns/topic.go: ForceNew on name, name_prefix, fifo_topic`, { keeps: AWS_NAMED_KEEPS }),
  [TYPES.topicSubscription]: aws(["topic", "protocol", "endpoint"], `${TF_SVC}/sns/topic_subscription.go: ForceNew on topic_arn (pulumi-aws: topic), protocol, endpoint`),
  [TYPES.password]: {
    properties: ["keepers", "length", "special", "overrideSpecial", "minLower", "minUpper", "minNumeric", "minSpecial", "upper", "lower", "numeric"],
    source: "hashicorp/terraform-provider-random internal/provider/resource_password.go: every attribute RequiresReplace",
    keeps: RANDOM_KEEPS,
  },
  [TYPES.resourceGroup]: azure(["resourceGroupName"]),
  [TYPES.vnet]: azure(["resourceGroupName", "virtualNetworkName"]),
  [TYPES.subnet]: azure(["resourceGroupName", "virtualNetworkName", "subnetName"]),
  [TYPES.publicIp]: azure(["resourceGroupName", "publicIpAddressName"], AZURE_PIP_KEEPS),
  [TYPES.gateway]: azure(["resourceGroupName", "virtualNetworkGatewayName"]),
  [TYPES.lng]: azure(["resourceGroupName", "localNetworkGatewayName"]),
  [TYPES.connection]: azure(["resourceGroupName", "virtualNetworkGatewayConnectionName"]),
  [TYPES.vnetPeering]: azure(["resourceGroupName", "virtualNetworkName", "virtualNetworkPeeringName"]),
  // AzureSpokes' provider for an existing spoke's subscription: its logical name carries the
  // subscription, so another subscription is another provider (a create and a delete), never a change.
  [TYPES.azureProvider]: { properties: [], source: "infra/components/azureSpokes.ts spokeProviderName: one explicit provider per subscription, named by it; its only input, subscriptionId, never changes under one name", keeps: AZURE_KEEPS },
  [TYPES.nsg]: azure(["resourceGroupName", "networkSecurityGroupName"]),
  [TYPES.securityRule]: azure(["resourceGroupName", "networkSecurityGroupName", "securityRuleName"]),
  [TYPES.nic]: azure(["resourceGroupName", "networkInterfaceName"]),
  [TYPES.vm]: azure(["resourceGroupName", "vmName"]),
  [TYPES.workspace]: azure(["resourceGroupName", "workspaceName"]),
  // PUT {resourceUri}/providers/Microsoft.Insights/diagnosticSettings/{name}: the target is in the path.
  [TYPES.diagnosticSetting]: azure(["resourceUri", "name"]),
  [TYPES.actionGroup]: azure(["resourceGroupName", "actionGroupName"]),
  [TYPES.metricAlert]: azure(["resourceGroupName", "ruleName"]),
};

/** Inputs of a type whose change forces a replacement (unknown types: none known, reported). */
export function replaceTriggers(type: string): readonly string[] | undefined {
  return REPLACE_TRIGGERS[type]?.properties;
}

const autoNamed = (row: ReplaceRule, inputs: Readonly<Record<string, unknown>>): boolean => row.autoName !== undefined && inputs[row.autoName] === undefined;

/** Whether the provider asks for delete-before-replace when its Diff reports a replacement. */
export function providerDeletesFirst(type: string, inputs: Readonly<Record<string, unknown>>): boolean {
  const row = REPLACE_TRIGGERS[type];
  return row?.deleteBeforeReplace !== undefined && !autoNamed(row, inputs);
}

/** The computed outputs of a resource that keep their value across a replacement. */
export function keptOutputs(type: string, inputs: Readonly<Record<string, unknown>>): readonly string[] {
  const row = REPLACE_TRIGGERS[type];
  return row === undefined || autoNamed(row, inputs) ? [] : row.keeps.outputs;
}
