/**
 * The plan's readers of what an evaluation recorded (offline/evaluate.ts): which cloud a resource
 * type is, its short type name, the name it gets in its cloud, a one-line description of it, and the
 * leaves of an untyped value. Pure; no report shape.
 */
import { at, list, text } from "../infra/props";
import { TYPES } from "../infra/types";
import type { RegisteredResource } from "./evaluation";
import { SECRET, type CloudKind } from "./feed";

export function onOff(value: unknown): string {
  return value === true ? "on" : "off";
}

export function cloudOf(type: string): CloudKind {
  if (type.startsWith("azure-native:")) return "azure";
  if (type.startsWith("aws:")) return "aws";
  if (type.startsWith("azureawsvpn:")) return "component";
  return "pulumi";
}

/** "azure-native:network:VirtualNetworkGateway" -> "VirtualNetworkGateway". */
export function typeShort(type: string): string {
  const name = type.split(":").pop() ?? type;
  // aws:ec2transitgateway/routeTable:RouteTable would read like the VPC's RouteTable.
  return type.startsWith("aws:ec2transitgateway/") && !name.startsWith("TransitGateway") ? `Tgw${name}` : name;
}

/** The name the resource gets in its cloud, when the program sets one. */
export function cloudNameOf(r: RegisteredResource): string | undefined {
  const cloud = cloudOf(r.type);
  if (cloud === "azure") {
    if (r.type === TYPES.vm) return text(r.inputs, "vmName");
    const wanted = `${typeShort(r.type)}Name`.toLowerCase();
    const key = Object.keys(r.inputs).find((k) => k.toLowerCase() === wanted);
    return key === undefined ? undefined : text(r.inputs, key);
  }
  if (cloud === "aws") return text(r.inputs, "tags", "Name") ?? text(r.inputs, "keyName");
  return undefined;
}

/** A short description of what a resource is, from its inputs and mocked outputs. */
export function detailsOf(r: RegisteredResource): string | undefined {
  const i = r.inputs;
  const s = r.state;
  switch (r.type) {
    case TYPES.resourceGroup:
      return text(i, "location");
    case TYPES.vnet:
      return list(i, "addressSpace", "addressPrefixes").map(String).join(", ");
    case TYPES.subnet:
      return text(i, "addressPrefix");
    case TYPES.publicIp: {
      const zones = list(i, "zones").map(String);
      return `${text(i, "sku", "name") ?? "?"} ${text(i, "publicIPAllocationMethod") ?? ""}${zones.length > 0 ? `, zones ${zones.join(",")}` : ""}, address ${text(s, "ipAddress") ?? "?"}`.replace(/ +,/g, ",");
    }
    case TYPES.gateway: {
      const asn = text(i, "bgpSettings", "asn");
      return `${text(i, "sku", "name") ?? "?"} ${text(i, "vpnGatewayGeneration") ?? "?"}, active-active ${onOff(at(i, "activeActive"))}, BGP ${onOff(at(i, "enableBgp"))}${at(i, "enableBgp") === true && asn ? ` (ASN ${asn})` : ""}`;
    }
    case TYPES.lng: {
      const bgpAsn = text(i, "bgpSettings", "asn");
      const space = list(i, "localNetworkAddressSpace", "addressPrefixes").map(String);
      return `peer ${text(i, "gatewayIpAddress") ?? "?"}${bgpAsn ? `, BGP ASN ${bgpAsn} at ${text(i, "bgpSettings", "bgpPeeringAddress") ?? "?"}` : ""}${space.length > 0 ? `, prefixes ${space.join(", ")}` : ""}`;
    }
    case TYPES.connection:
      return `${text(i, "connectionType") ?? "?"} ${text(i, "connectionProtocol") ?? "?"}, ${text(i, "connectionMode") ?? "Default"}, BGP ${onOff(at(i, "enableBgp"))}, key ${SECRET}`;
    case TYPES.nsg:
      return `${list(i, "securityRules").length} rules`;
    case TYPES.vm:
      return text(i, "hardwareProfile", "vmSize");
    case TYPES.vpc:
      return text(i, "cidrBlock");
    case TYPES.awsSubnet:
      return [text(i, "cidrBlock"), text(i, "availabilityZone")].filter(Boolean).join(", ");
    case TYPES.route: {
      const target = text(i, "gatewayId") ?? text(i, "transitGatewayId") ?? "?";
      return `${text(i, "destinationCidrBlock") ?? "?"} -> ${target}`;
    }
    case TYPES.vpnConnectionRoute:
      return text(i, "destinationCidrBlock");
    case TYPES.customerGateway:
      return `${text(i, "ipAddress") ?? "?"}, ASN ${text(i, "bgpAsn") ?? "?"}`;
    case TYPES.vpnGateway:
      return `ASN ${text(i, "amazonSideAsn") ?? "?"}`;
    case TYPES.transitGateway:
      return `ASN ${text(i, "amazonSideAsn") ?? "?"}, VPN ECMP ${text(i, "vpnEcmpSupport") ?? "?"}`;
    case TYPES.vpnConnection:
      return `${at(i, "staticRoutesOnly") === true ? "static routes" : "BGP"}${at(i, "tunnelBandwidth") === "large" ? ", large 5 Gbps tunnels" : ""}, tunnels ${text(s, "tunnel1Address") ?? "?"} / ${text(s, "tunnel2Address") ?? "?"}, keys ${SECRET}`;
    case TYPES.vnetPeering:
      return `gateway transit ${onOff(at(i, "allowGatewayTransit"))}, remote gateways ${onOff(at(i, "useRemoteGateways"))}`;
    case TYPES.instance:
      return text(i, "instanceType");
    case TYPES.password:
      return `length ${text(i, "length") ?? "?"}, value ${SECRET}`;
    default:
      return undefined;
  }
}

/** A string or number inside an untyped value, with its path (`a.b[0].c`). */
export interface Leaf {
  path: string;
  value: string;
}

/** Every string or number inside a value, with its path from `pathSoFar`. */
export function leaves(value: unknown, pathSoFar: string, out: Leaf[] = []): Leaf[] {
  if (typeof value === "string" || typeof value === "number") out.push({ path: pathSoFar, value: String(value) });
  else if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${pathSoFar}[${i}]`, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) leaves(v, pathSoFar ? `${pathSoFar}.${k}` : k, out);
  }
  return out;
}

/** The top-level property of a path: `ipConfigurations[0].name` -> `ipConfigurations`. */
export function rootKey(pathText: string): string {
  return pathText.split(/[.[]/, 1)[0]!;
}
