// A VNet and its subnets, as the hub (AzureSide) and created spokes (AzureSpokes) both declare them. Only wires resources.
import * as pulumi from "@pulumi/pulumi";
import * as azureNetwork from "@pulumi/azure-native/network";
import type { NamedCidr } from "../config";

// Provider submodules, not the packages' roots (see azureSide.ts).
const azure = { network: azureNetwork };

/** What a VNet and its subnets are made from. */
export interface VnetWithSubnetsArgs {
  /** The VNet's name in Azure. */
  virtualNetworkName: pulumi.Input<string>;
  resourceGroupName: pulumi.Input<string>;
  location: pulumi.Input<string>;
  addressPrefixes: pulumi.Input<pulumi.Input<string>[]>;
  /** One subnet resource each, named `<name>-subnet-<subnet name>`. */
  subnets: readonly NamedCidr[];
  /** The VNet's tags (subnets take none). */
  tags: Record<string, string>;
}

/** `<name>-vnet` and its subnets, children of `parent`, the VNet first. */
export function vnetWithSubnets(
  name: string,
  args: VnetWithSubnetsArgs,
  parent: pulumi.Resource,
): { vnet: azureNetwork.VirtualNetwork; subnets: azureNetwork.Subnet[] } {
  const vnet = new azure.network.VirtualNetwork(`${name}-vnet`, {
    virtualNetworkName: args.virtualNetworkName,
    resourceGroupName: args.resourceGroupName,
    location: args.location,
    addressSpace: { addressPrefixes: args.addressPrefixes },
    tags: args.tags,
  }, {
    parent,
    // Subnets and (spoke) peerings are separate resources; without this every VNet update would try to remove them.
    ignoreChanges: ["subnets", "virtualNetworkPeerings"],
  });
  const subnets = args.subnets.map((subnet) =>
    new azure.network.Subnet(`${name}-subnet-${subnet.name}`, {
      subnetName: subnet.name,
      resourceGroupName: args.resourceGroupName,
      virtualNetworkName: vnet.name,
      addressPrefix: subnet.cidr,
    }, { parent }),
  );
  return { vnet, subnets };
}

/**
 * A resource's name, as an output of the resources it holds: the same value, but recorded as fed
 * by them. Pulumi deletes ahead of a delete-before-replace resource only the dependents whose
 * provider answers "replace" to their old inputs with every input fed by the replaced set unknown;
 * a name is a URL path property in azure-native, so this makes the holder one of them.
 */
export function heldBy(name: string, held: readonly pulumi.Resource[]): pulumi.Output<string> {
  return pulumi.all(held.map((r) => r.urn)).apply(() => name);
}
