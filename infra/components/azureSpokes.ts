import * as pulumi from "@pulumi/pulumi";
import * as azureNetwork from "@pulumi/azure-native/network";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import { parseVnetId, spokePeeringNames, type AzureSpokeConfig } from "../spokes";
import { azureTags } from "../tags";
import { vnetWithSubnets } from "./azureVnet";
import { TYPES } from "../types";

// Provider submodules, not the packages' roots (see azureSide.ts).
const azure = { network: azureNetwork };

export interface AzureSpokesArgs {
  /** The spoke VNets (plain: they decide the resources). */
  spokes: AzureSpokeConfig[];
  /** Azure region of created spokes. */
  location: pulumi.Input<string>;
  /** The hub's resource group (created spokes go there too). */
  resourceGroupName: pulumi.Input<string>;
  /** The hub VNet's name (plain: it names the peerings). */
  hubVnetName: string;
  /** The hub VNet's resource id. */
  hubVnetId: pulumi.Input<string>;
  /** The hub VNet's resource group, where its peerings go (default resourceGroupName; an existing hub VNet's own). */
  hubVnetResourceGroupName?: pulumi.Input<string>;
  /** The hub's VPN gateway when the stack creates it: gateway transit and remote gateways need it to exist (an existing one does). */
  gateway?: pulumi.Resource;
  /** Tags on every created spoke VNet, with managed-by (plain). */
  tags?: Record<string, string>;
}

/**
 * The logical name of the explicit azure-native provider for an existing spoke's subscription
 * (one per subscription, GUIDs compared case-insensitively).
 */
export function spokeProviderName(componentName: string, subscriptionId: string): string {
  return `${componentName}-subscription-${subscriptionId.toLowerCase()}`;
}

/**
 * Azure spoke VNets peered with the gateway VNet: created VNets (with their subnets) or existing
 * ones by id. Each pair of peerings lets the spoke use the hub's VPN gateway: the hub side allows
 * gateway transit, the spoke side uses remote gateways, after the gateway exists; the gateway then
 * advertises the spoke's prefixes to AWS over BGP, and the spoke learns AWS's.
 *
 * An existing spoke may be in another subscription than the hub (the landing-zone layout): its
 * spoke-side peering is a child of the spoke VNet, so it is created through an explicit
 * azure-native provider for the subscription in the spoke's `vnetId` (one per subscription, a
 * child of this component), whatever subscription the stack's own provider has; the hub-side
 * peering names the spoke by its full resource id, subscription included. The explicit provider
 * authenticates as azure-native does without stack config (ARM_* variables, the Azure CLI's
 * login, a managed identity); the identity needs network contributor rights on the spoke VNet.
 */
export class AzureSpokes extends pulumi.ComponentResource {
  /** Resource id of each spoke VNet, in spoke order. */
  public readonly vnetIds: pulumi.Output<string>[];

  constructor(name: string, args: AzureSpokesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.azureSpokes, name, {}, opts);
    const parent = { parent: this };

    const providers = new Map<string, AzureProvider>();
    const providerFor = (subscriptionId: string): AzureProvider => {
      const key = subscriptionId.toLowerCase();
      let provider = providers.get(key);
      if (provider === undefined) {
        provider = new AzureProvider(spokeProviderName(name, subscriptionId), { subscriptionId: key }, parent);
        providers.set(key, provider);
      }
      return provider;
    };

    this.vnetIds = args.spokes.map((spoke) => {
      const n = `${name}-${spoke.name}`;
      /** The spoke-side peering's provider: an existing spoke's own subscription, else the stack's. */
      let spokeProvider: AzureProvider | undefined;
      let vnetId: pulumi.Output<string>;
      let spokeGroup: pulumi.Input<string>;
      let spokeVnetName: pulumi.Input<string>;
      if (spoke.vnetId === undefined) {
        const { vnet } = vnetWithSubnets(n, {
          virtualNetworkName: spoke.name,
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          addressPrefixes: spoke.addressSpace,
          subnets: spoke.subnets ?? [],
          tags: azureTags(args.tags),
        }, this);
        vnetId = vnet.id;
        spokeGroup = args.resourceGroupName;
        spokeVnetName = vnet.name;
      } else {
        const parsed = parseVnetId(spoke.vnetId);
        if (parsed === undefined) throw new Error(`azureSpokes ${spoke.name}: vnetId ${spoke.vnetId} is not a virtual network resource id (validation should have refused it)`);
        vnetId = pulumi.output(spoke.vnetId);
        spokeGroup = parsed.resourceGroupName;
        spokeVnetName = parsed.vnetName;
        spokeProvider = providerFor(parsed.subscriptionId);
      }
      const peeringNames = spokePeeringNames(args.hubVnetName, spoke.name);
      const hubPeering = new azure.network.VirtualNetworkPeering(`${n}-hub-peering`, {
        virtualNetworkPeeringName: peeringNames.hub,
        resourceGroupName: args.hubVnetResourceGroupName ?? args.resourceGroupName,
        virtualNetworkName: args.hubVnetName,
        remoteVirtualNetwork: { id: vnetId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: true,
        useRemoteGateways: false,
      }, { ...parent, dependsOn: args.gateway ? [args.gateway] : [] });
      new azure.network.VirtualNetworkPeering(`${n}-spoke-peering`, {
        virtualNetworkPeeringName: peeringNames.spoke,
        resourceGroupName: spokeGroup,
        virtualNetworkName: spokeVnetName,
        remoteVirtualNetwork: { id: args.hubVnetId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        // Azure refuses remote gateways until the remote VNet has a gateway and allows transit.
        useRemoteGateways: true,
      }, { ...parent, dependsOn: [...(args.gateway ? [args.gateway] : []), hubPeering], ...(spokeProvider ? { provider: spokeProvider } : {}) });
      return vnetId;
    });

    this.registerOutputs({ vnetIds: this.vnetIds });
  }
}
