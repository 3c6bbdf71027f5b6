/**
 * Placeholder provider behaviour for offline evaluation: ids shaped like the real ones, and
 * addresses from the documentation ranges (RFC 5737): Azure public IPs from 198.51.100.0/24, AWS
 * tunnel outside addresses from 203.0.113.0/24. Nothing here reaches a cloud.
 */
import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { cidr, hostAddress, insideAddresses } from "../infra/addressing";
import { TYPES } from "../infra/types";

type Inputs = Record<string, unknown>;
type State = Record<string, unknown>;

export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_AMI_ID = "ami-0123456789abcdef0";

const KEY_ALPHABET_LOWER = "abcdefghijklmnopqrstuvwxyz";
const KEY_ALPHABET_UPPER = KEY_ALPHABET_LOWER.toUpperCase();
const DIGITS = "0123456789";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

function hexId(prefix: string, name: string): string {
  return `${prefix}-${digest(name).toString("hex").slice(0, 17)}`;
}

/** A deterministic stand-in for random.RandomPassword: same name and keepers, same value. */
export function mockPassword(name: string, inputs: Inputs): string {
  const length = typeof inputs["length"] === "number" ? inputs["length"] : 16;
  const specials = typeof inputs["overrideSpecial"] === "string" ? inputs["overrideSpecial"] : "";
  const alphabet = KEY_ALPHABET_LOWER + KEY_ALPHABET_UPPER + DIGITS + specials;
  const seed = `${name}:${JSON.stringify(inputs["keepers"] ?? {})}`;
  let bytes = Buffer.alloc(0);
  for (let round = 0; bytes.length < length; round++) bytes = Buffer.concat([bytes, digest(`${seed}:${round}`)]);
  // Start with a '0' for every other seed, so the AWS "no leading 0" rule is exercised.
  const chars = Array.from(bytes.subarray(0, length), (b) => alphabet[b % alphabet.length]!);
  if (bytes[0]! % 2 === 0) chars[0] = "0";
  return chars.join("");
}

/** A lookup's answer for a token and its args, or undefined when it is not one the answers cover (offline/existingHub.ts). */
export type LookupAnswers = (token: string, args: Record<string, unknown>) => Record<string, unknown> | undefined;

/** What the clouds answer to the invokes the program makes; undefined for any other token. Also the engine suite's fake cloud's answers. */
export function invokeResult(token: string): Record<string, unknown> | undefined {
  switch (token) {
    case "azure-native:authorization:getClientConfig":
      return { subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_SUBSCRIPTION_ID, clientId: MOCK_SUBSCRIPTION_ID, objectId: MOCK_SUBSCRIPTION_ID };
    case "aws:ec2/getAmi:getAmi":
      return { id: MOCK_AMI_ID, imageId: MOCK_AMI_ID, name: "al2023-ami-2023.6.20261101.0-kernel-6.1-x86_64", architecture: "x86_64" };
    default:
      return undefined;
  }
}

/** Mocks with the state of one evaluation (address allocation, subnet prefixes). */
export class OfflineMocks implements pulumi.runtime.Mocks {
  private readonly addressesInUse = new Set<string>();
  private readonly subnetPrefixById = new Map<string, string>();

