/**
 * Each engine step checked against the clouds' rules, on a simulated world of live objects. A
 * live object refers to the objects whose outputs fed its inputs (recorded propertyDependencies),
 * re-pointed to the newest copy when it is created or updated. Sources: docs/constraints.md,
 * "Update model".
 */
import type { RegisteredResource } from "../evaluate";
import type { Step } from "./engine";
import { overlaps, parseIpv4Cidr, type Ipv4Cidr } from "../../infra/addressing";
import { TYPES } from "../../infra/types";

export interface Refusal {
  step: number;
  urn: string;
  rule: string;
  fix: string;
  source: string;
}

interface InUseRule {
  /** The types whose `property` can hold the resource: one rule where the cloud refuses them alike. */
  holders: readonly string[];
  property: string;
  held: string;
  rule: string;
  fix: string;
  source: string;
}

/** A resource cannot be deleted while another one uses it. */
export const IN_USE_RULES: readonly InUseRule[] = [
  { holders: [TYPES.vpnConnection], property: "customerGatewayId", held: TYPES.customerGateway, rule: "AWS refuses to delete a customer gateway a VPN connection uses (IncorrectState: The customer gateway is in use)", fix: "replace the customer gateway create-before-delete (no deleteBeforeReplace) so the VPN connection moves first", source: "AWS EC2 API DeleteCustomerGateway: you must delete the VPN connection before you can delete the customer gateway" },
  { holders: [TYPES.vpnGatewayAttachment, TYPES.vpnConnection], property: "vpnGatewayId", held: TYPES.vpnGateway, rule: "AWS refuses to delete a virtual private gateway still attached to a VPC, or with VPN connections", fix: "replace the attachment and the VPN connections with the gateway (replaceWith)", source: "AWS EC2 API DeleteVpnGateway: you must first detach the virtual private gateway from the VPC and delete its VPN connections" },
  { holders: [TYPES.tgwVpcAttachment, TYPES.vpnConnection], property: "transitGatewayId", held: TYPES.transitGateway, rule: "AWS refuses to delete a transit gateway with attachments, VPC or VPN (IncorrectState)", fix: "replace the attachments (the VPC attachment, the VPN connections) with the transit gateway", source: "AWS Transit Gateway guide, Delete a transit gateway: delete all attachments first" },
  { holders: [TYPES.gateway], property: "ipConfigurations", held: TYPES.publicIp, rule: "Azure refuses to delete a public IP a gateway holds (PublicIPAddressCannotBeDeleted)", fix: "replace the gateway with its public IPs: replaceWith on the gateway", source: "Azure public IP docs: a public IP associated to a resource cannot be deleted; error PublicIPAddressCannotBeDeleted" },
  { holders: [TYPES.gateway, TYPES.nic], property: "ipConfigurations", held: TYPES.subnet, rule: "Azure refuses to delete a subnet a gateway or a network interface uses (InUseSubnetCannotBeDeleted)", fix: "replace the gateway (GatewaySubnet) or the network interface with its subnet", source: "Azure virtual network docs: a subnet with resources in it cannot be deleted" },
  { holders: [TYPES.connection], property: "virtualNetworkGateway1", held: TYPES.gateway, rule: "Azure refuses to delete a VPN gateway with connections", fix: "replace the connections with the gateway: replaceWith on each connection", source: "Azure VPN Gateway docs, Delete a virtual network gateway: delete the connections first" },
  { holders: [TYPES.connection], property: "localNetworkGateway2", held: TYPES.lng, rule: "Azure refuses to delete a local network gateway a connection references", fix: "replace the connection with its local network gateway: replaceWith on the connection", source: "Azure VPN Gateway docs, Delete a virtual network gateway: connections reference the local network gateway and go first" },
  { holders: [TYPES.instance], property: "subnetId", held: TYPES.awsSubnet, rule: "AWS refuses to delete a subnet with network interfaces in it (DependencyViolation)", fix: "replace the instance with the subnet (its subnetId forces a replacement, so deleteBeforeReplace on the subnet deletes it first)", source: "AWS EC2 API DeleteSubnet: you must terminate all running instances in the subnet before you can delete the subnet" },
  { holders: [TYPES.tgwVpcAttachment], property: "subnetIds", held: TYPES.awsSubnet, rule: "AWS refuses to delete a subnet that holds a transit gateway attachment's network interface (DependencyViolation)", fix: "replace the VPC attachment with its subnets (replaceWith)", source: "AWS EC2 API DeleteSubnet; Transit Gateway guide, VPC attachments: one network interface per attachment subnet" },
];

interface Live {
  key: string;
  resource: RegisteredResource;
  refs: Map<string, string[]>;
}

function azureIdentity(r: RegisteredResource): string | undefined {
  if (!r.type.startsWith("azure-native:")) return undefined;
  const nameKeys = Object.keys(r.inputs).filter((k) => /Name$/.test(k) && typeof r.inputs[k] === "string").sort();
  if (nameKeys.length === 0) return undefined;
  return `${r.type}|${nameKeys.map((k) => String(r.inputs[k]).toLowerCase()).join("/")}`;
}

function insideCidrs(r: RegisteredResource): string[] {
  return ["tunnel1InsideCidr", "tunnel2InsideCidr"].map((k) => r.inputs[k]).filter((v): v is string => typeof v === "string");
}

function ipv4Cidr(value: unknown): Ipv4Cidr | undefined {
  if (typeof value !== "string") return undefined;
  const parsed = parseIpv4Cidr(value);
  return parsed.ok ? parsed.cidr : undefined;
}

