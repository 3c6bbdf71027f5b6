// Component AzureSide: resource group, VNet, subnets, public IPs and the VPN gateway. Only wires resources.
import * as pulumi from "@pulumi/pulumi";
import * as azureAuthorization from "@pulumi/azure-native/authorization";
import * as azureNetwork from "@pulumi/azure-native/network";
import * as azureResources from "@pulumi/azure-native/resources";
import type { NamedCidr } from "../config";
import { TYPES } from "../types";
import { GuardedResource } from "../guards";
import type { GatewayGeneration, GatewaySku } from "../enums";
import { heldBy, vnetWithSubnets } from "./azureVnet";

// Provider submodules, not the packages' roots: a root loads every one of its modules (about
// 1.3 s and 45 MB per process for both providers); the rest of the file reads as with the roots.
const azure = { authorization: azureAuthorization, network: azureNetwork, resources: azureResources };

/** BGP on the Azure gateway. */
export interface AzureSideBgp {
  /** The gateway's ASN (a whole number). */
  asn: number;
  /** Custom APIPA addresses (169.254.21.0 to 169.254.22.255) of each gateway instance, in instance order: the Azure inside address of every tunnel on that instance. */
  apipaByInstance: string[][];
}

export interface AzureSideArgs {
  /** Azure region, e.g. eastus. */
  location: pulumi.Input<string>;
  /** Resource group name (plain: it is created, and names the gateway's IP configuration ids). */
  resourceGroupName: string;
  /** Virtual network name (plain: it is created under this name). */
  vnetName: string;
  /** Virtual network address space (IPv4 CIDRs). */
  vnetAddressSpace: pulumi.Input<pulumi.Input<string>[]>;
  /** Workload subnets (plain: their count decides the resources). */
  workloadSubnets: NamedCidr[];
  /** GatewaySubnet prefix inside the VNet (at least /29, /27 recommended). */
  gatewaySubnetCidr: pulumi.Input<string>;
  /** VPN gateway name (plain: it names the gateway's IP configuration ids before the gateway exists). */
  gatewayName: string;
  /** One public IP name per gateway instance (plain: one entry = active-standby, two = active-active). */
  publicIpNames: string[];
  /** Availability zones of the public IPs (zone-redundant by default). */
  publicIpZones: pulumi.Input<pulumi.Input<string>[]>;
  /** Gateway SKU. */
  gatewaySku: pulumi.Input<GatewaySku>;
  /** Gateway generation. */
  gatewayGeneration: pulumi.Input<GatewayGeneration>;
  /** BGP on the gateway (plain: decides the gateway's settings): its ASN and the custom APIPA addresses of each instance; none for static routing. */
  bgp?: AzureSideBgp;
  /** Resource kinds to protect from deletion and replacement (plain: resource options; default none); this component reads gateway and publicIps (their addresses feed every tunnel). */
  protectedResources?: GuardedResource[];
}

/** Each side's gateway resource; not a class field, which the package schema would list as an output. */
const gateways = new WeakMap<AzureSide, azureNetwork.VirtualNetworkGateway>();

/** The side's VPN gateway resource: `Vpn` replaces the connections with it (TunnelPair's replacedWith). */
export function azureGatewayOf(side: AzureSide): azureNetwork.VirtualNetworkGateway {
  const gateway = gateways.get(side);
  if (gateway === undefined) throw new Error(`AzureSide ${side.urn} has no gateway: its constructor did not finish`);
  return gateway;
}

/**
 * The Azure half: resource group, VNet, workload subnets, GatewaySubnet, Standard static public
 * IP(s) and a route-based VPN gateway (active-active when given two public IPs).
 */
export class AzureSide extends pulumi.ComponentResource {
  /** Name of the resource group. */
  public readonly resourceGroupName: pulumi.Output<string>;
  /** Resource id of the virtual network. */
  public readonly vnetId: pulumi.Output<string>;
  /** Name of the virtual network. */
  public readonly vnetName: pulumi.Output<string>;
  /** Resource id of each workload subnet, in the order given. */
  public readonly workloadSubnetIds: pulumi.Output<string>[];
  /** Resource id of the VPN gateway (TunnelPair's azureGatewayId). */
  public readonly gatewayId: pulumi.Output<string>;
  /** Public IP address of each gateway instance, in instance order. */
  public readonly publicIpAddresses: pulumi.Output<string>[];
  /** Resource id of each gateway IP configuration, in instance order (for custom BGP addresses). */
  public readonly ipConfigurationIds: pulumi.Output<string>[];

  constructor(name: string, args: AzureSideArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.azureSide, name, {}, opts);
    const parent = { parent: this };

