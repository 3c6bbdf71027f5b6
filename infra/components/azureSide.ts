// Component AzureSide: resource group, VNet, subnets, public IPs and the VPN gateway. Only wires resources.
import * as pulumi from "@pulumi/pulumi";
import * as azureAuthorization from "@pulumi/azure-native/authorization";
import * as azureNetwork from "@pulumi/azure-native/network";
import * as azureResources from "@pulumi/azure-native/resources";
import type { NamedCidr } from "../config";
import { TYPES } from "../types";
import { GuardedResource } from "../guards";
import type { GatewayGeneration, GatewaySku } from "../enums";
import { AZURE_DEFAULT_ASN, azureGatewayProblems, type AzureGatewayFacts } from "../hub";
import { parseAzureId } from "../resourceIds";
import { azureTags } from "../tags";
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
  /** GatewaySubnet prefix inside the VNet (at least /29, /27 recommended); required unless existingVnetId. */
  gatewaySubnetCidr?: pulumi.Input<string>;
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
  /** resourceGroupName names a resource group that exists: none is created (plain: decides the resources; default false). */
  existingResourceGroup?: boolean;
  /** Resource id of a VNet that exists, with its GatewaySubnet: no VNet or subnet is created, and vnetName, vnetAddressSpace, workloadSubnets and gatewaySubnetCidr are not used (plain: decides the resources). */
  existingVnetId?: string;
  /** Resource id of a route-based VPN gateway that exists in existingVnetId: no gateway or public IP is created; it is read at deploy and refused, with the fix, when it cannot serve the tunnels (publicIpNames then gives only the number of instances it must have; plain: decides the resources). */
  existingGatewayId?: string;
  /** Tags on every resource this component creates, with managed-by (plain). */
  tags?: Record<string, string>;
}

/** Each side's gateway resource; not a class field, which the package schema would list as an output. */
const gateways = new WeakMap<AzureSide, azureNetwork.VirtualNetworkGateway>();

/** The side's VPN gateway resource, none for an existing gateway: `Vpn` replaces the connections with it (TunnelPair's replacedWith). */
export function azureGatewayOf(side: AzureSide): azureNetwork.VirtualNetworkGateway | undefined {
  return gateways.get(side);
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
  /** The gateway's BGP ASN (an existing gateway's as read; the customer gateways declare it). */
  public readonly asn: pulumi.Output<number>;

  /** `existingGateway`: the existing gateway as `Vpn` already read and checked it (readExistingGateway); else this side reads it. */
  constructor(name: string, args: AzureSideArgs, opts?: pulumi.ComponentResourceOptions, existingGateway?: ExistingGatewayFacts) {
    super(TYPES.azureSide, name, {}, opts);
    const parent = { parent: this };

    const tags = azureTags(args.tags);
    const resourceGroupName = args.existingResourceGroup || args.existingVnetId !== undefined
      ? pulumi.output(args.resourceGroupName)
      : new azure.resources.ResourceGroup(`${name}-rg`, {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        tags,
      }, parent).name;

    // An existing VNet is referenced by id, never declared: nothing here can change or delete it.
    let gatewaySubnet: { id: pulumi.Input<string>; resource?: pulumi.Resource };
    if (args.existingVnetId !== undefined) {
      this.vnetId = pulumi.output(args.existingVnetId);
      this.vnetName = pulumi.output(parseAzureId(args.existingVnetId, "virtualNetworks")?.name ?? args.vnetName);
      this.workloadSubnetIds = [];
      gatewaySubnet = { id: `${args.existingVnetId}/subnets/GatewaySubnet` };
    } else {
      const { vnet, subnets: workloadSubnets } = vnetWithSubnets(name, {
        virtualNetworkName: args.vnetName,
        resourceGroupName,
        location: args.location,
        addressPrefixes: args.vnetAddressSpace,
        subnets: args.workloadSubnets,
        tags,
      }, this);
      this.vnetId = vnet.id;
      this.vnetName = vnet.name;
      this.workloadSubnetIds = workloadSubnets.map((subnet) => subnet.id);
      const subnet = new azure.network.Subnet(`${name}-gateway-subnet`, {
        subnetName: "GatewaySubnet",
        resourceGroupName,
        virtualNetworkName: vnet.name,
        addressPrefix: args.gatewaySubnetCidr,
      }, parent);
      gatewaySubnet = { id: subnet.id, resource: subnet };
    }

    const client = azure.authorization.getClientConfigOutput(parent);
    if (args.existingGatewayId !== undefined) {
      const facts = existingGateway ?? readExistingGateway(args, args.existingGatewayId, client.subscriptionId, this);
      const instances = args.publicIpNames.map((_, i) => i);
      this.gatewayId = pulumi.output(args.existingGatewayId);
      this.asn = facts.asn;
      this.ipConfigurationIds = instances.map((i) => facts.ipConfigurationIds.apply((ids) => ids[i]!));
      this.publicIpAddresses = instances.map((i) => facts.publicIpIds.apply((ids) => {
        const ip = parseAzureId(ids[i]!, "publicIPAddresses");
        if (ip === undefined) throw new Error(`existing gateway ${args.existingGatewayId}: instance ${i + 1}'s public IP id ${ids[i]} is not a public IP address id`);
        return azure.network.getPublicIPAddressOutput({ resourceGroupName: ip.resourceGroupName, publicIpAddressName: ip.name }, parent).apply(({ ipAddress: address }) => {
          if (!address) throw new Error(`existing gateway ${args.existingGatewayId}: public IP ${ids[i]} has no address`);
          return address;
        });
      }));
    } else {
      const created = createGateway(name, args, resourceGroupName, gatewaySubnet, client.subscriptionId, tags, this);
      this.gatewayId = created.gateway.id;
      gateways.set(this, created.gateway);
      this.asn = pulumi.output(args.bgp?.asn ?? AZURE_DEFAULT_ASN);
      this.publicIpAddresses = created.publicIps.map((pip) => pip.ipAddress.apply((ip) => {
        if (!ip) throw new Error(`public IP ${pip.urn} has no address: a Standard static public IP always has one once created`);
        return ip;
      }));
      this.ipConfigurationIds = created.ipConfigNames.map((configName) => pulumi.interpolate`${created.gateway.id}/ipConfigurations/${configName}`);
    }
    this.resourceGroupName = resourceGroupName;

    this.registerOutputs({
      resourceGroupName: this.resourceGroupName,
      vnetId: this.vnetId,
      gatewayId: this.gatewayId,
      publicIpAddresses: this.publicIpAddresses,
    });
  }
}

