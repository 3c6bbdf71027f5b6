/**
 * What the clouds' lookups of an existing hub answer in the offline plan: placeholders shaped as
 * the lookups return them, made to serve the tunnels the stack declares (a route-based gateway of
 * the stack's mode, with the APIPA addresses its tunnels use), so that the plan shows the whole
 * deployment. The real values are read at deploy and checked there (infra/hub.ts); the plan marks
 * every value it takes from here as read at deploy (EXISTING_READ). Public IPs come from
 * 192.0.2.0/24 (RFC 5737), apart from the created ones' 198.51.100.0/24.
 */
import { qualified, validateConfig, type RawConfig, type VpnConfig } from "../infra/config";
import { AZURE_DEFAULT_ASN, hubPlan } from "../infra/hub";
import { parseAzureId } from "../infra/resourceIds";
import { planTopology } from "../infra/topology";
import { list, text } from "../infra/props";
import { TYPES } from "../infra/types";
import type { Evaluation, RegisteredResource } from "./evaluation";
import { MOCK_SUBSCRIPTION_ID, type LookupAnswers } from "./mocks";

/** The Amazon-side ASN the placeholders give an existing AWS gateway (AWS's default). */
const PLACEHOLDER_AMAZON_ASN = 64512;

/** What the plan says of each value it shows from an existing part. */
const EXISTING_READ = "read from the existing gateway at deploy (placeholder offline)";

/** The instance's placeholder public IP: 192.0.2.<10 + instance>. */
const placeholderPublicIp = (instance: number): string => `192.0.2.${10 + instance}`;

/** The keys that name an existing hub: a stack without them looks nothing up. */
const EXISTING_KEYS = [qualified("existingAzure"), qualified("existingAws")];

/**
 * The lookups' placeholder answers for a stack's existing hub; none when it names none or its
 * config does not validate (validated only then: every evaluation asks).
 */
export function placeholderLookups(raw: RawConfig, stack: string): LookupAnswers | undefined {
  if (!EXISTING_KEYS.some((key) => raw[key] !== undefined)) return undefined;
  const result = validateConfig(raw, stack);
  return result.ok ? lookupsFor(result.config, raw) : undefined;
}

/** The placeholder answers for a validated config, which `raw` (its stack's config) deploys. */
export function lookupsFor(config: VpnConfig, raw: RawConfig): LookupAnswers | undefined {
  const subscription = raw["azure-native:subscriptionId"];
  const stackSubscription = typeof subscription === "string" ? subscription : undefined;
  const hub = hubPlan(config);
  if (!hub.anyExisting) return undefined;
  const topology = planTopology(config);
  const instances = topology.publicIpNames.length;
  // The stack deploys where its login points: the stack's subscription if it sets one, else the existing hub's.
  const subscriptionId = stackSubscription ?? hub.azure.gateway?.subscriptionId ?? hub.azure.vnet?.subscriptionId;
  return (token, args) => {
    switch (token) {
      case "azure-native:authorization:getClientConfig":
        return subscriptionId === undefined ? undefined : { subscriptionId, tenantId: MOCK_SUBSCRIPTION_ID, clientId: MOCK_SUBSCRIPTION_ID, objectId: MOCK_SUBSCRIPTION_ID };
      case "azure-native:network:getVirtualNetworkGateway": {
        const gateway = hub.azure.gateway;
        if (gateway === undefined || args["virtualNetworkGatewayName"] !== gateway.name) return undefined;
        const configs = Array.from({ length: instances }, (_, i) => ({
          id: `${gateway.id}/ipConfigurations/gw-ipconfig-${i + 1}`,
          name: `gw-ipconfig-${i + 1}`,
          publicIPAddress: { id: `/subscriptions/${gateway.subscriptionId}/resourceGroups/${gateway.resourceGroupName}/providers/Microsoft.Network/publicIPAddresses/${gateway.name}-pip-${i + 1}` },
          subnet: { id: `${hub.azure.vnet?.id ?? ""}/subnets/GatewaySubnet` },
        }));
        return {
          id: gateway.id,
          name: gateway.name,
          location: config.azureLocation,
          gatewayType: "Vpn",
          vpnType: "RouteBased",
          sku: { name: "VpnGw1AZ", tier: "VpnGw1AZ" },
          vpnGatewayGeneration: "Generation1",
          activeActive: config.activeActive,
          enableBgp: config.routing === "bgp",
          bgpSettings: {
            asn: AZURE_DEFAULT_ASN,
            bgpPeeringAddresses: configs.map((c, i) => ({ ipconfigurationId: c.id, customBgpIpAddresses: topology.apipaByInstance[i] ?? [] })),
          },
          ipConfigurations: configs,
        };
      }
      case "azure-native:network:getPublicIPAddress": {
        const name = typeof args["publicIpAddressName"] === "string" ? args["publicIpAddressName"] : "";
        const gateway = hub.azure.gateway;
        const instance = gateway === undefined ? -1 : Array.from({ length: instances }, (_, i) => `${gateway.name}-pip-${i + 1}`).indexOf(name);
        if (instance < 0) return undefined;
        return { name, ipAddress: placeholderPublicIp(instance), publicIPAllocationMethod: "Static" };
      }
      case "aws:ec2/getVpnGateway:getVpnGateway":
        if (hub.aws.vpnGatewayId === undefined || args["id"] !== hub.aws.vpnGatewayId) return undefined;
        return { id: hub.aws.vpnGatewayId, amazonSideAsn: String(PLACEHOLDER_AMAZON_ASN), attachedVpcId: hub.aws.vpcId ?? "", state: "available" };
      case "aws:ec2transitgateway/getTransitGateway:getTransitGateway":
        if (hub.aws.transitGatewayId === undefined || args["id"] !== hub.aws.transitGatewayId) return undefined;
        return {
          id: hub.aws.transitGatewayId,
          amazonSideAsn: PLACEHOLDER_AMAZON_ASN,
          vpnEcmpSupport: "enable",
          defaultRouteTableAssociation: "disable",
          defaultRouteTablePropagation: "disable",
          associationDefaultRouteTableId: "",
          propagationDefaultRouteTableId: "",
        };
      default:
        return undefined;
    }
  };
}

