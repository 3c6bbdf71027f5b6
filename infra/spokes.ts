/**
 * Spoke networks: AWS VPCs attached to the transit gateway and Azure VNets peered with the gateway
 * VNet (gateway transit). Their config schema and every rule they must obey, checked with the rest
 * of the config before any resource is declared (docs/constraints.md, "Spokes (issue 14)"). Pure.
 */
import { z } from "zod";
import { AWS_VPC_FORBIDDEN, AZURE_VNET_FORBIDDEN, contains, isPrivate, overlaps, parseIpv4Cidr, parseReported, type ForbiddenRange, type Ipv4Cidr } from "./addressing";
import { availabilityZoneProblem, awsRegionProblem } from "./catalog";
import { NAME_RULES, nameProblem, reservedSubnetName } from "./nameRules";
import { awsIdProblem, azureIdRule, parseVnetId } from "./resourceIds";

export { parseVnetId };

const SPOKE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_]$/;
const spokeName = z.string().regex(SPOKE_NAME, "must be 2 to 64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit and not ending with '.' or '-'");
const namedCidr = z.object({ name: z.string(), cidr: z.string() }).strict();
const awsSubnet = z.object({ name: spokeName, cidr: z.string(), availabilityZone: z.string().optional() }).strict();

export const awsSpokeSchema = z
  .object({
    name: spokeName,
    cidr: z.string(),
    vpcId: z.string().optional(),
    subnets: z.array(awsSubnet).optional(),
    subnetIds: z.array(z.string()).optional(),
    routeTableIds: z.array(z.string()).optional(),
  })
  .strict();
export const azureSpokeSchema = z
  .object({
    name: z.string(),
    addressSpace: z.array(z.string()).min(1),
    vnetId: z.string().optional(),
    subnets: z.array(namedCidr).optional(),
  })
  .strict();

/** An AWS spoke VPC: created from `cidr` and `subnets`, or an existing one by `vpcId`. */
export interface AwsSpokeConfig {
  name: string;
  /** The VPC's CIDR (for an existing VPC: as it is; the offline plan cannot read it). */
  cidr: string;
  /** An existing VPC; without it the program creates one. */
  vpcId?: string;
  /** Subnets of a created VPC, one per availability zone (the transit gateway attachment's). */
  subnets?: { name: string; cidr: string; availabilityZone?: string }[];
  /** Existing VPC: the subnets the attachment uses, one per zone. */
  subnetIds?: string[];
  /** Existing VPC: route tables that get a route to each Azure prefix via the transit gateway. */
  routeTableIds?: string[];
}

/** An Azure spoke VNet: created from `addressSpace` and `subnets`, or an existing one by `vnetId`. */
export interface AzureSpokeConfig {
  name: string;
  /** The VNet's prefixes (for an existing VNet: as they are). */
  addressSpace: string[];
  /** Resource id of an existing VNet; without it the program creates one in the resource group. */
  vnetId?: string;
  /** Subnets of a created VNet. */
  subnets?: { name: string; cidr: string }[];
}

/** Limits counted over all prefixes (docs/constraints.md, "Spokes (issue 14)"). */
export const SPOKE_LIMITS = {
  /**
   * AWS: dynamic routes a VPN connection on a transit gateway accepts from the customer gateway.
   * The live quota page (vpn-limits.html) could not be read when this was settled; its versions
   * that could be read disagree (100 "on a transit gateway or virtual private gateway" in the
   * 2020-2021 text, 1,000 on a transit gateway in the 2021-2022 text), so the stricter documented
   * figure holds until the live page is read (docs/constraints.md, "Per connection").
   */
  awsRoutesFromCustomerGatewayTgw: 100,
  /** AWS: the same on a virtual private gateway (every version of vpn-limits.html: 100, not adjustable). */
  awsRoutesFromCustomerGatewayVgw: 100,
  /** AWS: routes a VPN connection on a transit gateway advertises to the customer gateway. */
  awsRoutesToCustomerGatewayTgw: 5_000,
  /** Azure: prefixes a VPN gateway accepts from a BGP peer; more drops the session (VPN gateway BGP FAQ). */
  azurePrefixesFromPeer: 4_000,
  /** Azure: peerings per virtual network (networking limits). */
  azurePeeringsPerVnet: 500,
  /** AWS: routes per VPC route table, default quota (adjustable up to 1,000) (amazon-vpc-limits.html, quota L-93826ACB). */
  awsRoutesPerRouteTable: 50,
  /** AWS: attachments per transit gateway (transit-gateway-quotas.html). */
  tgwAttachments: 5_000,
} as const;