/** Simulates the steps and returns every step a cloud would refuse. */
export function checkSteps(steps: readonly Step[], oldResources: readonly RegisteredResource[]): Refusal[] {
  const live = new Map<string, Live>();
  const newest = new Map<string, string>();
  let generation = 0;
  const add = (r: RegisteredResource): void => {
    const key = `${r.urn}#${generation++}`;
    const refs = new Map<string, string[]>();
    for (const [prop, urns] of Object.entries(r.propertyDependencies)) refs.set(prop, urns.map((u) => newest.get(u)).filter((k): k is string => k !== undefined));
    live.set(key, { key, resource: r, refs });
    newest.set(r.urn, key);
  };
  for (const r of oldResources) if (r.custom) add(r);
  const refusals: Refusal[] = [];

  steps.forEach((step, index) => {
    const n = index + 1;
    if (step.op === "create" || step.op === "create-replacement") {
      const identity = azureIdentity(step.resource);
      for (const other of live.values()) {
        if (identity !== undefined && azureIdentity(other.resource) === identity) {
          refusals.push({ step: n, urn: step.urn, rule: `Azure: a ${step.type.split(":").pop()} named ${identity.split("|")[1]} still exists while its replacement is created (the provider refuses to create an existing resource)`, fix: "deleteBeforeReplace on this resource (a name is unique in its scope)", source: "Azure Resource Manager: resource names are unique within their parent scope" });
        }
      }
      if (step.type === TYPES.vpnConnection && typeof step.resource.inputs["vpnGatewayId"] === "string") {
        const mine = insideCidrs(step.resource);
        for (const other of live.values()) {
          if (other.resource.type !== step.type || other.resource.inputs["vpnGatewayId"] !== step.resource.inputs["vpnGatewayId"]) continue;
          const clash = insideCidrs(other.resource).filter((c) => mine.includes(c));
          if (clash.length > 0) refusals.push({ step: n, urn: step.urn, rule: `AWS: tunnel inside CIDR ${clash.join(", ")} is still used by another VPN connection on the same virtual private gateway`, fix: "deleteBeforeReplace on the VPN connection when it attaches to a virtual private gateway (names an outage), or new inside CIDRs in azure-aws-vpn:tunnelInsideCidrs", source: "AWS EC2 API VpnTunnelOptionsSpecification.TunnelInsideCidr: unique across all VPN connections that use the same virtual private gateway" });
        }
      }
      if (step.type === TYPES.awsSubnet) {
        const mine = ipv4Cidr(step.resource.inputs["cidrBlock"]);
        const vpc = (l: Live | RegisteredResource): string[] => ("refs" in l ? l.refs.get("vpcId") ?? [] : (l.propertyDependencies["vpcId"] ?? []).map((u) => newest.get(u) ?? u));
        for (const other of live.values()) {
          if (other.resource.type !== step.type || !mine) continue;
          const theirs = ipv4Cidr(other.resource.inputs["cidrBlock"]);
          const sameVpc = vpc(other).some((k) => vpc(step.resource).includes(k));
          if (theirs && sameVpc && overlaps(mine, theirs)) {
            refusals.push({ step: n, urn: step.urn, rule: `AWS: subnet CIDR ${String(step.resource.inputs["cidrBlock"])} overlaps ${String(other.resource.inputs["cidrBlock"])} of a subnet that still exists (InvalidSubnet.Conflict)`, fix: "deleteBeforeReplace on the subnet (the old one must go first), or a CIDR that does not overlap", source: "AWS VPC guide, subnet CIDR blocks: the CIDR blocks of the subnets in a VPC cannot overlap; EC2 CreateSubnet error InvalidSubnet.Conflict (pulumi/pulumi-awsx#910)" });
          }
        }
      }
      if (step.type === TYPES.vpnGatewayAttachment) {
        for (const other of live.values()) {
          const vpc = (l: RegisteredResource): string[] => (l.propertyDependencies["vpcId"] ?? []).map((u) => newest.get(u) ?? u);
          const sameVpc = other.refs.get("vpcId")?.some((k) => vpc(step.resource).includes(k)) ?? false;
          if (other.resource.type === step.type && sameVpc) refusals.push({ step: n, urn: step.urn, rule: "AWS: a VPC can have only one virtual private gateway attached at a time", fix: "deleteBeforeReplace on the attachment", source: "AWS Site-to-Site VPN guide, virtual private gateway: you can attach one virtual private gateway to a VPC" });
        }
      }
      add(step.resource);
    } else if (step.op === "update") {
      const key = newest.get(step.urn);
      const before = key ? live.get(key)?.resource : undefined;
      if (before && before.type.startsWith("azure-native:") && step.changed.includes("location")) {
        refusals.push({ step: n, urn: step.urn, rule: "Azure: a resource's location cannot change (InvalidResourceLocation)", fix: "replaceOnChanges: [\"location\"] with deleteBeforeReplace", source: "pulumi/pulumi-azure-native#3053: location is updated in place and Azure refuses" });
      }
      if (key) live.delete(key);
      add(step.resource);
    } else {
      const key = step.op === "delete" ? newest.get(step.urn) : [...live.keys()].find((k) => k.startsWith(`${step.urn}#`));
      if (!key) return;
      for (const other of live.values()) {
        if (other.key === key) continue;
        for (const rule of IN_USE_RULES) {
          if (!rule.holders.includes(other.resource.type) || rule.held !== step.type) continue;
          if (other.refs.get(rule.property)?.includes(key)) refusals.push({ step: n, urn: step.urn, rule: `${rule.rule}: still used by ${other.resource.urn}`, fix: rule.fix, source: rule.source });
        }
      }
      live.delete(key);
      if (newest.get(step.urn) === key) newest.delete(step.urn);
    }
  });
  return refusals;
}
