/**
 * What the clouds' lookups of an existing hub answer in the offline plan: placeholders shaped as
 * the lookups return them, made to serve the tunnels the stack declares (a route-based gateway of
 * the stack's mode, with the APIPA addresses its tunnels use), so that the plan shows the whole
 * deployment. The real values are read at deploy and checked there (infra/hub.ts); the plan marks
 * every value it takes from here as read at deploy (EXISTING_READ). Public IPs come from
 * 192.0.2.0/24 (RFC 5737), apart from the created ones' 198.51.100.0/24.
 */
import { validateConfig, type RawConfig, type VpnConfig } from "../infra/config";
import { AZURE_DEFAULT_ASN, hubPlan } from "../infra/hub";
import { parseAzureId } from "../infra/resourceIds";
import { planTopology } from "../infra/topology";
import { MOCK_SUBSCRIPTION_ID, type LookupAnswers } from "./mocks";

/** The Amazon-side ASN the placeholders give an existing AWS gateway (AWS's default). */
export const PLACEHOLDER_AMAZON_ASN = 64512;

/** What the plan says of each value it shows from an existing part. */
export const EXISTING_READ = "read from the existing gateway at deploy (placeholder offline)";

/** The instance's placeholder public IP: 192.0.2.<10 + instance>. */
export const placeholderPublicIp = (instance: number): string => `192.0.2.${10 + instance}`;

/** The lookups' placeholder answers for a stack's existing hub; none when its config does not validate. */
export function placeholderLookups(raw: RawConfig, stack: string): LookupAnswers | undefined {
  const result = validateConfig(raw, stack);
  if (!result.ok) return undefined;
  const subscription = raw["azure-native:subscriptionId"];
  return answersFor(result.config, typeof subscription === "string" ? subscription : undefined);
}

function answersFor(config: VpnConfig, stackSubscription: string | undefined): LookupAnswers | undefined {
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

/** The name of an existing Azure gateway's resource id, for the plan. */
export function existingGatewayName(id: string | undefined): string | undefined {
  return id === undefined ? undefined : parseAzureId(id, "virtualNetworkGateways")?.name;
}
