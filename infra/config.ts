/**
 * The stack's configuration: schema, defaults, and every rule both clouds impose, checked before
 * any resource is declared. All problems are reported at once, each naming the setting, the value
 * and the rule.
 */
import { z } from "zod";
import {
  contains,
  insideCidrProblem,
  isPrivate,
  overlaps,
  parseIpv4Cidr,
  defaultInsideCidrs,
  type Ipv4Cidr,
} from "./addressing";
import {
  AZURE_CONNECTION_MODES,
  DEFAULT_IPSEC_PROFILE,
  DPD_ACTIONS,
  ENCRYPTIONS,
  IKE_VERSIONS,
  INTEGRITIES,
  STARTUP_ACTIONS,
  profileProblems,
  type IpsecProfile,
} from "./ipsec";
import { GUARDED_SETTINGS } from "./guards";
import { GUARDED_SETTING_NAMES, isGuardedSetting } from "./guardedSettings";
import { availabilityZoneProblem, awsRegionProblem, azureLocationProblem, editDistance } from "./catalog";
import { NAME_RULES, nameProblem, reservedSubnetName, testVmComputerName, type NameRule } from "./nameRules";
import { monitoringSchema, resolveMonitoring, validateMonitoring, type MonitoringConfig } from "./monitoring";
import { sshKeyProblems } from "./sshKey";
import { planTopology } from "./topology";
import { tunnelIdAt } from "./tunnelId";

import { tunnelBandwidthProblems } from "./bandwidth";
import { awsSpokeSchema, azureSpokeSchema, spokeProblems, type AwsSpokeConfig, type AzureSpokeConfig } from "./spokes";

/** The Pulumi project name, which is also the config namespace of our keys. */
export const PROJECT = "azure-aws-vpn";

const NAME_RULE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}[A-Za-z0-9_]$/;
const azureName = z
  .string()
  .regex(NAME_RULE, "must be 2 to 64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit and not ending with '.' or '-'");

const namedCidr = z.object({ name: z.string(), cidr: z.string() }).strict();
const awsSubnet = z.object({ name: azureName, cidr: z.string(), availabilityZone: z.string().optional() }).strict();

const ipsecOverride = z
  .object({
    ikeVersion: z.enum(IKE_VERSIONS),
    phase1: z
      .object({
        encryption: z.enum(ENCRYPTIONS),
        integrity: z.enum(INTEGRITIES),
        dhGroup: z.number().int(),
        lifetimeSeconds: z.number().int(),
      })
      .strict()
      .partial(),
    phase2: z
      .object({
        encryption: z.enum(ENCRYPTIONS),
        integrity: z.enum(INTEGRITIES),
        pfsGroup: z.number().int(),
        lifetimeSeconds: z.number().int(),
      })
      .strict()
      .partial(),
    dpdTimeoutSeconds: z.number().int(),
    dpdTimeoutAction: z.enum(DPD_ACTIONS),
    startupAction: z.enum(STARTUP_ACTIONS),
    azureConnectionMode: z.enum(AZURE_CONNECTION_MODES),
    usePolicyBasedTrafficSelectors: z.boolean(),
  })
  .strict()
  .partial();

/** Every key of the `azure-aws-vpn:` namespace, with its default. Pulumi.yaml declares the same. */
export const configSchema = z
  .object({
    resourceGroupName: z.string().default("rg-azure-aws"),
    vnetName: z.string().default("vnet-azure"),
    vnetAddressSpace: z.array(z.string()).min(1),
    azureSubnets: z.array(namedCidr).min(1),
    gatewaySubnetCidr: z.string(),
    gatewayName: z.string().default("vpn-azure-aws"),
    publicIpName: z.string().default("pip-vpn-azure-aws"),
    gatewaySku: z.string().default("VpnGw1AZ"),
    gatewayGeneration: z.enum(["Generation1", "Generation2"]).default("Generation1"),
    publicIpZones: z.array(z.enum(["1", "2", "3"])).default(["1", "2", "3"]),
    azureAsn: z.number().int().default(65000),
    vpcName: azureName.default("vpc-azure-aws"),
    vpcCidr: z.string(),
    awsSubnets: z.array(awsSubnet).min(1),
    awsAsn: z.number().int().default(64512),
    awsAttachment: z.enum(["vgw", "tgw"]).default("vgw"),
    routing: z.enum(["static", "bgp"]).default("static"),
    activeActive: z.boolean().default(false),
    tunnelBandwidth: z.enum(["standard", "large"]).default("standard"),
    awsSpokes: z.array(awsSpokeSchema).default([]),
    azureSpokes: z.array(azureSpokeSchema).default([]),
    tunnelInsideCidrs: z.array(z.string()).optional(),
    localNetworkGatewayName: z.string().default("lng-azure-aws"),
    connectionName: z.string().default("cn-azure-aws"),
    ipsec: ipsecOverride.default({}),
    testVms: z.boolean().default(false),
    adminCidr: z.string().optional(),
    sshPublicKey: z.string().optional(),
    protect: z.boolean().default(false),
    keyRotation: z.record(z.string(), z.number().int().min(0)).default({}),
    acknowledgeDisruption: z.array(z.string()).default([]),
    monitoring: monitoringSchema.default({}),
  })
  .strict();

