/**
 * The stack configuration's shape: the zod schema of every `azure-aws-vpn:` key with its default,
 * the types derived from it (`ConfigKey`, `ParsedConfig`, `VpnConfig`) and the issue type. No rules
 * here: infra/validation/ checks them, infra/config.ts runs the checks (and re-exports all of this).
 */
import { z } from "zod";
import { AwsAttachment, GatewayGeneration, RoutingMode, TunnelBandwidth, type GatewaySku } from "./enums";
import { AzureConnectionMode, DpdTimeoutAction, Encryption, IkeVersion, Integrity, StartupAction, type IpsecProfile, type SameShape, type VpnIpsec } from "./ipsec";
import { GUARDED_SETTING_NAMES } from "./guardedSettings";
import { monitoringSchema, type MonitoringConfig } from "./monitoring";
import { awsSpokeSchema, azureSpokeSchema } from "./spokes";
import { existingAwsSchema, existingAzureSchema } from "./hub";

/** The Pulumi project name, which is also the config namespace of our keys. */
export const PROJECT = "azure-aws-vpn";

const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_]$/;
const azureName = z
  .string()
  .regex(NAME_RULE, "must be 2 to 64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit and not ending with '.' or '-'");

const namedCidr = z.object({ name: z.string(), cidr: z.string() }).strict();
const awsSubnet = z.object({ name: azureName, cidr: z.string(), availabilityZone: z.string().optional() }).strict();

/** The IPsec override (infra/ipsec.ts VpnIpsec): the profile's fields, each optional, in its vocabulary. */
const ipsecOverride = z
  .object({
    ikeVersion: z.enum(IkeVersion),
    phase1: z.object({ encryption: z.enum(Encryption), integrity: z.enum(Integrity), dhGroup: z.number().int(), lifetimeSeconds: z.number().int() }).strict().partial(),
    phase2: z.object({ encryption: z.enum(Encryption), integrity: z.enum(Integrity), pfsGroup: z.number().int(), lifetimeSeconds: z.number().int() }).strict().partial(),
    dpdTimeoutSeconds: z.number().int(),
    dpdTimeoutAction: z.enum(DpdTimeoutAction),
    startupAction: z.enum(StartupAction),
    azureConnectionMode: z.enum(AzureConnectionMode),
    usePolicyBasedTrafficSelectors: z.boolean(),
  })
  .strict()
  .partial();
// The schema is VpnIpsec field for field: a field in one and not the other, or another type, is a type error here.
true satisfies SameShape<z.output<typeof ipsecOverride>, VpnIpsec>;

/** Every key of the `azure-aws-vpn:` namespace, with its default. Pulumi.yaml declares the same. */
export const configSchema = z
  .object({
    resourceGroupName: z.string().default("rg-azure-aws"),
    vnetName: z.string().default("vnet-azure"),
    vnetAddressSpace: z.array(z.string()).min(1),
    /** Required unless existingAzure.vnetId: the program creates the VNet's subnets. */
    azureSubnets: z.array(namedCidr).min(1).optional(),
    /** Required unless existingAzure.vnetId. */
    gatewaySubnetCidr: z.string().optional(),
    gatewayName: z.string().default("vpn-azure-aws"),
    publicIpName: z.string().default("pip-vpn-azure-aws"),
    gatewaySku: z.string().default("VpnGw1AZ"),
    gatewayGeneration: z.enum(GatewayGeneration).default(GatewayGeneration.Generation1),
    publicIpZones: z.array(z.enum(["1", "2", "3"])).default(["1", "2", "3"]),
    azureAsn: z.number().int().default(65000),
    vpcName: azureName.default("vpc-azure-aws"),
    vpcCidr: z.string(),
    /** Required unless existingAws.vpcId: the program creates the VPC's subnets. */
    awsSubnets: z.array(awsSubnet).min(1).optional(),
    awsAsn: z.number().int().default(64512),
    awsAttachment: z.enum(AwsAttachment).default(AwsAttachment.VirtualPrivateGateway),
    routing: z.enum(RoutingMode).default(RoutingMode.Static),
    activeActive: z.boolean().default(false),
    /** AWS tunnel bandwidth of every VPN connection: standard (1.25 Gbps) or large (5 Gbps, transit gateway only). */
    tunnelBandwidth: z.enum(TunnelBandwidth).default(TunnelBandwidth.Standard),
    /** AWS spoke VPCs attached to the transit gateway (infra/spokes.ts). */
    awsSpokes: z.array(awsSpokeSchema).default([]),
    /** Azure spoke VNets peered with the gateway VNet, using its gateway (infra/spokes.ts). */
    azureSpokes: z.array(azureSpokeSchema).default([]),
    tunnelInsideCidrs: z.array(z.string()).optional(),
    localNetworkGatewayName: z.string().default("lng-azure-aws"),
    connectionName: z.string().default("cn-azure-aws"),
    ipsec: ipsecOverride.default({}),
    testVms: z.boolean().default(false),
    adminCidr: z.string().optional(),
    sshPublicKey: z.string().optional(),
    protect: z.boolean().default(false),
    /** Key generation per tunnel id ("c1t1": 2); changing a number regenerates that tunnel's key. */
    keyRotation: z.record(z.string(), z.number().int().min(0)).default({}),
    /** Guarded settings whose disruptive change the operator accepts (lifts protection for it). */
    acknowledgeDisruption: z.array(z.string()).default([]),
    /** Tunnel logs, alarms and alerts (infra/monitoring.ts). */
    monitoring: monitoringSchema.default({}),
    /** The team's tags on every taggable resource of both clouds (infra/tags.ts). */
    tags: z.record(z.string(), z.string()).default({}),
    /** Existing Azure hub parts used instead of created ones (infra/hub.ts). */
    existingAzure: existingAzureSchema.default({}),
    /** Existing AWS hub parts used instead of created ones (infra/hub.ts). */
    existingAws: existingAwsSchema.default({}),
  })
  .strict();