/** The names of the two peerings of an Azure spoke: one in the hub VNet, one in the spoke's. */
export function spokePeeringNames(hubVnetName: string, spokeName: string): { hub: string; spoke: string } {
  return { hub: `${hubVnetName}-to-${spokeName}`, spoke: `${spokeName}-to-${hubVnetName}` };
}

/**
 * What each route table of an AWS spoke is called in its routes' resource names (relative to the
 * AwsSpokes component): a created spoke's one table by the spoke's name, an existing spoke's
 * listed tables as `<spoke>-rt<n>`. One home, so validation sees the names the component declares.
 */
export function awsSpokeRouteTableNames(spoke: Pick<AwsSpokeConfig, "name" | "vpcId" | "routeTableIds">): string[] {
  return spoke.vpcId === undefined ? [spoke.name] : (spoke.routeTableIds ?? []).map((_, k) => `${spoke.name}-rt${k + 1}`);
}


export interface SpokeSettings {
  awsSpokes: AwsSpokeConfig[];
  azureSpokes: AzureSpokeConfig[];
  routing: "static" | "bgp";
  awsAttachment: "vgw" | "tgw";
  vnetAddressSpace: string[];
  vpcCidr: string;
  awsRegion: unknown;
  /** The hub VNet's name: Azure spoke names must differ from it, and the peerings' names contain it. */
  vnetName: string;
}

/** Routes a VPN connection on the attachment accepts from the customer gateway (SPOKE_LIMITS). */
export function awsRoutesFromCustomerGateway(attachment: "vgw" | "tgw"): number {
  return attachment === "tgw" ? SPOKE_LIMITS.awsRoutesFromCustomerGatewayTgw : SPOKE_LIMITS.awsRoutesFromCustomerGatewayVgw;
}

/** How many prefixes each side advertises over BGP, and what the other side accepts. */
export interface RouteCounts {
  /** Azure -> AWS: hub VNet prefixes plus every Azure spoke's. */
  toAws: number;
  toAwsLimit: number;
  /** AWS -> Azure: hub VPC plus every AWS spoke. */
  toAzure: number;
  toAzureLimit: number;
}

export function routeCounts(s: Pick<SpokeSettings, "awsSpokes" | "azureSpokes" | "vnetAddressSpace" | "awsAttachment">): RouteCounts {
  return {
    toAws: s.vnetAddressSpace.length + s.azureSpokes.reduce((n, spoke) => n + spoke.addressSpace.length, 0),
    toAwsLimit: awsRoutesFromCustomerGateway(s.awsAttachment),
    toAzure: 1 + s.awsSpokes.length,
    toAzureLimit: Math.min(SPOKE_LIMITS.azurePrefixesFromPeer, SPOKE_LIMITS.awsRoutesToCustomerGatewayTgw),
  };
}

/** Every prefix the Azure side holds (hub first), as AWS routes them. */
export function azurePrefixesWithSpokes(vnetAddressSpace: string[], azureSpokes: AzureSpokeConfig[]): string[] {
  return [...vnetAddressSpace, ...azureSpokes.flatMap((s) => s.addressSpace)];
}

type Report = (key: string, value: unknown, rule: string) => void;