  constructor(
    private readonly delayFor?: (type: string) => number,
    /** The existing hub's lookups (offline/existingHub.ts), answered before the program's others. */
    private readonly lookups?: LookupAnswers,
  ) {}

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const inputs = args.inputs as Record<string, unknown>;
    return this.lookups?.(args.token, inputs) ?? invokeResult(args.token) ?? inputs;
  }

  async newResource(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string | undefined; state: State }> {
    const delay = this.delayFor?.(args.type) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    return this.resourceOutputs(args.type, args.name, (args.inputs ?? {}) as Inputs);
  }

  /** The id and outputs (inputs plus computed properties) of a new resource; also the engine suite's fake cloud's. */
  resourceOutputs(type: string, name: string, inputs: Inputs): { id: string | undefined; state: State } {
    const { id, state } = this.create(type, name, inputs);
    return { id, state: { ...inputs, ...state } };
  }

  /**
   * A documentation-range address chosen by the resource's name, not by the order of registration:
   * a config change that adds or removes another resource moves no address, as in the clouds,
   * where an address lives as long as its resource (the update model compares fed inputs).
   */
  private address(prefix: string, seed: string): string {
    let host = 10 + (digest(seed).readUInt16BE(0) % 240);
    while (this.addressesInUse.has(`${prefix}.${host}`)) host = host >= 249 ? 10 : host + 1;
    const address = `${prefix}.${host}`;
    this.addressesInUse.add(address);
    return address;
  }

  private azureId(inputs: Inputs, kind: string, nameKey: string, name: string): { id: string; name: string } {
    const resourceName = typeof inputs[nameKey] === "string" ? (inputs[nameKey] as string) : name;
    const group = typeof inputs["resourceGroupName"] === "string" ? inputs["resourceGroupName"] : "rg";
    return { id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${group}/providers/Microsoft.Network/${kind}/${resourceName}`, name: resourceName };
  }

  private create(type: string, name: string, inputs: Inputs): { id: string | undefined; state: State } {
    switch (type) {
      case TYPES.resourceGroup: {
        const rgName = (inputs["resourceGroupName"] as string | undefined) ?? name;
        return { id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rgName}`, state: { name: rgName } };
      }
      case TYPES.vnet:
        return this.azure(inputs, "virtualNetworks", "virtualNetworkName", name);
      case TYPES.subnet: {
        const subnetName = (inputs["subnetName"] as string | undefined) ?? name;
        const vnet = this.azureId(inputs, "virtualNetworks", "virtualNetworkName", "vnet");
        const id = `${vnet.id}/subnets/${subnetName}`;
        if (typeof inputs["addressPrefix"] === "string") this.subnetPrefixById.set(id, inputs["addressPrefix"]);
        return { id, state: { name: subnetName } };
      }
      case TYPES.publicIp: {
        const result = this.azure(inputs, "publicIPAddresses", "publicIpAddressName", name);
        return { id: result.id, state: { ...result.state, ipAddress: this.address("198.51.100", name) } };
      }
      case TYPES.gateway:
        return this.azure(inputs, "virtualNetworkGateways", "virtualNetworkGatewayName", name);
      case TYPES.lng:
        return this.azure(inputs, "localNetworkGateways", "localNetworkGatewayName", name);
      case TYPES.connection:
        return this.azure(inputs, "connections", "virtualNetworkGatewayConnectionName", name);
      case TYPES.nsg:
        return this.azure(inputs, "networkSecurityGroups", "networkSecurityGroupName", name);
      case TYPES.nic: {
        const result = this.azure(inputs, "networkInterfaces", "networkInterfaceName", name);
        const configs = (inputs["ipConfigurations"] as Inputs[] | undefined) ?? [];
        const withIps = configs.map((config) => {
          const subnetId = (config["subnet"] as Inputs | undefined)?.["id"];
          const prefix = typeof subnetId === "string" ? this.subnetPrefixById.get(subnetId) : undefined;
          return { ...config, privateIPAddress: prefix ? hostAddress(cidr(prefix), 4) : "10.255.0.4" };
        });
        return { id: result.id, state: { ...result.state, ipConfigurations: withIps } };
      }
      case TYPES.vm: {
        const vmName = (inputs["vmName"] as string | undefined) ?? name;
        const group = (inputs["resourceGroupName"] as string | undefined) ?? "rg";
        return { id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/${vmName}`, state: { name: vmName } };
      }
      case TYPES.password:
        return { id: "none", state: { result: mockPassword(name, inputs) } };
      case TYPES.vpc:
        return this.aws("vpc", name, { arn: `arn:aws:ec2:us-east-1:123456789012:vpc/${hexId("vpc", name)}` });
      case TYPES.awsSubnet: {
        const result = this.aws("subnet", name, {});
        if (typeof inputs["cidrBlock"] === "string") this.subnetPrefixById.set(result.id, inputs["cidrBlock"]);
        return result;
      }
      case TYPES.routeTable:
        return this.aws("rtb", name, {});
      case TYPES.customerGateway:
        return this.aws("cgw", name, {});
      case TYPES.vpnGateway:
        return this.aws("vgw", name, {});
      case TYPES.transitGateway: {
        const id = hexId("tgw", name);
        return { id, state: { associationDefaultRouteTableId: hexId("tgw-rtb", `${name}-assoc`), propagationDefaultRouteTableId: hexId("tgw-rtb", `${name}-prop`) } };
      }
      case TYPES.tgwRouteTable:
        return this.aws("tgw-rtb", name, {});
      case TYPES.tgwVpcAttachment:
        return this.aws("tgw-attach", name, {});
      case TYPES.internetGateway:
        return this.aws("igw", name, {});
      case TYPES.securityGroup:
        return this.aws("sg", name, {});
      case TYPES.keyPair:
        return this.aws("key", name, { keyName: (inputs["keyName"] as string | undefined) ?? name });
      case TYPES.instance: {
        const subnetId = inputs["subnetId"];
        const prefix = typeof subnetId === "string" ? this.subnetPrefixById.get(subnetId) : undefined;
        return this.aws("i", name, { privateIp: prefix ? hostAddress(cidr(prefix), 10) : "10.255.0.10", publicIp: "192.0.2.10" });
      }
      case TYPES.vpnConnection:
        return this.vpnConnection(name, inputs);
      case TYPES.logGroup: {
        const groupName = `${typeof inputs["namePrefix"] === "string" ? inputs["namePrefix"] : `${name}-`}${digest(name).toString("hex").slice(0, 7)}`;
        return { id: groupName, state: { name: groupName, arn: `arn:aws:logs:us-east-1:123456789012:log-group:${groupName}` } };
      }
      case TYPES.topic: {
        const topicName = `${name}-${digest(name).toString("hex").slice(0, 7)}`;
        return { id: `arn:aws:sns:us-east-1:123456789012:${topicName}`, state: { name: topicName, arn: `arn:aws:sns:us-east-1:123456789012:${topicName}` } };
      }
      case TYPES.metricAlarm: {
        const alarmName = `${name}-${digest(name).toString("hex").slice(0, 7)}`;
        return { id: alarmName, state: { name: alarmName, arn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}` } };
      }
      case TYPES.workspace:
        return this.azureOf(inputs, "Microsoft.OperationalInsights/workspaces", "workspaceName", name);
      case TYPES.actionGroup:
        return this.azureOf(inputs, "Microsoft.Insights/actionGroups", "actionGroupName", name);
      case TYPES.metricAlert:
        return this.azureOf(inputs, "Microsoft.Insights/metricAlerts", "ruleName", name);
      case TYPES.diagnosticSetting: {
        const settingName = typeof inputs["name"] === "string" ? inputs["name"] : name;
        const resource = typeof inputs["resourceUri"] === "string" ? inputs["resourceUri"] : "/unknown";
        return { id: `${resource}/providers/Microsoft.Insights/diagnosticSettings/${settingName}`, state: { name: settingName } };
      }
      default:
        return { id: hexId("id", `${type}:${name}`), state: {} };
    }
  }

  private azure(inputs: Inputs, kind: string, nameKey: string, name: string): { id: string; state: State } {
    const { id, name: resourceName } = this.azureId(inputs, kind, nameKey, name);
    return { id, state: { name: resourceName } };
  }

  /** An Azure resource outside Microsoft.Network; without its name input, Pulumi's auto-name (name plus a suffix). */
  private azureOf(inputs: Inputs, providerType: string, nameKey: string, name: string): { id: string; state: State } {
    const resourceName = typeof inputs[nameKey] === "string" ? (inputs[nameKey] as string) : `${name}${digest(name).toString("hex").slice(0, 8)}`;
    const group = typeof inputs["resourceGroupName"] === "string" ? inputs["resourceGroupName"] : "rg";
    return { id: `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${group}/providers/${providerType}/${resourceName}`, state: { name: resourceName } };
  }

  private aws(prefix: string, name: string, state: State): { id: string; state: State } {
    return { id: hexId(prefix, name), state };
  }

  private vpnConnection(name: string, inputs: Inputs): { id: string; state: State } {
    const state: State = {};
    for (const n of [1, 2]) {
      const outside = this.address("203.0.113", `${name}:tunnel${n}`);
      const inside = (inputs[`tunnel${n}InsideCidr`] as string | undefined) ?? `169.254.${outside.split(".")[3]}.0/30`;
      const addresses = insideAddresses(inside);
      state[`tunnel${n}Address`] = outside;
      state[`tunnel${n}InsideCidr`] = inside;
      state[`tunnel${n}VgwInsideAddress`] = addresses.aws;
      state[`tunnel${n}CgwInsideAddress`] = addresses.azure;
      state[`tunnel${n}PresharedKey`] = inputs[`tunnel${n}PresharedKey`];
    }
    if (inputs["transitGatewayId"] !== undefined) state["transitGatewayAttachmentId"] = hexId("tgw-attach", `${name}-vpn`);
    return { id: hexId("vpn", name), state };
  }
}