export type ConfigKey = keyof typeof configSchema.shape;
// The guarded settings (infra/guardedSettings.ts, the names infra/guards.ts keys its rules by) are
// settings of this schema: a name that is not is a type error here.
GUARDED_SETTING_NAMES satisfies readonly ConfigKey[];
/** The schema's output: every key with its default filled in (optional keys may be undefined). */
export type ParsedConfig = z.output<typeof configSchema>;
/** The keys that have a default, so a value stands for them even when the stack's failed the schema. */
export type DefaultedKey = { [K in ConfigKey]: (typeof configSchema.shape)[K] extends z.ZodDefault<z.ZodType> ? K : never }[ConfigKey];

/**
 * A problem with the configuration: the key, the value, the rule. The validation names Vpn's args
 * (`VpnArgs.vpcCidr`, `argKey`); the stack config's validation names the fully qualified Pulumi
 * config key (`azure-aws-vpn:vpcCidr`, infra/config.ts `stackIssue`).
 */
export interface ConfigIssue {
  key: string;
  value: unknown;
  rule: string;
}

export type { GatewayGeneration, GatewaySku };

/** SKUs that can still be created, and the generations each supports (constraints.md). */
export const CREATABLE_SKUS: Readonly<Record<GatewaySku, readonly GatewayGeneration[]>> = {
  VpnGw1AZ: ["Generation1"],
  VpnGw2AZ: ["Generation1", "Generation2"],
  VpnGw3AZ: ["Generation1", "Generation2"],
  VpnGw4AZ: ["Generation2"],
  VpnGw5AZ: ["Generation2"],
};

/** A workload subnet: its name and IPv4 CIDR. */
export interface NamedCidr {
  /** Subnet name (the Name tag on AWS). */
  name: string;
  /** IPv4 CIDR inside the network's address space. */
  cidr: string;
}

/** An AWS workload subnet: its name, IPv4 CIDR and availability zone. */
export interface AwsSubnetConfig extends NamedCidr {
  /** Subnet name (its Name tag). */
  name: string;
  /** IPv4 CIDR inside the VPC, /16 to /28. */
  cidr: string;
  /** e.g. us-east-1a; required with a transit gateway (one subnet per zone). */
  availabilityZone?: string;
}

/**
 * The validated configuration the program is built from: the schema's output, with the fields
 * validateConfig computes or narrows beyond what the schema can say.
 */
export interface VpnConfig extends Omit<ParsedConfig, "gatewaySku" | "tunnelInsideCidrs" | "ipsec" | "monitoring" | "azureSubnets" | "awsSubnets"> {
  stack: string;
  azureLocation: string;
  awsRegion: string;
  /** Narrower than the schema's string: the schema takes any text so the SKU rule can name retired SKUs (Basic, VpnGw1). */
  gatewaySku: GatewaySku;
  /** Always set (the schema's is optional): one /30 per tunnel, in tunnel order (connection 1 tunnels 1-2, connection 2 tunnels 1-2), the defaults if unset. */
  tunnelInsideCidrs: string[];
  /** The whole profile (the schema's is a partial override), merged over DEFAULT_IPSEC_PROFILE. */
  ipsec: IpsecProfile;
  /** Tunnel logs, alarms and alerts with their defaults resolved (infra/monitoring.ts). */
  monitoring: MonitoringConfig;
  /** The subnets the program creates in the VNet: none in an existing one (existingAzure.vnetId). */
  azureSubnets: NamedCidr[];
  /** The subnets the program creates in the VPC: none in an existing one (existingAws.vpcId). */
  awsSubnets: AwsSubnetConfig[];
}

/** Raw config as Pulumi holds it: fully qualified keys, values already parsed from the stack file. */
export type RawConfig = Record<string, unknown>;

/**
 * A `secure:` value (Pulumi ciphertext) read from a stack file offline, where there is no
 * passphrase or secrets provider to decrypt it: its plaintext is unknown, and validation says so.
 */
export class EncryptedValue {
  constructor(readonly ciphertext: string) {}
  toJSON(): string {
    return "[secret]";
  }
}

/** The prefix of every problem with Vpn's args. */
export const ARGS = "VpnArgs";
/** The issue key of one of Vpn's args (or a path under one): `VpnArgs.awsSubnets[0].cidr`. */
export const argKey = (path: string): string => `${ARGS}.${path}`;

/** The fully qualified Pulumi config key of one of our settings (or a path under one). */
export const qualified = (key: string): string => `${PROJECT}:${key}`;