/** The hub parts a stack references, each with what the deployment reads of it (the plan's summary). */
export function existingParts(config: VpnConfig): string[] {
  const hub = hubPlan(config);
  const parts: string[] = [];
  if (!hub.azure.createsResourceGroup && hub.azure.vnet === undefined && hub.azure.gateway === undefined) parts.push(`Azure resource group ${hub.azure.resourceGroupName}`);
  if (hub.azure.vnet) parts.push(`Azure VNet ${hub.azure.vnet.name} (${hub.azure.vnet.resourceGroupName}); the program's Azure resources go in ${hub.azure.resourceGroupName}`);
  if (hub.azure.gateway) parts.push(`Azure VPN gateway ${hub.azure.gateway.name}: its SKU and generation, public IPs, ASN, IP configurations and APIPA addresses ${EXISTING_READ}`);
  if (hub.aws.vpcId) parts.push(`AWS VPC ${hub.aws.vpcId}, route tables ${(config.existingAws.routeTableIds ?? []).join(", ")}`);
  if (hub.aws.vpnGatewayId) parts.push(`AWS virtual private gateway ${hub.aws.vpnGatewayId}: its ASN and attachment ${EXISTING_READ.replace("gateway", "virtual private gateway")}`);
  if (hub.aws.transitGatewayId) parts.push(`AWS transit gateway ${hub.aws.transitGatewayId} (route table ${hub.aws.transitGatewayRouteTableId ?? "?"}): its ASN, ECMP and default route table settings ${EXISTING_READ.replace("gateway", "transit gateway")}`);
  return parts;
}

/** An existing resource as the lookups answered it: read, never declared, so no step of an update can touch it. */
function readResource(type: string, id: string, name: string, values: Record<string, unknown>): RegisteredResource {
  return {
    urn: `existing::${id}`,
    type,
    name,
    custom: true,
    inputs: values,
    secretInputPaths: [],
    state: values,
    id,
    protect: false,
    dependencies: [],
    propertyDependencies: {},
    aliases: [],
    deleteBeforeReplace: false,
    replaceOnChanges: [],
    ignoreChanges: [],
    replaceWith: [],
    requestedAtMs: 0,
    createdAtMs: 0,
  };
}

/**
 * The existing hub as the deployment reads it (offline: the placeholders): the Azure gateway and
 * its public IPs, the AWS gateway, and the existing networks with the prefixes the stack states,
 * for the joins that follow a tunnel to its gateways (the plan's tunnel and BGP tables, interop's
 * derivation). Never among the evaluation's resources: nothing declares them.
 */
export function existingHubResources(evaluation: Evaluation): RegisteredResource[] {
  const config = evaluation.config;
  if (config === undefined) return [];
  const hub = hubPlan(config);
  const answers = lookupsFor(config, evaluation.raw);
  if (answers === undefined) return [];
  const found: RegisteredResource[] = [];
  // The networks' prefixes are the stack's statement of them (vnetAddressSpace, vpcCidr).
  if (hub.azure.vnet) found.push(readResource(TYPES.vnet, hub.azure.vnet.id, hub.azure.vnet.name, { addressSpace: { addressPrefixes: config.vnetAddressSpace } }));
  if (hub.aws.vpcId) found.push(readResource(TYPES.vpc, hub.aws.vpcId, hub.aws.vpcId, { cidrBlock: config.vpcCidr }));
  const awsGateway = hub.aws.transitGatewayId !== undefined
    ? { type: TYPES.transitGateway, id: hub.aws.transitGatewayId, token: "aws:ec2transitgateway/getTransitGateway:getTransitGateway" }
    : hub.aws.vpnGatewayId !== undefined ? { type: TYPES.vpnGateway, id: hub.aws.vpnGatewayId, token: "aws:ec2/getVpnGateway:getVpnGateway" } : undefined;
  const awsRead = awsGateway && answers(awsGateway.token, { id: awsGateway.id });
  if (awsGateway && awsRead) found.push(readResource(awsGateway.type, awsGateway.id, awsGateway.id, awsRead));
  const gateway = hub.azure.gateway;
  const read = gateway && answers("azure-native:network:getVirtualNetworkGateway", { resourceGroupName: gateway.resourceGroupName, virtualNetworkGatewayName: gateway.name });
  if (gateway === undefined || read === undefined) return found;
  const publicIps = list(read, "ipConfigurations").flatMap((ipConfiguration) => {
    const id = text(ipConfiguration, "publicIPAddress", "id");
    const parsed = id === undefined ? undefined : parseAzureId(id, "publicIPAddresses");
    const answer = parsed && answers("azure-native:network:getPublicIPAddress", { resourceGroupName: parsed.resourceGroupName, publicIpAddressName: parsed.name });
    return id && parsed && answer ? [readResource(TYPES.publicIp, id, parsed.name, answer)] : [];
  });
  return [...found, readResource(TYPES.gateway, gateway.id, gateway.name, read), ...publicIps];
}