/** The public IPs and the route-based VPN gateway the side creates. */
function createGateway(
  name: string,
  args: AzureSideArgs,
  resourceGroupName: pulumi.Input<string>,
  gatewaySubnet: { id: pulumi.Input<string>; resource?: pulumi.Resource },
  subscriptionId: pulumi.Input<string>,
  tags: Record<string, string>,
  parent: AzureSide,
): { gateway: azureNetwork.VirtualNetworkGateway; publicIps: azureNetwork.PublicIPAddress[]; ipConfigNames: string[] } {
  const publicIps: azureNetwork.PublicIPAddress[] = [];
  args.publicIpNames.forEach((pipName, i) => publicIps.push(
    new azure.network.PublicIPAddress(`${name}-pip-${i + 1}`, {
      publicIpAddressName: pipName,
      resourceGroupName,
      location: args.location,
      // Standard + Static: Basic public IPs are retired, and a static address is known at
      // creation, so the AWS side need not wait for the gateway.
      sku: { name: "Standard", tier: "Regional" },
      publicIPAllocationMethod: "Static",
      publicIPAddressVersion: "IPv4",
      zones: args.publicIpZones,
      tags,
    }, {
      parent,
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
  // The gateway's own BGP settings name its IP configurations before the gateway exists, so the
  // ids are composed from the known names rather than read from the gateway.
  const ipConfigurationId = (configName: string): pulumi.Output<string> =>
    pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Network/virtualNetworkGateways/${args.gatewayName}/ipConfigurations/${configName}`;
  const composedIpConfigurationIds = ipConfigNames.map(ipConfigurationId);

  const bgp = args.bgp;
  const gateway = new azure.network.VirtualNetworkGateway(`${name}-gateway`, {
    // The name (a URL path property: a change replaces) is taken after the GatewaySubnet and the
    // public IPs, which adds no change in `up` but lets the engine see that a gateway must go
    // before them: Azure refuses to delete a subnet or a public IP a gateway holds, and the
    // engine deletes ahead of a delete-before-replace only the dependents whose provider would
    // replace them once that resource's outputs are unknown.
    virtualNetworkGatewayName: heldBy(args.gatewayName, [...(gatewaySubnet.resource ? [gatewaySubnet.resource] : []), ...publicIps]),
    resourceGroupName,
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
    tags,
  }, {
    parent,
    protect: (args.protectedResources ?? []).includes(GuardedResource.Gateway),
    // A generation cannot change in place, and a GatewaySubnet holds one gateway only, so a
    // replacement must delete first.
    replaceOnChanges: ["vpnGatewayGeneration"],
    deleteBeforeReplace: true,
    // 30-45 minutes to build: give the provider room before it gives up.
    customTimeouts: { create: "75m", update: "75m", delete: "75m" },
  });
  return { gateway, publicIps, ipConfigNames };
}

/** An existing gateway's values the tunnels use, each known once the gateway passed its checks. */
export type ExistingGatewayFacts = { [K in keyof AzureGatewayFacts]: pulumi.Output<AzureGatewayFacts[K]> };

/**
 * An existing gateway as the Azure lookup returns it at deploy, checked against what the tunnels
 * need (infra/hub.ts): every problem, with its fix, fails the deployment before anything that
 * uses the gateway is created.
 */
export function readExistingGateway(
  args: AzureSideArgs,
  gatewayId: string,
  subscriptionId: pulumi.Output<string>,
  parent: pulumi.Resource,
): ExistingGatewayFacts {
  const id = parseAzureId(gatewayId, "virtualNetworkGateways");
  if (id === undefined) throw new Error(`AzureSideArgs.existingGatewayId = ${JSON.stringify(gatewayId)}: must be a virtual network gateway resource id`);
  const read = azure.network.getVirtualNetworkGatewayOutput({ resourceGroupName: id.resourceGroupName, virtualNetworkGatewayName: id.name }, { parent });
  const facts = pulumi.all([read, subscriptionId, args.location]).apply(([gateway, subscription, location]) => {
    const result = azureGatewayProblems(gateway, {
      gatewayId,
      vnetId: args.existingVnetId ?? "",
      azureLocation: location,
      subscriptionId: subscription,
      activeActive: args.publicIpNames.length > 1,
      bgp: args.bgp !== undefined,
      apipaByInstance: args.bgp?.apipaByInstance ?? [],
    });
    if (result.facts === undefined) {
      throw new Error(`The existing Azure VPN gateway ${gatewayId} cannot serve these tunnels; nothing that uses it was created:\n${result.problems.map((p) => `  - existingAzure.gatewayId ${p}`).join("\n")}`);
    }
    return result.facts;
  });
  return { asn: facts.asn, publicIpIds: facts.publicIpIds, ipConfigurationIds: facts.ipConfigurationIds };
}