/** Checks the spokes; `key` qualifies a setting name (e.g. "awsSpokes[0].cidr"). */
export function spokeProblems(s: SpokeSettings, key: (name: string) => string, error: Report, warn: Report): void {
  const { awsSpokes, azureSpokes } = s;
  if (awsSpokes.length === 0 && azureSpokes.length === 0) return;
  if (s.routing !== "bgp") {
    const list = awsSpokes.length > 0 ? "awsSpokes" : "azureSpokes";
    error(key(list), (awsSpokes.length > 0 ? awsSpokes : azureSpokes).map((x) => x.name), "spokes need routing: bgp: their prefixes reach the other cloud only over BGP (a static setup would need a route per spoke on both sides)");
  }
  if (awsSpokes.length > 0 && s.awsAttachment !== "tgw") {
    error(key("awsSpokes"), awsSpokes.map((x) => x.name), "AWS spokes attach to a transit gateway: set awsAttachment: tgw (a virtual private gateway serves one VPC)");
  }

  // Every address space of both clouds, hub and spokes: pairwise disjoint.
  const blocks: { label: string; key: string; block: Ipv4Cidr }[] = [];
  const parse = (k: string, text: string): Ipv4Cidr | undefined => parseReported(k, text, error);
  s.vnetAddressSpace.forEach((text, i) => {
    const r = parseIpv4Cidr(text);
    if (r.ok) blocks.push({ label: `the hub VNet (vnetAddressSpace[${i}], ${text})`, key: key(`vnetAddressSpace[${i}]`), block: r.cidr });
  });
  const vpc = parseIpv4Cidr(s.vpcCidr);
  if (vpc.ok) blocks.push({ label: `the hub VPC (vpcCidr, ${s.vpcCidr})`, key: key("vpcCidr"), block: vpc.cidr });
  // The same ranges the hub's address settings refuse (validation/addresses.ts).
  const refuseForbidden = (k: string, block: Ipv4Cidr, ranges: readonly ForbiddenRange[], what: string): void => {
    const hit = ranges.find((r) => overlaps(block, r.block));
    if (hit) error(k, block.text, `overlaps ${hit.block.text} (${hit.why}), which cannot be ${what}: use private address space such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
    else if (!isPrivate(block)) warn(k, block.text, "is not RFC 1918 private address space; it works inside the network but hides real internet hosts in that range");
  };
  const claim = (label: string, k: string, block: Ipv4Cidr): void => {
    const clash = blocks.find((b) => overlaps(b.block, block));
    if (clash) error(k, block.text, `overlaps ${clash.label}: every address space of both clouds, hubs and spokes, must be disjoint to route between them`);
    blocks.push({ label, key: k, block });
  };

  const region = typeof s.awsRegion === "string" && awsRegionProblem(s.awsRegion) === undefined ? s.awsRegion : undefined;
  const awsNames = new Set<string>();
  const vpcIds = new Map<string, number>();
  awsSpokes.forEach((spoke, i) => {
    const k = (rest: string): string => key(`awsSpokes[${i}]${rest}`);
    if (awsNames.has(spoke.name)) error(k(".name"), spoke.name, "repeats another AWS spoke's name; names must be unique (they name the spoke's resources)");
    awsNames.add(spoke.name);
    const cidr = parse(k(".cidr"), spoke.cidr);
    if (cidr) {
      if (cidr.prefix < 16 || cidr.prefix > 28) error(k(".cidr"), cidr.text, "AWS accepts a VPC CIDR from /16 to /28: use a prefix length from 16 to 28");
      refuseForbidden(k(".cidr"), cidr, AWS_VPC_FORBIDDEN, "a VPC's address range");
      claim(`AWS spoke ${spoke.name} (awsSpokes[${i}].cidr, ${cidr.text})`, k(".cidr"), cidr);
    }
    if (spoke.vpcId !== undefined) {
      const vpcIdIssue = awsIdProblem(spoke.vpcId, "vpc");
      if (vpcIdIssue) error(k(".vpcId"), spoke.vpcId, vpcIdIssue);
      const earlier = vpcIds.get(spoke.vpcId);
      if (earlier !== undefined) error(k(".vpcId"), spoke.vpcId, `is already awsSpokes[${earlier}]: a transit gateway takes one attachment per VPC`);
      vpcIds.set(spoke.vpcId, i);
      if (spoke.subnets !== undefined) error(k(".subnets"), spoke.subnets, "is only for a VPC the program creates; for an existing VPC (vpcId) give subnetIds");
      if (spoke.subnetIds === undefined || spoke.subnetIds.length === 0) error(k(".subnetIds"), spoke.subnetIds, "is required with vpcId: the transit gateway attachment needs one subnet per availability zone");
      (spoke.subnetIds ?? []).forEach((id, j) => {
        const idIssue = awsIdProblem(id, "subnet");
        if (idIssue) error(k(`.subnetIds[${j}]`), id, idIssue);
      });
      (spoke.routeTableIds ?? []).forEach((id, j) => {
        const idIssue = awsIdProblem(id, "routeTable");
        if (idIssue) error(k(`.routeTableIds[${j}]`), id, idIssue);
      });
      return;
    }
    if (spoke.subnetIds !== undefined) error(k(".subnetIds"), spoke.subnetIds, "is only for an existing VPC (set vpcId); a created VPC takes subnets");
    if (spoke.routeTableIds !== undefined) error(k(".routeTableIds"), spoke.routeTableIds, "is only for an existing VPC (set vpcId); a created VPC gets its own route table");
    const subnets = spoke.subnets ?? [];
    if (subnets.length === 0) error(k(".subnets"), spoke.subnets, "must list at least one subnet (with its availability zone) for the transit gateway attachment");
    const zones = new Map<string, number>();
    const seen: Ipv4Cidr[] = [];
    const subnetNames = new Map<string, number>();
    subnets.forEach((subnet, j) => {
      const sk = (rest: string): string => k(`.subnets[${j}]${rest}`);
      // The subnet's name names its resources (subnet, route table association): two alike are one URN.
      const sameName = subnetNames.get(subnet.name);
      if (sameName !== undefined) error(sk(".name"), subnet.name, `repeats subnets[${sameName}]'s name; subnet names must be unique within a spoke (each names the subnet's resources)`);
      else subnetNames.set(subnet.name, j);
      const block = parse(sk(".cidr"), subnet.cidr);
      if (block) {
        if (cidr && !contains(cidr, block)) error(sk(".cidr"), block.text, `must lie inside the spoke's CIDR (${cidr.text})`);
        if (block.prefix < 16 || block.prefix > 28) error(sk(".cidr"), block.text, "AWS accepts a subnet from /16 to /28: use a prefix length from 16 to 28");
        const clash = seen.findIndex((b) => overlaps(b, block));
        if (clash >= 0) error(sk(".cidr"), block.text, `overlaps awsSpokes[${i}].subnets[${clash}]; subnets must not overlap`);
        seen.push(block);
      }
      if (subnet.availabilityZone === undefined) {
        error(sk(".availabilityZone"), undefined, "is required: the transit gateway attachment takes one subnet per availability zone");
        return;
      }
      const earlier = zones.get(subnet.availabilityZone);
      if (earlier !== undefined) error(sk(".availabilityZone"), subnet.availabilityZone, `repeats subnets[${earlier}]'s zone; a transit gateway attachment takes one subnet per zone`);
      zones.set(subnet.availabilityZone, j);
      const problem = region ? availabilityZoneProblem(subnet.availabilityZone, region) : undefined;
      if (problem) error(sk(".availabilityZone"), subnet.availabilityZone, problem);
    });
  });

  // Routes are named after their route table (awsSpokeRouteTableNames): an existing spoke's
  // "<name>-rt1" must not be another spoke's name, or two routes share one URN.
  const routeTableNames = new Map<string, number>();
  awsSpokes.forEach((spoke, i) => {
    for (const tableName of awsSpokeRouteTableNames(spoke)) {
      const earlier = routeTableNames.get(tableName);
      if (earlier !== undefined && earlier !== i) error(key(`awsSpokes[${i}].name`), spoke.name, `its route tables' routes would be named ${JSON.stringify(tableName)}, as awsSpokes[${earlier}]'s are (an existing spoke's route tables are named <name>-rt1, -rt2...): two resources with one URN; rename one spoke`);
      routeTableNames.set(tableName, i);
    }
  });

  // Azure names ignore case (docs/constraints.md, "Names"): a spoke named like the hub is the hub.
  const azureNames = new Map<string, number>();
  const vnetIds = new Map<string, number>();
  azureSpokes.forEach((spoke, i) => {
    const k = (rest: string): string => key(`azureSpokes[${i}]${rest}`);
    const nameIssue = nameProblem(spoke.name, NAME_RULES.vnet);
    if (nameIssue) error(k(".name"), spoke.name, nameIssue);
    const sameName = azureNames.get(spoke.name.toLowerCase());
    if (sameName !== undefined) error(k(".name"), spoke.name, `repeats azureSpokes[${sameName}]'s name ${JSON.stringify(azureSpokes[sameName]!.name)} (Azure compares names case-insensitively)`);
    else azureNames.set(spoke.name.toLowerCase(), i);
    if (spoke.name.toLowerCase() === s.vnetName.toLowerCase()) error(k(".name"), spoke.name, `is the hub VNet's name (vnetName = ${JSON.stringify(s.vnetName)}) in Azure's case-insensitive comparison: a spoke must be another VNet, and its name names the VNet and the peerings`);
    const peerings = spokePeeringNames(s.vnetName, spoke.name);
    for (const peering of [peerings.hub, peerings.spoke]) {
      const problem = nameProblem(peering, NAME_RULES.peering);
      if (problem) {
        error(k(".name"), spoke.name, `derives the peering name ${JSON.stringify(peering)} (<hub VNet>-to-<spoke> and <spoke>-to-<hub VNet>), but ${problem}: shorten the spoke's name or vnetName`);
        break;
      }
    }
    const spaces = spoke.addressSpace.map((text, j) => parse(k(`.addressSpace[${j}]`), text));
    spaces.forEach((block, j) => {
      if (!block) return;
      if (block.prefix > 29) error(k(`.addressSpace[${j}]`), block.text, "is smaller than Azure's smallest subnet (/29): use a prefix length of at most 29");
      refuseForbidden(k(`.addressSpace[${j}]`), block, AZURE_VNET_FORBIDDEN, "in a virtual network's address space (Azure refuses it)");
      claim(`Azure spoke ${spoke.name} (azureSpokes[${i}].addressSpace[${j}], ${block.text})`, k(`.addressSpace[${j}]`), block);
    });
    if (spoke.vnetId !== undefined) {
      const parsed = parseVnetId(spoke.vnetId);
      if (parsed === undefined) error(k(".vnetId"), spoke.vnetId, azureIdRule("virtualNetworks"));
      // ARM resource ids compare case-insensitively; Azure refuses a second peering with one remote VNet.
      const sameVnet = vnetIds.get(spoke.vnetId.toLowerCase());
      if (sameVnet !== undefined) error(k(".vnetId"), spoke.vnetId, `is already azureSpokes[${sameVnet}].vnetId (resource ids compare case-insensitively): a VNet is peered with the hub once, and Azure refuses a second peering with the same remote VNet`);
      else vnetIds.set(spoke.vnetId.toLowerCase(), i);
      // Another subscription than the stack's is fine: its spoke-side peering goes through an
      // explicit provider for the subscription in the id (infra/components/azureSpokes.ts).
      if (spoke.subnets !== undefined) error(k(".subnets"), spoke.subnets, "is only for a VNet the program creates; an existing VNet (vnetId) keeps its own subnets");
      return;
    }
    const valid = spaces.filter((b): b is Ipv4Cidr => b !== undefined);
    const seen: Ipv4Cidr[] = [];
    const subnetNames = new Map<string, number>();
    (spoke.subnets ?? []).forEach((subnet, j) => {
      const sk = (rest: string): string => k(`.subnets[${j}]${rest}`);
      // The hub's subnet rules (validation/addresses.ts): Azure's name rule, unique in any case.
      const subnetNameIssue = nameProblem(subnet.name, NAME_RULES.subnet);
      if (subnetNameIssue) error(sk(".name"), subnet.name, subnetNameIssue);
      const sameSubnet = subnetNames.get(subnet.name.toLowerCase());
      if (sameSubnet !== undefined) error(sk(".name"), subnet.name, `repeats subnets[${sameSubnet}]'s name ${JSON.stringify(spoke.subnets![sameSubnet]!.name)}: subnet names must be unique within a VNet, and Azure compares them case-insensitively`);
      else subnetNames.set(subnet.name.toLowerCase(), j);
      const reserved = reservedSubnetName(subnet.name);
      if (reserved === "GatewaySubnet") error(sk(".name"), subnet.name, "a spoke uses the hub's gateway (useRemoteGateways), and a VNet with a gateway of its own cannot: no GatewaySubnet in a spoke");
      else if (reserved) error(sk(".name"), subnet.name, `${reserved} is reserved by Azure for its own service; pick another name`);
      const block = parse(sk(".cidr"), subnet.cidr);
      if (!block) return;
      if (valid.length === spaces.length && !valid.some((b) => contains(b, block))) error(sk(".cidr"), block.text, `must lie inside the spoke's address space (${spoke.addressSpace.join(", ")})`);
      if (block.prefix > 29) error(sk(".cidr"), block.text, "Azure's smallest subnet is a /29: use a prefix length of at most 29");
      const clash = seen.findIndex((b) => overlaps(b, block));
      if (clash >= 0) error(sk(".cidr"), block.text, `overlaps azureSpokes[${i}].subnets[${clash}]; subnets must not overlap`);
      seen.push(block);
    });
  });

  // What a BGP session accepts, counted over every prefix.
  const counts = routeCounts(s);
  if (counts.toAws > counts.toAwsLimit) {
    error(key("azureSpokes"), `${counts.toAws} prefixes`, `the hub VNet and the Azure spokes make ${counts.toAws} prefixes, each a route Azure advertises to every AWS VPN connection, but AWS accepts at most ${counts.toAwsLimit} from a customer gateway per VPN connection${s.awsAttachment === "tgw" ? " on a transit gateway" : ""}: summarise the address spaces`);
  }
  if (counts.toAzure > counts.toAzureLimit) {
    error(key("awsSpokes"), `${counts.toAzure} prefixes`, `the hub VPC and the AWS spokes make ${counts.toAzure} prefixes that the transit gateway advertises, but Azure's VPN gateway accepts at most ${SPOKE_LIMITS.azurePrefixesFromPeer} from a BGP peer (and drops the session beyond)`);
  }
  if (s.awsAttachment === "tgw" && counts.toAws > SPOKE_LIMITS.awsRoutesPerRouteTable) {
    warn(key("azureSpokes"), `${counts.toAws} prefixes`, `every AWS route table (the hub's and each AWS spoke's) gets one route per Azure prefix, ${counts.toAws} in all, above AWS's default quota of ${SPOKE_LIMITS.awsRoutesPerRouteTable} routes per route table: request an increase (up to 1,000) before deploying, or summarise the Azure address spaces`);
  }
  if (azureSpokes.length > SPOKE_LIMITS.azurePeeringsPerVnet) error(key("azureSpokes"), `${azureSpokes.length} spokes`, `the hub VNet can have at most ${SPOKE_LIMITS.azurePeeringsPerVnet} peerings`);
  if (awsSpokes.length + 1 + 2 > SPOKE_LIMITS.tgwAttachments) error(key("awsSpokes"), `${awsSpokes.length} spokes`, `a transit gateway takes at most ${SPOKE_LIMITS.tgwAttachments} attachments (the hub VPC and the VPN connections count too)`);
}