export type ConfigKey = keyof typeof configSchema.shape;
// The guarded settings (infra/guardedSettings.ts, the names infra/guards.ts keys its rules by) are
// settings of this schema: a name that is not is a type error here.
GUARDED_SETTING_NAMES satisfies readonly ConfigKey[];
type ParsedConfig = z.infer<typeof configSchema>;

/** A problem with the configuration. `key` is the fully qualified Pulumi config key. */
export interface ConfigIssue {
  key: string;
  value: unknown;
  rule: string;
}

export function formatIssue(issue: ConfigIssue): string {
  const shown = issue.value === undefined ? "(not set)" : JSON.stringify(issue.value);
  return `${issue.key} = ${shown}: ${issue.rule}`;
}

export class ConfigError extends Error {
  constructor(public readonly issues: ConfigIssue[]) {
    super(
      `The stack configuration has ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was created:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export type GatewaySku = "VpnGw1AZ" | "VpnGw2AZ" | "VpnGw3AZ" | "VpnGw4AZ" | "VpnGw5AZ";
export type GatewayGeneration = "Generation1" | "Generation2";

/** SKUs that can still be created, and the generations each supports (constraints.md). */
export const CREATABLE_SKUS: Readonly<Record<GatewaySku, readonly GatewayGeneration[]>> = {
  VpnGw1AZ: ["Generation1"],
  VpnGw2AZ: ["Generation1", "Generation2"],
  VpnGw3AZ: ["Generation1", "Generation2"],
  VpnGw4AZ: ["Generation2"],
  VpnGw5AZ: ["Generation2"],
};

/** ASNs Azure refuses for a gateway or a local network gateway, with IANA's reserved ones. */
export function asnReservation(asn: number): string | undefined {
  if ([8074, 8075, 12076].includes(asn)) return "is reserved by Azure (8074, 8075, 12076)";
  if (asn === 65515) return "is Azure's own default gateway ASN (65515), reserved";
  if (asn >= 65517 && asn <= 65520) return "is reserved by Azure (65517 to 65520)";
  if (asn === 23456) return "is reserved by IANA (AS_TRANS, 23456)";
  if (asn >= 64496 && asn <= 64511) return "is reserved by IANA for documentation (64496 to 64511)";
  if (asn >= 65535 && asn <= 65551) return "is reserved by IANA (65535 to 65551)";
  if (asn === 0 || asn === 4294967295) return "is reserved by IANA";
  return undefined;
}

export interface NamedCidr {
  name: string;
  cidr: string;
}

export interface AwsSubnetConfig extends NamedCidr {
  /** e.g. us-east-1a; required with a transit gateway (one subnet per zone). */
  availabilityZone?: string;
}

/** The validated configuration the program is built from. */
export interface VpnConfig {
  stack: string;
  azureLocation: string;
  awsRegion: string;
  resourceGroupName: string;
  vnetName: string;
  vnetAddressSpace: string[];
  azureSubnets: NamedCidr[];
  gatewaySubnetCidr: string;
  gatewayName: string;
  publicIpName: string;
  gatewaySku: GatewaySku;
  gatewayGeneration: GatewayGeneration;
  publicIpZones: string[];
  azureAsn: number;
  vpcName: string;
  vpcCidr: string;
  awsSubnets: AwsSubnetConfig[];
  awsAsn: number;
  awsAttachment: "vgw" | "tgw";
  routing: "static" | "bgp";
  activeActive: boolean;
  /** AWS tunnel bandwidth of every VPN connection: standard (1.25 Gbps) or large (5 Gbps, transit gateway only). */
  tunnelBandwidth: "standard" | "large";
  /** AWS spoke VPCs attached to the transit gateway (infra/spokes.ts). */
  awsSpokes: AwsSpokeConfig[];
  /** Azure spoke VNets peered with the gateway VNet, using its gateway (infra/spokes.ts). */
  azureSpokes: AzureSpokeConfig[];
  /** One /30 per tunnel, in tunnel order (connection 1 tunnels 1-2, connection 2 tunnels 1-2). */
  tunnelInsideCidrs: string[];
  localNetworkGatewayName: string;
  connectionName: string;
  ipsec: IpsecProfile;
  testVms: boolean;
  adminCidr?: string;
  sshPublicKey?: string;
  protect: boolean;
  /** Key generation per tunnel id ("c1t1": 2); changing a number regenerates that tunnel's key. */
  keyRotation: Record<string, number>;
  /** Guarded settings whose disruptive change the operator accepts (lifts protection for it). */
  acknowledgeDisruption: string[];
  /** Tunnel logs, alarms and alerts (infra/monitoring.ts). */
  monitoring: MonitoringConfig;
}

export type ValidationResult =
  | { ok: true; config: VpnConfig; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

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

/** Namespaces a stack of this program sets: ours and the two providers'. */
const KNOWN_NAMESPACES = [PROJECT, "azure-native", "aws"] as const;

/** The closest candidate within a small edit distance (or equal ignoring case), if any. */
export function closest(value: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = candidate.toLowerCase() === value.toLowerCase() ? 0.5 : editDistance(value, candidate);
    if (d < bestDistance && d <= maxDistance && candidate !== value) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Keys the Pulumi CLI would refuse, and namespaces that look like a misspelling of ours or a
 * provider's (a typo there would silently drop e.g. protect: true). docs/constraints.md, "Stack file reading".
 */
function keyProblems(raw: RawConfig, error: (key: string, value: unknown, rule: string) => void): void {
  for (const [key, value] of Object.entries(raw)) {
    const parts = key.split(":");
    if (parts.length !== 2 || parts[0] === "") {
      error(key, value, "is not a setting of this program: the Pulumi CLI takes only keys of the form <namespace>:<name> (e.g. azure-aws-vpn:protect)");
      continue;
    }
    const [namespace, name] = parts as [string, string];
    if ((KNOWN_NAMESPACES as readonly string[]).includes(namespace)) continue;
    const suggestion = closest(namespace, KNOWN_NAMESPACES, 3);
    if (suggestion !== undefined) error(key, value, `has an unknown namespace ${JSON.stringify(namespace)}, so nothing would read it: did you mean ${suggestion}:${name}?`);
  }
}

const qualified = (key: string): string => `${PROJECT}:${key}`;

function isStringKey(key: string): boolean {
  let schema: z.ZodType = configSchema.shape[key as ConfigKey];
  while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodString || schema instanceof z.ZodEnum;
}

/**
 * Turns Pulumi's runtime config (every value a string; structured and non-string values as JSON)
 * into native values. A value that is not valid JSON stays a string, so the schema names it.
 */
export function rawFromRuntimeConfig(all: Record<string, string>): RawConfig {
  const raw: RawConfig = {};
  for (const [key, text] of Object.entries(all)) {
    const [namespace, name] = key.split(":", 2);
    if (namespace !== PROJECT || name === undefined || !(name in configSchema.shape) || isStringKey(name)) {
      raw[key] = text;
      continue;
    }
    try {
      raw[key] = JSON.parse(text);
    } catch {
      raw[key] = text;
    }
  }
  return raw;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys and values",
  record: "a map of keys and values",
};

/** Zod's default messages read like type errors; say what the setting must be instead. */
function schemaRule(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${EXPECTED_TEXT[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return issue.origin === "array" ? `must list at least ${issue.minimum} entr${issue.minimum === 1 ? "y" : "ies"}` : `must be at least ${issue.minimum}`;
    case "too_big":
      return issue.origin === "array" ? `must list at most ${issue.maximum} entries` : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function mergeProfile(override: ParsedConfig["ipsec"]): IpsecProfile {
  return {
    ...DEFAULT_IPSEC_PROFILE,
    ...override,
    phase1: { ...DEFAULT_IPSEC_PROFILE.phase1, ...override.phase1 },
    phase2: { ...DEFAULT_IPSEC_PROFILE.phase2, ...override.phase2 },
  };
}

/** Number of tunnels the topology has: two per AWS VPN connection, one connection per Azure public IP. */
export function tunnelCount(activeActive: boolean): number {
  return activeActive ? 4 : 2;
}

/** Validates the whole configuration. Pure: no Pulumi calls. */
export function validateConfig(raw: RawConfig, stack: string): ValidationResult {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  // Settings that failed their schema and fell back to their default for the checks below: those
  // checks must not report the default as if the stack had set it.
  const fellBack = new Set<string>();
  const error = (key: string, value: unknown, rule: string): void => {
    const setting = key.startsWith(`${PROJECT}:`) ? /^[^.[]*/.exec(key.slice(PROJECT.length + 1))![0] : key;
    if (fellBack.has(setting)) return;
    errors.push({ key, value, rule });
  };
  const warn = (key: string, value: unknown, rule: string): void => {
    warnings.push({ key, value, rule });
  };

  keyProblems(raw, error);
  const secretRule = "is a Pulumi secret (secure: ...) that cannot be decrypted offline, where there is no passphrase or secrets provider: the offline commands cannot check or use its value; run with the value in plain text in a scratch stack, or check it under the Pulumi CLI";
  for (const [key, value] of Object.entries(raw)) {
    if (value instanceof EncryptedValue && !key.startsWith(`${PROJECT}:`)) error(key, value, secretRule);
  }

  const azureLocation = raw["azure-native:location"];
  if (typeof azureLocation !== "string" || azureLocation === "") {
    error("azure-native:location", azureLocation, "must be set to the Azure region, e.g. eastus (pulumi config set azure-native:location eastus)");
  }
  else {
    const problem = azureLocationProblem(azureLocation);
    if (problem) error("azure-native:location", azureLocation, problem);
  }
  const awsRegion = raw["aws:region"];
  if (typeof awsRegion !== "string" || awsRegion === "") {
    error("aws:region", awsRegion, "must be set to an AWS region, e.g. us-east-1 (pulumi config set aws:region us-east-1)");
  } else {
    const problem = awsRegionProblem(awsRegion);
    if (problem) error("aws:region", awsRegion, problem);
  }

  // fromEntries defines own properties: a key named "__proto__" is reported, not made the prototype.
  const ours: Record<string, unknown> = Object.fromEntries(
    Object.entries(raw).filter(([key]) => key.startsWith(`${PROJECT}:`)).map(([key, value]) => [key.slice(PROJECT.length + 1), value]),
  );
  // Each key on its own, so one malformed key does not hide the problems of the others. A key
  // that fails falls back to its default for the checks below; without a default, the checks that
  // need it cannot run and the schema problems are reported alone.
  const parsedKeys: Record<string, unknown> = {};
  let missingRequired = false;
  for (const key of Object.keys(ours)) {
    if (Object.hasOwn(configSchema.shape, key)) continue;
    // `pulumi config set azure-aws-vpn:ipsec.phase1 ...` without --path makes a flat key of that name.
    const nested = /^([^.[]+)[.[]/.exec(key);
    const rule = nested && Object.hasOwn(configSchema.shape, nested[1]!)
      ? `is not a setting of this program: to set part of ${nested[1]}, use pulumi config set --path '${qualified(key)}' <value>`
      : "is not a setting of this program (see the config reference in README.md)";
    error(qualified(key), ours[key], rule);
  }
  for (const [key, schema] of Object.entries(configSchema.shape) as [ConfigKey, z.ZodType][]) {
    if (ours[key] instanceof EncryptedValue) {
      error(qualified(key), ours[key], secretRule);
      fellBack.add(key);
      const fallback = schema.safeParse(undefined);
      if (fallback.success && fallback.data !== undefined) parsedKeys[key] = fallback.data;
      else if (!fallback.success) missingRequired = true;
      continue;
    }
    const result = schema.safeParse(ours[key], { error: schemaRule });
    if (result.success) {
      parsedKeys[key] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const path = [key, ...issue.path];
      if (issue.code === "unrecognized_keys") {
        for (const unknownKey of issue.keys) {
          error(qualified(pathText([...path, unknownKey])), valueAt(ours, [...path, unknownKey]), "is not a setting of this program (see the config reference in README.md)");
        }
        continue;
      }
      const value = valueAt(ours, path);
      const rule = value === undefined && path.length === 1 ? "is required" : issue.message;
      error(qualified(pathText(path)), value, rule);
    }
    fellBack.add(key);
    const fallback = schema.safeParse(undefined);
    if (fallback.success && fallback.data !== undefined) parsedKeys[key] = fallback.data;
    else if (!fallback.success) missingRequired = true;
  }
  // Without a required key the address checks cannot run; the others still do.
  // Required keys are absent only when missingRequired is set; the checks below respect that.
  const c = parsedKeys as ParsedConfig;

  // Addresses.
  const parse = (key: string, text: string): Ipv4Cidr | undefined => {
    const result = parseIpv4Cidr(text);
    if (!result.ok) {
      error(key, text, result.rule);
      return undefined;
    }
    return result.cidr;
  };
  if (!missingRequired) {
    const vnetBlocks = c.vnetAddressSpace.map((text, i) => parse(qualified(`vnetAddressSpace[${i}]`), text));
    const vpcBlock = parse(qualified("vpcCidr"), c.vpcCidr);
    const gatewaySubnet = parse(qualified("gatewaySubnetCidr"), c.gatewaySubnetCidr);
    const azureSubnetBlocks = c.azureSubnets.map((s, i) => parse(qualified(`azureSubnets[${i}].cidr`), s.cidr));
    const awsSubnetBlocks = c.awsSubnets.map((s, i) => parse(qualified(`awsSubnets[${i}].cidr`), s.cidr));

    const validVnet = vnetBlocks.filter((b): b is Ipv4Cidr => b !== undefined);
    // Containment in a VNet block that did not parse is unknowable: report the block, not its subnets.
    const vnetParsed = validVnet.length === vnetBlocks.length;
    vnetBlocks.forEach((block, i) => {
      if (!block) return;
      vnetBlocks.slice(0, i).forEach((other, j) => {
        if (other && overlaps(block, other)) error(qualified(`vnetAddressSpace[${i}]`), block.text, `overlaps vnetAddressSpace[${j}] (${other.text}); the VNet's address blocks must not overlap`);
      });
      if (!isPrivate(block)) warn(qualified(`vnetAddressSpace[${i}]`), block.text, "is not RFC 1918 private address space; it works inside the VNet but hides real internet hosts in that range");
      const azureForbidden = AZURE_VNET_FORBIDDEN.find((r) => overlaps(block, r.block));
      if (azureForbidden) error(qualified(`vnetAddressSpace[${i}]`), block.text, `overlaps ${azureForbidden.block.text} (${azureForbidden.why}), which Azure does not allow in a virtual network's address space: use private address space such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
      if (block.prefix > AZURE_SMALLEST_SUBNET_PREFIX) error(qualified(`vnetAddressSpace[${i}]`), block.text, `is smaller than Azure's smallest subnet (/${AZURE_SMALLEST_SUBNET_PREFIX}): use a prefix length of at most ${AZURE_SMALLEST_SUBNET_PREFIX}`);
    });
    if (vpcBlock) {
      if (vpcBlock.prefix < 16 || vpcBlock.prefix > 28) error(qualified("vpcCidr"), vpcBlock.text, "AWS accepts a VPC CIDR from /16 to /28: use a prefix length from 16 to 28");
      if (!isPrivate(vpcBlock)) warn(qualified("vpcCidr"), vpcBlock.text, "is not RFC 1918 private address space");
      const awsForbidden = AWS_VPC_FORBIDDEN.find((r) => overlaps(vpcBlock, r.block));
      if (awsForbidden) error(qualified("vpcCidr"), vpcBlock.text, `overlaps ${awsForbidden.block.text} (${awsForbidden.why}), which cannot be a VPC's address range: use private address space such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
      if (overlaps(vpcBlock, AWS_SERVICES_RANGE)) warn(qualified("vpcCidr"), vpcBlock.text, `overlaps ${AWS_SERVICES_RANGE.text}, which some AWS services use (Cloud9, SageMaker): AWS advises against it`);
      validVnet.forEach((block, i) => {
        if (overlaps(block, vpcBlock)) error(qualified("vpcCidr"), vpcBlock.text, `overlaps the Azure address space vnetAddressSpace[${i}] (${block.text}); the two sides must be disjoint to route between them`);
      });
    }
    if (gatewaySubnet) {
      if (vnetParsed && !validVnet.some((b) => contains(b, gatewaySubnet))) error(qualified("gatewaySubnetCidr"), gatewaySubnet.text, `must lie inside the VNet address space (${c.vnetAddressSpace.join(", ")})`);
      if (gatewaySubnet.prefix > 29) error(qualified("gatewaySubnetCidr"), gatewaySubnet.text, "GatewaySubnet must be at least a /29");
      else if (gatewaySubnet.prefix > 27) warn(qualified("gatewaySubnetCidr"), gatewaySubnet.text, "GatewaySubnet smaller than /27 leaves no room for more gateway features; Microsoft recommends /27 or larger");
    }
    const checkSubnets = (
      listKey: "azureSubnets" | "awsSubnets",
      subnets: NamedCidr[],
      blocks: (Ipv4Cidr | undefined)[],
      parents: Ipv4Cidr[],
      parentText: string,
      extra: { name: string; block: Ipv4Cidr }[],
    ): void => {
      const seenNames = new Map<string, string>();
      blocks.forEach((block, i) => {
        const name = subnets[i]!.name;
        // Azure compares names case-insensitively (docs/constraints.md, "Names").
        const seenKey = listKey === "azureSubnets" ? name.toLowerCase() : name;
        const seen = seenNames.get(seenKey);
        if (seen !== undefined) error(qualified(`${listKey}[${i}].name`), name, seen === name ? "subnet names must be unique" : `collides with ${JSON.stringify(seen)}: Azure compares subnet names case-insensitively`);
        seenNames.set(seenKey, name);
        const reserved = listKey === "azureSubnets" ? reservedSubnetName(name) : undefined;
        if (reserved === "GatewaySubnet") error(qualified(`${listKey}[${i}].name`), name, "GatewaySubnet is created from gatewaySubnetCidr (Azure compares subnet names case-insensitively); pick another name for a workload subnet");
        else if (reserved) error(qualified(`${listKey}[${i}].name`), name, `${reserved} is reserved by Azure for its own service (names compared case-insensitively); pick another name`);
        if (listKey === "azureSubnets") {
          const problem = nameProblem(name, NAME_RULES.subnet);
          if (problem) error(qualified(`${listKey}[${i}].name`), name, problem);
        }
        if (!block) return;
        if (listKey === "azureSubnets" && block.prefix > AZURE_SMALLEST_SUBNET_PREFIX) error(qualified(`${listKey}[${i}].cidr`), block.text, `Azure's smallest subnet is a /${AZURE_SMALLEST_SUBNET_PREFIX} (it reserves 5 addresses in each): use a prefix length of at most ${AZURE_SMALLEST_SUBNET_PREFIX}`);
        if (parents.length > 0 && !parents.some((p) => contains(p, block))) error(qualified(`${listKey}[${i}].cidr`), block.text, `must lie inside ${parentText}`);
        blocks.slice(0, i).forEach((other, j) => {
          if (other && overlaps(block, other)) error(qualified(`${listKey}[${i}].cidr`), block.text, `overlaps ${listKey}[${j}] (${other.text}); subnets must not overlap`);
        });
        for (const e of extra) {
          if (overlaps(block, e.block)) error(qualified(`${listKey}[${i}].cidr`), block.text, `overlaps ${e.name} (${e.block.text}); a workload subnet must not overlap the GatewaySubnet`);
        }
        if (listKey === "awsSubnets" && (block.prefix < 16 || block.prefix > 28)) error(qualified(`${listKey}[${i}].cidr`), block.text, "AWS accepts a subnet from /16 to /28: use a prefix length from 16 to 28");
      });
    };
    checkSubnets("azureSubnets", c.azureSubnets, azureSubnetBlocks, vnetParsed ? validVnet : [], `the VNet address space (${c.vnetAddressSpace.join(", ")})`, gatewaySubnet ? [{ name: "gatewaySubnetCidr", block: gatewaySubnet }] : []);
    checkSubnets("awsSubnets", c.awsSubnets, awsSubnetBlocks, vpcBlock ? [vpcBlock] : [], `the VPC CIDR (${c.vpcCidr})`, []);
  }

  // Gateway SKU and generation.
  const sku = c.gatewaySku;
  if (sku === "Basic") {
    error(qualified("gatewaySku"), sku, "Basic gateways have no BGP, no custom IPsec policy and 100 Mbps; use VpnGw1AZ (Generation1) or VpnGw2AZ");
  } else if (/^VpnGw[1-5]$/.test(sku)) {
    error(qualified("gatewaySku"), sku, `non-AZ gateway SKUs can no longer be created (blocked since 2025, retired 2026); use ${sku}AZ`);
  } else if (!Object.hasOwn(CREATABLE_SKUS, sku)) {
    error(qualified("gatewaySku"), sku, `must be one of ${Object.keys(CREATABLE_SKUS).join(", ")}`);
  } else {
    const generations = CREATABLE_SKUS[sku as GatewaySku];
    if (!generations.includes(c.gatewayGeneration)) {
      error(qualified("gatewayGeneration"), c.gatewayGeneration, `${sku} exists only as ${generations.join(" or ")}: use gatewayGeneration ${generations.join(" or ")}, or a SKU that exists as ${c.gatewayGeneration}`);
    }
  }

  // Routing mode.
  if (c.routing === "bgp" && !c.activeActive) {
    error(qualified("routing"), c.routing, "BGP needs activeActive: true: an active-standby Azure gateway has only one custom APIPA address, so AWS's two tunnels cannot both peer");
  }
  if (c.awsAttachment === "tgw" && c.routing !== "bgp") {
    error(qualified("awsAttachment"), c.awsAttachment, "a transit gateway spreads traffic over tunnels with ECMP only with BGP: set routing: bgp (and activeActive: true)");
  }

  if (c.awsAttachment === "tgw") {
    const zones = new Map<string, number>();
    (c.awsSubnets ?? []).forEach((subnet, i) => {
      const key = qualified(`awsSubnets[${i}].availabilityZone`);
      if (subnet.availabilityZone === undefined) {
        error(key, undefined, "is required with awsAttachment tgw: the transit gateway attachment takes one subnet per availability zone");
        return;
      }
      const earlier = zones.get(subnet.availabilityZone);
      if (earlier !== undefined) error(key, subnet.availabilityZone, `repeats awsSubnets[${earlier}]'s zone; a transit gateway attachment takes one subnet per zone, so each subnet needs its own zone`);
      zones.set(subnet.availabilityZone, i);
    });
  }
  (c.awsSubnets ?? []).forEach((subnet, i) => {
    // Only against a known region: an unknown one is reported once, as itself.
    const problem = subnet.availabilityZone !== undefined && typeof awsRegion === "string" && awsRegionProblem(awsRegion) === undefined ? availabilityZoneProblem(subnet.availabilityZone, awsRegion) : undefined;
    if (problem) error(qualified(`awsSubnets[${i}].availabilityZone`), subnet.availabilityZone, problem);
  });

  // ASNs.
  const azureAsnProblem = asnReservation(c.azureAsn);
  if (c.azureAsn < 1 || c.azureAsn > 2_147_483_647) error(qualified("azureAsn"), c.azureAsn, "must be 1 to 2147483647 (AWS customer gateway ASN range)");
  else if (azureAsnProblem) error(qualified("azureAsn"), c.azureAsn, `${azureAsnProblem}: use another ASN, e.g. a private one such as 65010`);
  const awsAsnInRange = (c.awsAsn >= 64512 && c.awsAsn <= 65534) || (c.awsAsn >= 4_200_000_000 && c.awsAsn <= 4_294_967_294);
  const awsAsnProblem = asnReservation(c.awsAsn);
  if (!awsAsnInRange) error(qualified("awsAsn"), c.awsAsn, "an Amazon-side ASN must be 64512 to 65534 or 4200000000 to 4294967294");
  else if (awsAsnProblem) error(qualified("awsAsn"), c.awsAsn, `${awsAsnProblem}; Azure refuses it as a peer ASN: use another Amazon-side ASN such as 64512`);
  if (c.awsAsn === c.azureAsn) error(qualified("awsAsn"), c.awsAsn, `must differ from azureAsn (${c.azureAsn}): the two sides peer over eBGP`);

  // Tunnel inside CIDRs.
  const tunnels = tunnelCount(c.activeActive);
  const insideCidrs = c.tunnelInsideCidrs ?? defaultInsideCidrs(tunnels / 2);
  if (insideCidrs.length !== tunnels) {
    error(qualified("tunnelInsideCidrs"), insideCidrs, `must list exactly ${tunnels} /30s, one per tunnel (${c.activeActive ? "active-active: 2 connections x 2 tunnels" : "active-standby: 1 connection x 2 tunnels"})`);
  }
  const seenInside: Ipv4Cidr[] = [];
  insideCidrs.forEach((text, i) => {
    const key = qualified(`tunnelInsideCidrs[${i}]`);
    const problem = insideCidrProblem(text, c.routing === "bgp");
    if (problem) {
      error(key, text, problem);
      return;
    }
    const block = parseIpv4Cidr(text);
    if (!block.ok) return;
    const clash = seenInside.findIndex((b) => overlaps(b, block.cidr));
    if (clash >= 0) error(key, text, `is already used by tunnelInsideCidrs[${clash}]; every tunnel needs its own /30`);
    seenInside.push(block.cidr);
  });

  // Key rotation and acknowledgements.
  const tunnelIds = Array.from({ length: tunnels }, (_, i) => tunnelIdAt(i));
  // The keys as written, not as parsed: a record parse can turn "__proto__" into a prototype and drop it.
  const rotationRaw = ours["keyRotation"];
  if (rotationRaw !== null && typeof rotationRaw === "object" && !Array.isArray(rotationRaw)) {
    for (const [id, generation] of Object.entries(rotationRaw)) {
      if (!tunnelIds.includes(id)) error(qualified(`keyRotation.${id}`), generation, `names no tunnel of this topology; tunnels are ${tunnelIds.join(", ")}: use one of those ids`);
    }
  }
  c.acknowledgeDisruption.forEach((setting, i) => {
    if (!isGuardedSetting(setting)) error(qualified(`acknowledgeDisruption[${i}]`), setting, `is not a guarded setting; guarded settings are ${GUARDED_SETTING_NAMES.join(", ")}`);
    // An acknowledgement lifts protection for as long as it stands: say so on every plan.
    else if (c.protect) warn(qualified(`acknowledgeDisruption[${i}]`), setting, `lifts protect from ${GUARDED_SETTINGS[setting].resources.join(", ")} on this protected stack for as long as it stands: remove it once the change it acknowledges is deployed`);
  });

  // IPsec profile.
  const profile = mergeProfile(c.ipsec);
  for (const problem of profileProblems(profile)) error(qualified(`ipsec.${problem.path}`), problem.value, problem.rule);
  tunnelBandwidthProblems({ ...c, awsRegion, ipsec: profile, skuKnown: Object.hasOwn(CREATABLE_SKUS, sku) && CREATABLE_SKUS[sku as GatewaySku].includes(c.gatewayGeneration) }, qualified("tunnelBandwidth"), error, warn);

  // Zones.
  if (c.publicIpZones.length === 0) warn(qualified("publicIpZones"), c.publicIpZones, "no zones: the public IP is regional, and an AZ gateway loses zone redundancy");
  if (new Set(c.publicIpZones).size !== c.publicIpZones.length) error(qualified("publicIpZones"), c.publicIpZones, "zones must not repeat");

  // Test hosts.
  if (c.testVms) {
    const admin = c.adminCidr;
    if (admin === undefined) error(qualified("adminCidr"), admin, "is required when testVms is true: SSH to the test hosts is allowed only from this CIDR");
    else {
      const block = parse(qualified("adminCidr"), admin);
      if (block && block.prefix < 8) error(qualified("adminCidr"), admin, "must not open SSH to the world: use your own address or network (at most a /8)");
    }
    if (c.sshPublicKey === undefined) {
      error(qualified("sshPublicKey"), c.sshPublicKey, "is required when testVms is true and must be an OpenSSH public key line (ssh-ed25519 AAAA... or ssh-rsa AAAA...); passwords are never used");
    } else {
      const key = sshKeyProblems(c.sshPublicKey);
      for (const rule of key.errors) error(qualified("sshPublicKey"), c.sshPublicKey, `${rule}: it must be an OpenSSH public key line both test VMs take (ssh-rsa of 2048 or 4096 bits, or ssh-ed25519); passwords are never used`);
      for (const rule of key.warnings) warn(qualified("sshPublicKey"), c.sshPublicKey, rule);
    }
    const computerName = testVmComputerName(c.vpcName);
    const computerProblem = nameProblem(computerName, NAME_RULES.linuxComputerName);
    if (computerProblem) error(qualified("vpcName"), c.vpcName, `derives the test VM's computer name ${JSON.stringify(computerName)}, but ${computerProblem}`);
  }

  nameRuleProblems(c, error);
  connectionLimitProblems(c, error, warn);
  // Monitoring: its own module (infra/monitoring.ts).
  const monitoring = validateMonitoring(c.monitoring);
  for (const p of monitoring.errors) error(qualified(`monitoring.${p.path}`), p.value, p.rule);
  for (const p of monitoring.warnings) warn(qualified(`monitoring.${p.path}`), p.value, p.rule);

  if (!missingRequired) spokeProblems({ ...c, awsRegion }, qualified, error, warn);

  if (errors.length > 0 || missingRequired) return { ok: false, errors, warnings };
  const config: VpnConfig = {
    ...c,
    stack,
    azureLocation: azureLocation as string,
    awsRegion: awsRegion as string,
    gatewaySku: sku as GatewaySku,
    tunnelInsideCidrs: insideCidrs,
    ipsec: profile,
    monitoring: resolveMonitoring(c.monitoring),
  };
  // Names the program derives (per tunnel, per public IP) obey the same rules as the set ones.
  derivedNameProblems(config, error);
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, config, warnings };
}