    const resourceGroup = new azure.resources.ResourceGroup(`${name}-rg`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
    }, parent);

    const { vnet, subnets: workloadSubnets } = vnetWithSubnets(name, {
      virtualNetworkName: args.vnetName,
      resourceGroupName: resourceGroup.name,
      location: args.location,
      addressPrefixes: args.vnetAddressSpace,
      subnets: args.workloadSubnets,
    }, this);
    this.workloadSubnetIds = workloadSubnets.map((subnet) => subnet.id);

    const gatewaySubnet = new azure.network.Subnet(`${name}-gateway-subnet`, {
      subnetName: "GatewaySubnet",
      resourceGroupName: resourceGroup.name,
      virtualNetworkName: vnet.name,
      addressPrefix: args.gatewaySubnetCidr,
    }, parent);

    const publicIps: azureNetwork.PublicIPAddress[] = [];
    args.publicIpNames.forEach((pipName, i) => publicIps.push(
      new azure.network.PublicIPAddress(`${name}-pip-${i + 1}`, {
        publicIpAddressName: pipName,
        resourceGroupName: resourceGroup.name,
        location: args.location,
        // Standard + Static: Basic public IPs are retired, and a static address is known at
        // creation, so the AWS side need not wait for the gateway.
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        zones: args.publicIpZones,
      }, {
        parent: this,
        protect: (args.protectedResources ?? []).includes(GuardedResource.PublicIps),
        // Zones and SKU cannot change in place; the name is fixed, so the old one must go first.
        replaceOnChanges: ["zones", "sku"],
        deleteBeforeReplace: true,
        // Each address after the first waits for the one before: both delete the gateway first
        // when replaced, and the engine runs two such chains at once, skipping a dependent the
        // other has claimed without waiting for it (a public IP would go while the gateway holds it).
        dependsOn: publicIps.slice(-1),
      }),
    ));

    const ipConfigNames = args.publicIpNames.map((_, i) => `gw-ipconfig-${i + 1}`);
    const client = azure.authorization.getClientConfigOutput(parent);
    // The gateway's own BGP settings name its IP configurations before the gateway exists, so the
    // ids are composed from the known names rather than read from the gateway.
    const ipConfigurationId = (configName: string): pulumi.Output<string> =>
      pulumi.interpolate`/subscriptions/${client.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Network/virtualNetworkGateways/${args.gatewayName}/ipConfigurations/${configName}`;
    const composedIpConfigurationIds = ipConfigNames.map(ipConfigurationId);

    const bgp = args.bgp;
    const gateway = new azure.network.VirtualNetworkGateway(`${name}-gateway`, {
      // The name (a URL path property: a change replaces) is taken after the GatewaySubnet and the
      // public IPs, which adds no change in `up` but lets the engine see that a gateway must go
      // before them: Azure refuses to delete a subnet or a public IP a gateway holds, and the
      // engine deletes ahead of a delete-before-replace only the dependents whose provider would
      // replace them once that resource's outputs are unknown.
      virtualNetworkGatewayName: heldBy(args.gatewayName, [gatewaySubnet, ...publicIps]),
      resourceGroupName: resourceGroup.name,
      location: args.location,
      gatewayType: "Vpn",
      vpnType: "RouteBased",
      sku: { name: args.gatewaySku, tier: args.gatewaySku },
      vpnGatewayGeneration: args.gatewayGeneration,
      activeActive: args.publicIpNames.length > 1,
      enableBgp: bgp !== undefined,
      bgpSettings: bgp
        ? {
            asn: bgp.asn,
            bgpPeeringAddresses: composedIpConfigurationIds.map((id, i) => ({
              ipconfigurationId: id,
              customBgpIpAddresses: bgp.apipaByInstance[i] ?? [],
            })),
          }
        : undefined,
      ipConfigurations: publicIps.map((pip, i) => ({
        name: ipConfigNames[i],
        privateIPAllocationMethod: "Dynamic",
        subnet: { id: gatewaySubnet.id },
        publicIPAddress: { id: pip.id },
      })),
    }, {
      parent: this,
      protect: (args.protectedResources ?? []).includes(GuardedResource.Gateway),
      // A generation cannot change in place, and a GatewaySubnet holds one gateway only, so a
      // replacement must delete first.
      replaceOnChanges: ["vpnGatewayGeneration"],
      deleteBeforeReplace: true,
      // 30-45 minutes to build: give the provider room before it gives up.
      customTimeouts: { create: "75m", update: "75m", delete: "75m" },
    });

    this.resourceGroupName = resourceGroup.name;
    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.gatewayId = gateway.id;
    gateways.set(this, gateway);
    this.publicIpAddresses = publicIps.map((pip) => pip.ipAddress.apply((ip) => {
      if (!ip) throw new Error(`public IP ${pip.urn} has no address: a Standard static public IP always has one once created`);
      return ip;
    }));
    this.ipConfigurationIds = ipConfigNames.map((configName) => pulumi.interpolate`${gateway.id}/ipConfigurations/${configName}`);

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      vnetId: this.vnetId,
      gatewayId: this.gatewayId,
      publicIpAddresses: this.publicIpAddresses,
    });
  }
}
