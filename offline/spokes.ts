/**
 * The plan's spoke sections: what feeds the spoke resources (peerings, transit gateway
 * attachments) and the prefixes each BGP session carries against what the other side accepts.
 */
import type { VpnConfig } from "../infra/config";
import { parseVnetId, routeCounts, type RouteCounts } from "../infra/spokes";
import type { RegisteredResource } from "./evaluate";
import type { Feed } from "./feed";
import { TYPES } from "../infra/types";

/** Resource types that join a spoke to its hub: links into them are drawn and listed. */
export const SPOKE_LINK_TYPES: readonly string[] = [TYPES.vnetPeering, TYPES.tgwVpcAttachment];

export interface SpokePlan {
  aws: string[];
  azure: string[];
  /** Ids and names that join the spokes to the hubs. */
  feeds: Feed[];
  routes: RouteCounts;
}

export function spokePlan(config: VpnConfig | undefined, feeds: Feed[], resources: readonly RegisteredResource[]): SpokePlan | undefined {
  if (config === undefined || (config.awsSpokes.length === 0 && config.azureSpokes.length === 0)) return undefined;
  const inSpokeComponent = (r: RegisteredResource): boolean => /azureawsvpn:index:(Aws|Azure)Spokes\$/.test(r.urn);
  const spokeUrns = new Set(resources.filter((r) => r.custom && SPOKE_LINK_TYPES.includes(r.type) && inSpokeComponent(r)).map((r) => r.urn));
  return {
    aws: config.awsSpokes.map((s) => `${s.name} ${s.cidr} (${s.vpcId === undefined ? "created" : `existing ${s.vpcId}`})`),
    azure: config.azureSpokes.map((s) => `${s.name} ${s.addressSpace.join(", ")} (${s.vnetId === undefined ? "created" : existingAzureSpoke(s.vnetId, resources.filter(inSpokeComponent))})`),
    feeds: feeds.filter((f) => spokeUrns.has(f.to.urn) && f.from.type !== TYPES.resourceGroup),
    routes: routeCounts(config),
  };
}

/**
 * An existing Azure spoke: its subscription and group, and the explicit provider (a child of
 * AzureSpokes) its spoke-side peering is created through, read from the registrations.
 */
function existingAzureSpoke(vnetId: string, spokeResources: readonly RegisteredResource[]): string {
  const parsed = parseVnetId(vnetId);
  if (parsed === undefined) return "existing";
  const provider = spokeResources.find((r) => r.type === TYPES.azureProvider && String(r.inputs["subscriptionId"]).toLowerCase() === parsed.subscriptionId.toLowerCase());
  const through = provider === undefined ? "its spoke-side peering through the stack's Azure provider" : `its spoke-side peering through the azure-native provider ${provider.name} for that subscription`;
  return `existing, subscription ${parsed.subscriptionId}, resource group ${parsed.resourceGroupName}; ${through}; the hub's peering names it by its full id`;
}

export function spokeText(plan: SpokePlan, feedText: (f: Feed) => string): string[] {
  const r = plan.routes;
  return [
    `Spokes: ${plan.aws.length} AWS (transit gateway), ${plan.azure.length} Azure (peered, gateway transit)`,
    ...plan.aws.map((s) => `  AWS ${s}`),
    ...plan.azure.map((s) => `  Azure ${s}`),
    `  BGP prefixes: Azure -> AWS ${r.toAws} (AWS accepts ${r.toAwsLimit} per VPN connection); AWS -> Azure ${r.toAzure} (Azure accepts ${r.toAzureLimit})`,
    "  What feeds the spokes:",
    ...plan.feeds.map((f) => `    ${feedText(f)}`),
  ];
}

export function spokeMarkdown(plan: SpokePlan, feedText: (f: Feed) => string, escape: (s: string) => string): string[] {
  const r = plan.routes;
  return [
    "## Spokes",
    "",
    ...plan.aws.map((s) => `- AWS ${escape(s)}`),
    ...plan.azure.map((s) => `- Azure ${escape(s)}`),
    `- BGP prefixes: Azure -> AWS ${r.toAws} (AWS accepts ${r.toAwsLimit} per VPN connection); AWS -> Azure ${r.toAzure} (Azure accepts ${r.toAzureLimit})`,
    "",
    "What feeds the spokes:",
    "",
    ...plan.feeds.map((f) => `- ${escape(feedText(f))}`),
    "",
  ];
}
