/**
 * What each side announces over BGP once spokes exist (issue 14), derived from the declared
 * resources: AWS announces the CIDR of every VPC attachment propagating into the transit gateway
 * route table its VPN attachments use (the hub VPC and the spokes); Azure announces the hub VNet's
 * prefixes and those of every VNet peered with gateway transit whose peering uses the gateway. An
 * existing spoke is not a declared resource: its prefixes come from the stack's config.
 */
import type { Evaluation, RegisteredResource } from "../offline/evaluate";
import { TYPES } from "../infra/types";

type Props = Record<string, unknown>;
const obj = (value: unknown): Props => (value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : {});
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** A resource of a spoke component (AwsSpokes, AzureSpokes), not of the hub. */
export function isSpokeResource(r: RegisteredResource): boolean {
  return /azureawsvpn:index:(Aws|Azure)Spokes\$/.test(r.urn);
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** The hub VPC's CIDR, then every spoke VPC propagating into the VPN's transit gateway route table. */
export function awsAnnounced(evaluation: Evaluation, hubVpc: RegisteredResource, vpn: RegisteredResource): string[] {
  const of = (type: string): RegisteredResource[] => evaluation.resources.filter((r) => r.type === type);
  const hub = typeof hubVpc.inputs["cidrBlock"] === "string" ? [hubVpc.inputs["cidrBlock"]] : [];
  const vpnAttachment = vpn.state["transitGatewayAttachmentId"];
  if (vpnAttachment === undefined) return hub;
  const association = of(TYPES.tgwAssociation).find((a) => a.inputs["transitGatewayAttachmentId"] === vpnAttachment);
  if (association === undefined) return hub;
  const table = association.inputs["transitGatewayRouteTableId"];
  const propagated = new Set(of(TYPES.tgwPropagation).filter((p) => p.inputs["transitGatewayRouteTableId"] === table).map((p) => p.inputs["transitGatewayAttachmentId"]));
  const spokes = of(TYPES.tgwVpcAttachment)
    .filter((a) => a.id !== undefined && propagated.has(a.id) && isSpokeResource(a))
    .flatMap((a) => {
      const vpcId = a.inputs["vpcId"];
      const declared = of(TYPES.vpc).find((v) => v.id !== undefined && v.id === vpcId);
      if (declared && typeof declared.inputs["cidrBlock"] === "string") return [declared.inputs["cidrBlock"]];
      const existing = evaluation.config?.awsSpokes.find((s) => s.vpcId === vpcId);
      return existing ? [existing.cidr] : [];
    });
  return unique([...hub, ...spokes.sort()]);
}

/** The hub VNet's prefixes, then every VNet peered with gateway transit that uses the hub's gateway. */
export function azureAnnounced(evaluation: Evaluation, hubVnet: RegisteredResource): string[] {
  const peerings = evaluation.resources.filter((r) => r.type === TYPES.vnetPeering);
  const hub = strings(obj(hubVnet.inputs["addressSpace"])["addressPrefixes"]);
  const hubName = hubVnet.inputs["virtualNetworkName"];
  const spokes = peerings
    .filter((p) => p.inputs["virtualNetworkName"] === hubName && p.inputs["allowGatewayTransit"] === true)
    .flatMap((p) => {
      const remoteId = obj(p.inputs["remoteVirtualNetwork"])["id"];
      // The spoke's own peering back to the hub, using the hub's gateway.
      const remoteName = typeof remoteId === "string" ? remoteId.split("/").pop() : undefined;
      const usesGateway = peerings.some((q) => q.inputs["useRemoteGateways"] === true && obj(q.inputs["remoteVirtualNetwork"])["id"] === hubVnet.id && q.inputs["virtualNetworkName"] === remoteName);
      if (!usesGateway) return [];
      const declared = evaluation.resources.find((r) => r.type === TYPES.vnet && r.id !== undefined && r.id === remoteId);
      if (declared) return strings(obj(declared.inputs["addressSpace"])["addressPrefixes"]);
      return evaluation.config?.azureSpokes.find((s) => s.vnetId === remoteId)?.addressSpace ?? [];
    });
  return unique([...hub, ...spokes.sort()]);
}