/** Azure's smallest subnet (docs/constraints.md, "Addresses"). */
export const AZURE_SMALLEST_SUBNET_PREFIX = 29;

interface ForbiddenRange {
  block: Ipv4Cidr;
  why: string;
}
const forbidden = (text: string, why: string): ForbiddenRange => {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) throw new Error(`bad constant ${text}`);
  return { block: parsed.cidr, why };
};
/** Ranges Azure refuses in a VNet's address space (docs/constraints.md, "Addresses"). */
export const AZURE_VNET_FORBIDDEN: readonly ForbiddenRange[] = [
  forbidden("224.0.0.0/4", "multicast"),
  forbidden("255.255.255.255/32", "broadcast"),
  forbidden("127.0.0.0/8", "loopback"),
  forbidden("169.254.0.0/16", "link-local"),
  forbidden("168.63.129.16/32", "Azure's internal DNS and host address"),
];
/** Ranges that are not unicast host space (RFC 6890), so no VPC can route them (docs/constraints.md). */
export const AWS_VPC_FORBIDDEN: readonly ForbiddenRange[] = [
  forbidden("0.0.0.0/8", "\"this network\""),
  forbidden("127.0.0.0/8", "loopback"),
  forbidden("169.254.0.0/16", "link-local, used by the tunnels' inside addresses and the instance metadata service"),
  forbidden("224.0.0.0/4", "multicast"),
  forbidden("240.0.0.0/4", "reserved, with the broadcast address"),
];
const AWS_SERVICES_RANGE = forbidden("172.17.0.0/16", "").block;

