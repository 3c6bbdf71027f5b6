/**
 * The hub a team already has: an existing resource group, VNet and VPN gateway on Azure, an
 * existing VPC and virtual private or transit gateway on AWS. Their settings' schema, what the
 * program creates and what it only references (`hubPlan`), and the checks of what an existing
 * gateway decides, made at deploy on what the clouds' lookups return (`azureGatewayProblems`,
 * `awsGatewayProblems`). Nothing existing is declared as a resource, so nothing existing is ever
 * changed or deleted. docs/constraints.md, "Existing hub". Pure.
 */
import { z } from "zod";
import { parseAzureId, type AzureResourceId } from "./resourceIds";

export const existingAzureSchema = z
  .object({
    resourceGroupName: z.string().optional(),
    vnetId: z.string().optional(),
    gatewayId: z.string().optional(),
  })
  .strict();

export const existingAwsSchema = z
  .object({
    vpcId: z.string().optional(),
    subnetIds: z.array(z.string()).optional(),
    routeTableIds: z.array(z.string()).optional(),
    vpnGatewayId: z.string().optional(),
    transitGatewayId: z.string().optional(),
    transitGatewayRouteTableId: z.string().optional(),
  })
  .strict();

/** Existing Azure hub parts (the args' documented shape is Vpn's VpnExistingAzure; infra/components/vpn.ts checks they match). */
export type ExistingAzure = z.output<typeof existingAzureSchema>;
/** Existing AWS hub parts (documented as Vpn's VpnExistingAws). */
export type ExistingAws = z.output<typeof existingAwsSchema>;

/** What the program creates and what it references, from the validated settings. */
export interface HubPlan {
  azure: {
    /** The resource group the program's Azure resources go in. */
    resourceGroupName: string;
    /** The program creates the resource group. */
    createsResourceGroup: boolean;
    /** An existing VNet, parsed; none: the program creates it. */
    vnet?: AzureResourceId & { id: string };
    /** An existing gateway, parsed; none: the program creates it with its public IPs. */
    gateway?: AzureResourceId & { id: string };
  };
  aws: {
    /** An existing VPC; none: the program creates it with subnets and a route table. */
    vpcId?: string;
    vpnGatewayId?: string;
    transitGatewayId?: string;
    transitGatewayRouteTableId?: string;
  };
  /** Any hub part is existing. */
  anyExisting: boolean;
}

/** The settings hubPlan reads. */
export interface HubSettings {
  resourceGroupName: string;
  existingAzure: ExistingAzure;
  existingAws: ExistingAws;
}

/** What the program creates and references. Call with validated settings (the ids parse). */
export function hubPlan(s: HubSettings): HubPlan {
  const vnet = withId(s.existingAzure.vnetId, "virtualNetworks");
  const gateway = withId(s.existingAzure.gatewayId, "virtualNetworkGateways");
  const existingGroup = s.existingAzure.resourceGroupName ?? gateway?.resourceGroupName ?? vnet?.resourceGroupName;
  const a = s.existingAws;
  return {
    azure: {
      resourceGroupName: existingGroup ?? s.resourceGroupName,
      createsResourceGroup: existingGroup === undefined,
      vnet,
      gateway,
    },
    aws: {
      vpcId: a.vpcId,
      vpnGatewayId: a.vpnGatewayId,
      transitGatewayId: a.transitGatewayId,
      transitGatewayRouteTableId: a.transitGatewayRouteTableId,
    },
    anyExisting: Object.values(s.existingAzure).some((v) => v !== undefined) || Object.values(a).some((v) => v !== undefined),
  };
}

function withId(id: string | undefined, type: "virtualNetworks" | "virtualNetworkGateways"): (AzureResourceId & { id: string }) | undefined {
  if (id === undefined) return undefined;
  const parsed = parseAzureId(id, type);
  return parsed && { ...parsed, id };
}

/** The settings an existing Azure gateway decides: a stack that sets one is refused (the gateway's own is read). */
export const GATEWAY_DECIDES = ["gatewayName", "publicIpName", "gatewaySku", "gatewayGeneration", "publicIpZones", "azureAsn"] as const;
/** The settings an existing VNet decides. */
export const VNET_DECIDES = ["vnetName", "azureSubnets", "gatewaySubnetCidr"] as const;
/** The settings an existing VPC decides. */
export const VPC_DECIDES = ["awsSubnets"] as const;
/** The setting an existing virtual private or transit gateway decides. */
export const AWS_GATEWAY_DECIDES = ["awsAsn"] as const;

