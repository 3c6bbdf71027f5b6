import * as pulumi from "@pulumi/pulumi";
import * as azureNetwork from "@pulumi/azure-native/network";
import { parseVnetId, spokePeeringNames, type AzureSpokeConfig } from "../spokes";
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
  /** The hub's VPN gateway: gateway transit and remote gateways need it to exist. */
  gateway: pulumi.Resource;
  /**
   * Settles (or fails, naming the spoke) once the stack's subscription is known to be every
   * existing spoke's: the peerings wait for it, so none is created in the wrong subscription.
   */
  subscriptionChecked?: pulumi.Output<unknown>;
}

/**
 * Azure spoke VNets peered with the gateway VNet: created VNets (with their subnets) or existing
 * ones by id. Each pair of peerings lets the spoke use the hub's VPN gateway: the hub side allows
 * gateway transit, the spoke side uses remote gateways, after the gateway exists; the gateway then
 * advertises the spoke's prefixes to AWS over BGP, and the spoke learns AWS's.
 */
export class AzureSpokes extends pulumi.ComponentResource {
  /** Resource id of each spoke VNet, in spoke order. */
  public readonly vnetIds: pulumi.Output<string>[];

  constructor(name: string, args: AzureSpokesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.azureSpokes, name, {}, opts);
    const parent = { parent: this };

    this.vnetIds = args.spokes.map((spoke) => {
      const n = `${name}-${spoke.name}`;
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
      }
      const peeringNames = spokePeeringNames(args.hubVnetName, spoke.name);
      const checked = args.subscriptionChecked;
      const afterCheck = (value: pulumi.Input<string>): pulumi.Input<string> => checked === undefined ? value : pulumi.all([value, checked]).apply(([v]) => v);
      const hubPeering = new azure.network.VirtualNetworkPeering(`${n}-hub-peering`, {
        virtualNetworkPeeringName: peeringNames.hub,
        resourceGroupName: afterCheck(args.resourceGroupName),
        virtualNetworkName: args.hubVnetName,
        remoteVirtualNetwork: { id: vnetId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: true,
        useRemoteGateways: false,
      }, { ...parent, dependsOn: [args.gateway] });
      new azure.network.VirtualNetworkPeering(`${n}-spoke-peering`, {
        virtualNetworkPeeringName: peeringNames.spoke,
        resourceGroupName: afterCheck(spokeGroup),
        virtualNetworkName: spokeVnetName,
        remoteVirtualNetwork: { id: args.hubVnetId },
        allowVirtualNetworkAccess: true,
        allowForwardedTraffic: true,
        allowGatewayTransit: false,
        // Azure refuses remote gateways until the remote VNet has a gateway and allows transit.
        useRemoteGateways: true,
      }, { ...parent, dependsOn: [args.gateway, hubPeering] });
      return vnetId;
    });

    this.registerOutputs({ vnetIds: this.vnetIds });
  }
}