const NAMED_SETTINGS: readonly [keyof ParsedConfig & string, NameRule][] = [
  ["resourceGroupName", NAME_RULES.resourceGroup],
  ["vnetName", NAME_RULES.vnet],
  ["gatewayName", NAME_RULES.gateway],
  ["publicIpName", NAME_RULES.publicIp],
  ["localNetworkGatewayName", NAME_RULES.localNetworkGateway],
  ["connectionName", NAME_RULES.connection],
];

/** Each Azure name we take, under its resource's rule (docs/constraints.md, "Names"). */
function nameRuleProblems(c: ParsedConfig, error: (key: string, value: unknown, rule: string) => void): void {
  for (const [key, rule] of NAMED_SETTINGS) {
    const value = c[key];
    if (typeof value !== "string") continue;
    const problem = nameProblem(value, rule);
    if (problem) error(qualified(key), value, problem);
  }
}

function derivedNameProblems(config: VpnConfig, error: (key: string, value: unknown, rule: string) => void): void {
  const topology = planTopology(config);
  const derived: [string, string, NameRule][] = [
    ...topology.publicIpNames.map((n): [string, string, NameRule] => ["publicIpName", n, NAME_RULES.publicIp]),
    ...topology.tunnels.flatMap((t): [string, string, NameRule][] => [
      ["localNetworkGatewayName", t.localNetworkGatewayName, NAME_RULES.localNetworkGateway],
      ["connectionName", t.connectionName, NAME_RULES.connection],
    ]),
  ];
  const reported = new Set<string>();
  for (const [key, name, rule] of derived) {
    const problem = nameProblem(name, rule);
    if (problem && !reported.has(key)) {
      reported.add(key);
      error(qualified(key), config[key as keyof VpnConfig], `derives the name ${JSON.stringify(name)}, but ${problem}`);
    }
  }
}