/** What the Azure lookup of an existing VPN gateway returns, in the fields the checks read (azure-native getVirtualNetworkGateway). */
export interface ReadAzureGateway {
  location?: string;
  gatewayType?: string;
  vpnType?: string;
  sku?: { name?: string };
  activeActive?: boolean;
  enableBgp?: boolean;
  bgpSettings?: { asn?: number; bgpPeeringAddresses?: { ipconfigurationId?: string; customBgpIpAddresses?: string[] }[] };
  ipConfigurations?: { id?: string; name?: string; publicIPAddress?: { id?: string }; subnet?: { id?: string } }[];
}

/** What the program expects of an existing Azure gateway: the structure the stack declares. */
export interface AzureGatewayExpectation {
  gatewayId: string;
  vnetId: string;
  azureLocation: string;
  subscriptionId: string;
  activeActive: boolean;
  bgp: boolean;
  /** The custom APIPA addresses each instance must have (the tunnels' Azure inside addresses), in instance order. */
  apipaByInstance: string[][];
}

/** The existing Azure gateway's values the tunnels use, once checked. */
export interface AzureGatewayFacts {
  asn: number;
  /** Each instance's public IP resource id, in instance order. */
  publicIpIds: string[];
  /** Each instance's IP configuration id, in instance order. */
  ipConfigurationIds: string[];
}

/** The Azure ASN a gateway without BGP reports, and the one AWS's customer gateway then declares. */
export const AZURE_DEFAULT_ASN = 65515;

/**
 * Every reason an existing Azure gateway cannot serve the tunnels the stack declares, each with the
 * fix; none: the values the tunnels use. The program does not own the gateway, so a missing
 * setting on it is the team's to add: each refusal says how (az CLI, or the portal).
 */
export function azureGatewayProblems(read: ReadAzureGateway, expected: AzureGatewayExpectation): { problems: string[]; facts?: AzureGatewayFacts } {
  const problems: string[] = [];
  const id = parseAzureId(expected.gatewayId, "virtualNetworkGateways");
  const az = id ? `az network vnet-gateway update --resource-group ${id.resourceGroupName} --name ${id.name}` : "az network vnet-gateway update";
  if (id && id.subscriptionId.toLowerCase() !== expected.subscriptionId.toLowerCase()) {
    problems.push(`is in subscription ${id.subscriptionId}, but the stack deploys to ${expected.subscriptionId}: a connection lives in its gateway's subscription; deploy the stack to that subscription (azure-native:subscriptionId)`);
  }
  if (read.location !== undefined && read.location.toLowerCase() !== expected.azureLocation.toLowerCase()) {
    problems.push(`is in ${read.location}, but azure-native:location is ${expected.azureLocation}: local network gateways and connections live in their gateway's region; set azure-native:location to ${read.location}`);
  }
  if (read.gatewayType !== undefined && read.gatewayType !== "Vpn") problems.push(`is a ${read.gatewayType} gateway, not a VPN gateway`);
  if (read.vpnType !== "RouteBased") problems.push(`is ${read.vpnType ?? "of an unknown VPN type"}: AWS site-to-site VPN needs a route-based gateway, and a policy-based one cannot be converted in place: use another gateway`);
  if (read.sku?.name === "Basic") problems.push("is a Basic SKU gateway, which has no BGP, no custom IPsec policy and no active-active (and is being retired): use a VpnGw*AZ gateway");
  const configs = read.ipConfigurations ?? [];
  const instances = expected.activeActive ? 2 : 1;
  if ((read.activeActive ?? false) !== expected.activeActive) {
    problems.push(read.activeActive
      ? "is active-active (two instances), but the stack says activeActive: false: set activeActive: true, so that each instance gets its own VPN connection"
      : `is active-standby, but the stack says activeActive: true: set activeActive: false (and routing: static, since BGP needs both instances), or make the gateway active-active (${az} --set activeActive=true, after adding its second IP configuration)`);
  } else if (configs.length !== instances) {
    problems.push(`has ${configs.length} IP configuration(s), but an ${expected.activeActive ? "active-active" : "active-standby"} gateway has ${instances}`);
  }
  const subnetId = configs[0]?.subnet?.id;
  if (subnetId !== undefined && !subnetId.toLowerCase().startsWith(`${expected.vnetId.toLowerCase()}/subnets/`)) {
    problems.push(`is in the VNet of subnet ${subnetId}, not existingAzure.vnetId (${expected.vnetId}): give the gateway's own VNet`);
  }
  if (expected.bgp) {
    if (read.enableBgp !== true) {
      problems.push(`has BGP off, but the stack says routing: bgp: turn BGP on (${az} --enable-bgp true --asn <ASN>, or in the portal: the gateway > Configuration > Configure BGP), or set routing: static`);
    } else {
      const peering = read.bgpSettings?.bgpPeeringAddresses ?? [];
      expected.apipaByInstance.forEach((wanted, instance) => {
        const configId = configs[instance]?.id?.toLowerCase();
        const have = peering.find((p) => p.ipconfigurationId?.toLowerCase() === configId)?.customBgpIpAddresses ?? [];
        const missing = wanted.filter((address) => !have.includes(address));
        if (missing.length === 0) return;
        const all = [...new Set([...have, ...wanted])];
        problems.push(
          `instance ${instance + 1} (IP configuration ${configs[instance]?.name ?? instance + 1}) lacks the custom APIPA BGP address(es) ${missing.join(", ")} that its tunnels use (the Azure inside addresses of tunnelInsideCidrs): ` +
            `the program does not own the gateway and cannot add them; add them with ${az} --set 'bgpSettings.bgpPeeringAddresses[${instance}].customBgpIpAddresses=${JSON.stringify(all)}', ` +
            `or in the portal: the gateway > Configuration > Custom Azure APIPA BGP IP address${expected.activeActive ? (instance === 0 ? " (first)" : " (second)") : ""}: ${all.join(", ")}; or set tunnelInsideCidrs to /30s whose Azure addresses the gateway has`,
        );
      });
    }
  }
  if (problems.length > 0) return { problems };
  return {
    problems,
    facts: {
      // Without BGP the customer gateways still declare an ASN, which no session uses.
      asn: read.bgpSettings?.asn ?? AZURE_DEFAULT_ASN,
      publicIpIds: configs.map((c) => c.publicIPAddress?.id ?? ""),
      ipConfigurationIds: configs.map((c) => c.id ?? ""),
    },
  };
}