/** Limits per VPN connection (docs/constraints.md, "Per connection"). */
export const AWS_MAX_ROUTES_PER_CONNECTION = 100;

function connectionLimitProblems(c: ParsedConfig, error: (key: string, value: unknown, rule: string) => void, warn: (key: string, value: unknown, rule: string) => void): void {
  const prefixes = c.vnetAddressSpace?.length ?? 0;
  if (c.awsAttachment === "vgw" && prefixes > AWS_MAX_ROUTES_PER_CONNECTION) {
    const how = c.routing === "bgp" ? "BGP routes a virtual private gateway accepts from the customer side per VPN connection" : "static routes per VPN connection";
    error(qualified("vnetAddressSpace"), c.vnetAddressSpace, `lists ${prefixes} prefixes, each a route to AWS, but AWS takes at most ${AWS_MAX_ROUTES_PER_CONNECTION} ${how}: summarise the address space`);
  }
  if (c.ipsec?.usePolicyBasedTrafficSelectors === true && prefixes > 1) {
    error(qualified("ipsec.usePolicyBasedTrafficSelectors"), true, `with ${prefixes} VNet prefixes, Azure proposes one traffic-selector pair per prefix combination, but an AWS tunnel takes a single SA pair: use one VNet prefix, or route-based selectors (false)`);
  }
  if (c.ipsec?.ikeVersion === "ikev1") {
    warn(qualified("ipsec.ikeVersion"), "ikev1", "Azure drops traffic at each IKEv1 main-mode rekey; use ikev2 unless the peer requires IKEv1");
  }
}

/** Validates and throws one ConfigError listing every problem. */
export function loadConfig(raw: RawConfig, stack: string): { config: VpnConfig; warnings: ConfigIssue[] } {
  const result = validateConfig(raw, stack);
  if (!result.ok) throw new ConfigError(result.errors);
  return { config: result.config, warnings: result.warnings };
}