/** What the AWS lookups of an existing virtual private or transit gateway return, in the fields the checks read. */
export interface ReadAwsGateway {
  /** getVpnGateway: the VPC it is attached to. */
  attachedVpcId?: string;
  /** Both: the Amazon-side ASN (a string on getVpnGateway, a number on getTransitGateway). */
  amazonSideAsn?: number | string;
  /** getTransitGateway: enable or disable. */
  vpnEcmpSupport?: string;
  defaultRouteTableAssociation?: string;
  associationDefaultRouteTableId?: string;
  defaultRouteTablePropagation?: string;
  propagationDefaultRouteTableId?: string;
}

/** What the program expects of an existing AWS gateway. */
export interface AwsGatewayExpectation {
  kind: "vgw" | "tgw";
  id: string;
  vpcId?: string;
  transitGatewayRouteTableId?: string;
  /** More than one tunnel carries traffic at once (BGP, or active-active): a transit gateway must spread it (ECMP). */
  ecmpExpected: boolean;
}

/** Every reason an existing AWS gateway cannot serve, each with the fix; none: its ASN. */
export function awsGatewayProblems(read: ReadAwsGateway, expected: AwsGatewayExpectation): { problems: string[]; asn?: number } {
  const problems: string[] = [];
  if (expected.kind === "vgw") {
    if (expected.vpcId !== undefined && read.attachedVpcId !== expected.vpcId) {
      problems.push(`is attached to ${read.attachedVpcId ?? "no VPC"}, not existingAws.vpcId (${expected.vpcId}): give the VPC it is attached to, or attach it (aws ec2 attach-vpn-gateway --vpn-gateway-id ${expected.id} --vpc-id ${expected.vpcId})`);
    }
  } else {
    const modify = `aws ec2 modify-transit-gateway --transit-gateway-id ${expected.id} --options`;
    if (expected.ecmpExpected && read.vpnEcmpSupport !== "enable") {
      problems.push(`has VPN ECMP support ${read.vpnEcmpSupport ?? "off"}: with several tunnels up at once, traffic would use one of them only; turn it on (${modify} VpnEcmpSupport=enable)`);
    }
    if (read.defaultRouteTableAssociation === "enable") {
      problems.push(`associates every new attachment with its default route table (${read.associationDefaultRouteTableId ?? "?"}), so the program's own association of each VPN attachment with ${expected.transitGatewayRouteTableId} would be refused: turn default association off (${modify} DefaultRouteTableAssociation=disable; attachments made before keep theirs)`);
    }
    if (read.defaultRouteTablePropagation === "enable" && read.propagationDefaultRouteTableId === expected.transitGatewayRouteTableId) {
      problems.push(`propagates every new attachment to ${expected.transitGatewayRouteTableId} by default, where the program propagates the VPN attachments itself (AWS refuses the second): turn default propagation off (${modify} DefaultRouteTablePropagation=disable) or give another transitGatewayRouteTableId`);
    }
  }
  const asn = typeof read.amazonSideAsn === "string" ? Number(read.amazonSideAsn) : read.amazonSideAsn;
  if (asn === undefined || !Number.isInteger(asn)) problems.push(`reports no Amazon-side ASN (${String(read.amazonSideAsn)})`);
  return problems.length > 0 ? { problems } : { problems, asn };
}
