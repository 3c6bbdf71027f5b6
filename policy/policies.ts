/**
 * The policies of the azure-aws-vpn policy pack, as plain objects so that tests (and
 * `runPoliciesOnResources` in ./run.ts) can call `validateResource` / `validateStack` directly,
 * without the Pulumi CLI. ./index.ts only wraps them in a `PolicyPack`.
 *
 * The policies are deliberately independent of the program in ../infra: they restate the rules
 * (IKEv2 only, strong DH groups, AZ gateway SKUs, ...) instead of importing the program's tables,
 * so a bug in the program's mapping cannot silently weaken its own guard rail.
 *
 * Every violation message names the resource and the offending value (never a key's value).
 */
import type {
  Policies,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { TYPES } from "../infra/types";
import { prodMonitoring } from "./monitoring";
import { currentStackName, describeResource, isProductionStack, productionPolicy, resourcePolicy, stackPolicy } from "./stack";
import { at, containsUnknown, isAbsent, isNumberArray, isStringArray, isUnknown, ownProps, show } from "./values";

/** Type tokens of the resources the policies look at (one list for the repository: ../infra/types.ts). */
export { TYPES };
export { currentStackName, describeResource, isProductionStack };


// ---- extra knowledge a caller may hand the policies ------------------------------------------

/**
 * Resource validation args with what the policy SDK cannot deliver: which top-level inputs are
 * secret. The Pulumi CLI never sets `secretPaths` (see `keysFromSecrets`); `runPoliciesOnResources`
 * and tests do, from a program evaluated under mocks.
 */
export type VpnResourceValidationArgs = ResourceValidationArgs & {
  /** Top-level input property names whose value is a Pulumi secret, e.g. "sharedKey". */
  readonly secretPaths?: readonly string[];
};

/**
 * A stack resource whose `propertyDependencies` the caller could not record. The CLI always
 * records them; `runPoliciesOnResources` marks resources given without them, and `keys-generated`
 * then cannot judge those resources.
 */
export type VpnPolicyResource = PolicyResource & { readonly dependenciesUnknown?: boolean };

function secretPathsOf(args: ResourceValidationArgs): readonly string[] | undefined {
  if (!("secretPaths" in args)) return undefined;
  const paths: unknown = args.secretPaths;
  return isStringArray(paths) ? paths : undefined;
}

function dependenciesUnknown(resource: PolicyResource): boolean {
  return "dependenciesUnknown" in resource && resource.dependenciesUnknown === true;
}

// ---- ikev2-only ---------------------------------------------------------------------------------

function isExpressRoute(props: Record<string, unknown>): boolean {
  return props["connectionType"] === "ExpressRoute";
}

export const ikev2Only = resourcePolicy(
  { name: "ikev2-only", severity: "high", description: "Every AWS VPN tunnel offers exactly IKEv2 (tunnelN IkeVersions = [\"ikev2\"]) and every Azure IPsec connection uses connectionProtocol IKEv2." },
  ({ args, props, what }, reportViolation) => {
    if (args.type === TYPES.vpnConnection) {
      for (const n of [1, 2]) {
        const key = `tunnel${n}IkeVersions`;
        const value = props[key];
        if (containsUnknown(value)) continue;
        if (isAbsent(value)) {
          reportViolation(`${what}: ${key} is not set, so AWS offers IKEv1 as well; set it to ["ikev2"].`);
        } else if (!isStringArray(value) || value.length !== 1 || value[0] !== "ikev2") {
          reportViolation(`${what}: ${key} is ${show(value)}; it must be exactly ["ikev2"].`);
        }
      }
    } else if (args.type === TYPES.connection) {
      if (isExpressRoute(props)) return;
      const value = props["connectionProtocol"];
      if (isUnknown(value)) return;
      if (value !== "IKEv2") {
        reportViolation(
          `${what}: connectionProtocol is ${isAbsent(value) ? "not set" : show(value)}; it must be "IKEv2" (set explicitly).`,
        );
      }
    }
  },
);

// ---- strong-ipsec-crypto ------------------------------------------------------------------------

/**
 * DH groups accepted for IKE and PFS: MODP 2048-8192 (14-18), ECP 256/384/521 (19-21) and
 * group 24 (2048-bit MODP with a 256-bit subgroup). Refused: 1, 2, 5 (768-1536-bit MODP, broken
 * or near it) and 22, 23 (RFC 5114 groups with 160/224-bit subgroups, considered weak), and
 * anything else.
 */
export const STRONG_DH_GROUPS: ReadonlySet<number> = new Set([14, 15, 16, 17, 18, 19, 20, 21, 24]);
/** AWS integrity algorithms without SHA1. */
export const STRONG_AWS_INTEGRITY: ReadonlySet<string> = new Set(["SHA2-256", "SHA2-384", "SHA2-512"]);
/** AWS ciphers: AES only (DES/3DES and anything else refused). */
export const STRONG_AWS_ENCRYPTION: ReadonlySet<string> = new Set(["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"]);

/** Azure custom IPsec policy values allowed (allow lists: unknown or misspelt values are refused too). */
export const STRONG_AZURE = {
  dhGroup: new Set(["DHGroup14", "DHGroup2048", "ECP256", "ECP384", "DHGroup24"]),
  pfsGroup: new Set(["PFS2048", "PFS14", "ECP256", "ECP384", "PFS24"]),
  ikeEncryption: new Set(["AES128", "AES192", "AES256", "GCMAES128", "GCMAES256"]),
  ipsecEncryption: new Set(["AES128", "AES192", "AES256", "GCMAES128", "GCMAES192", "GCMAES256"]),
  ikeIntegrity: new Set(["SHA256", "SHA384", "GCMAES128", "GCMAES256"]),
  ipsecIntegrity: new Set(["SHA256", "GCMAES128", "GCMAES192", "GCMAES256"]),
} as const satisfies Record<string, ReadonlySet<string>>;

const AZURE_WHY: Readonly<Record<keyof typeof STRONG_AZURE, string>> = {
  dhGroup: "None, DHGroup1 and DHGroup2 are weak",
  pfsGroup: "None means no PFS; PFS1, PFS2 and PFSMM are weak or unspecified",
  ikeEncryption: "DES and DES3 are broken",
  ipsecEncryption: "None, DES and DES3 are broken",
  ikeIntegrity: "MD5 and SHA1 are weak",
  ipsecIntegrity: "MD5 and SHA1 are weak",
};

function checkAwsTunnelCrypto(what: string, props: Record<string, unknown>, report: ReportViolation): void {
  for (const n of [1, 2]) {
    for (const phase of [1, 2]) {
      const prefix = `tunnel${n}Phase${phase}`;

      const dhKey = `${prefix}DhGroupNumbers`;
      const dh = props[dhKey];
      if (!containsUnknown(dh)) {
        if (isAbsent(dh) || (Array.isArray(dh) && dh.length === 0)) {
          report(`${what}: ${dhKey} is not set, so AWS offers its defaults including DH group 2${phase === 2 ? " and 5" : ""}; list only groups from ${[...STRONG_DH_GROUPS].join(", ")}.`);
        } else if (!isNumberArray(dh)) {
          report(`${what}: ${dhKey} is ${show(dh)}; it must be a list of DH group numbers.`);
        } else {
          const weak = dh.filter((g) => !STRONG_DH_GROUPS.has(g));
          if (weak.length > 0) {
            report(`${what}: ${dhKey} ${show(dh)} includes weak DH group(s) ${weak.join(", ")}; allowed: ${[...STRONG_DH_GROUPS].join(", ")}.`);
          }
        }
      }

      const integrityKey = `${prefix}IntegrityAlgorithms`;
      const integrity = props[integrityKey];
      if (!containsUnknown(integrity)) {
        if (isAbsent(integrity) || (Array.isArray(integrity) && integrity.length === 0)) {
          report(`${what}: ${integrityKey} is not set, so AWS offers its defaults including SHA1; list only ${[...STRONG_AWS_INTEGRITY].join(", ")}.`);
        } else if (!isStringArray(integrity)) {
          report(`${what}: ${integrityKey} is ${show(integrity)}; it must be a list of algorithm names.`);
        } else {
          const weak = integrity.filter((a) => !STRONG_AWS_INTEGRITY.has(a));
          if (weak.length > 0) {
            report(`${what}: ${integrityKey} ${show(integrity)} includes ${weak.join(", ")}; allowed: ${[...STRONG_AWS_INTEGRITY].join(", ")}.`);
          }
        }
      }

      // Not set is acceptable here: AWS's default ciphers are all AES.
      const encryptionKey = `${prefix}EncryptionAlgorithms`;
      const encryption = props[encryptionKey];
      if (!containsUnknown(encryption) && !isAbsent(encryption)) {
        if (!isStringArray(encryption)) {
          report(`${what}: ${encryptionKey} is ${show(encryption)}; it must be a list of cipher names.`);
        } else {
          const weak = encryption.filter((a) => !STRONG_AWS_ENCRYPTION.has(a));
          if (weak.length > 0) {
            report(`${what}: ${encryptionKey} ${show(encryption)} includes ${weak.join(", ")}; allowed: ${[...STRONG_AWS_ENCRYPTION].join(", ")} (no DES/3DES).`);
          }
        }
      }
    }
  }
}

function checkAzureConnectionCrypto(what: string, props: Record<string, unknown>, report: ReportViolation): void {
  if (isExpressRoute(props)) return;
  const policies = props["ipsecPolicies"];
  if (containsUnknown(policies)) return;
  if (isAbsent(policies) || (Array.isArray(policies) && policies.length === 0)) {
    report(`${what}: ipsecPolicies is not set, so Azure uses its default proposals, which offer no PFS; set exactly one custom IPsec policy.`);
    return;
  }
  if (!Array.isArray(policies) || policies.length !== 1) {
    report(`${what}: ipsecPolicies has ${Array.isArray(policies) ? policies.length : show(policies)} entries; exactly one custom IPsec policy is required.`);
    return;
  }
  const policy: unknown = policies[0];
  for (const field of Object.keys(STRONG_AZURE) as (keyof typeof STRONG_AZURE)[]) {
    const value = at(policy, field);
    const allowed = STRONG_AZURE[field];
    if (typeof value === "string" && allowed.has(value)) continue;
    report(
      `${what}: ipsecPolicies[0].${field} is ${isAbsent(value) ? "not set" : show(value)}; allowed: ${[...allowed].join(", ")} (${AZURE_WHY[field]}).`,
    );
  }
}

export const strongIpsecCrypto = resourcePolicy(
  { name: "strong-ipsec-crypto", severity: "high", description: "IPsec/IKE proposals use only strong algorithms: DH/PFS groups 14-21 or 24 (never 1, 2, 5, 22, 23 or none), no SHA1/MD5 integrity, no DES/3DES; AWS tunnels list their DH groups and integrity explicitly and every Azure connection has exactly one custom IPsec policy." },
  ({ args, props, what }, reportViolation) => {
    if (args.type === TYPES.vpnConnection) checkAwsTunnelCrypto(what, props, reportViolation);
    else if (args.type === TYPES.connection) checkAzureConnectionCrypto(what, props, reportViolation);
  },
);

// ---- gateway-sku --------------------------------------------------------------------------------

export const gatewaySku = resourcePolicy(
  { name: "gateway-sku", severity: "medium", description: "Azure VPN gateways use a creatable zone-redundant SKU (name ending in AZ, never Basic); their public IPs are Standard SKU with static allocation." },
  ({ args, props, what }, reportViolation) => {
    if (args.type === TYPES.gateway) {
      const name = at(props["sku"], "name");
      if (containsUnknown(props["sku"])) return;
      if (typeof name !== "string" || name === "") {
        reportViolation(`${what}: sku.name is ${isAbsent(name) ? "not set" : show(name)}; use an AZ SKU such as VpnGw1AZ.`);
      } else if (name.toLowerCase() === "basic") {
        reportViolation(`${what}: sku.name is "Basic"; Basic gateways are retired (no IKEv2 custom policies, no BGP): use VpnGw1AZ or larger.`);
      } else if (!name.endsWith("AZ")) {
        const suggestion = /^VpnGw[1-5]$/.test(name) ? `${name}AZ` : "an AZ SKU such as VpnGw1AZ";
        reportViolation(`${what}: sku.name is ${show(name)}; non-AZ SKUs can no longer be created: use ${suggestion}.`);
      }
    } else if (args.type === TYPES.publicIp) {
      const sku = props["sku"];
      const skuName = at(sku, "name");
      if (!containsUnknown(sku) && skuName !== "Standard") {
        reportViolation(
          `${what}: sku.name is ${isAbsent(skuName) ? "not set (Azure defaults to Basic)" : show(skuName)}; it must be "Standard" (Basic public IPs are retired).`,
        );
      }
      const allocation = props["publicIPAllocationMethod"];
      if (!isUnknown(allocation) && allocation !== "Static") {
        reportViolation(
          `${what}: publicIPAllocationMethod is ${isAbsent(allocation) ? "not set (Azure defaults to Dynamic)" : show(allocation)}; it must be "Static" so the address the AWS customer gateway points at never changes.`,
        );
      }
    }
  },
);

// ---- keys-from-secrets and keys-generated -------------------------------------------------------

/** The pre-shared key inputs per resource type. */
export const KEY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  [TYPES.vpnConnection]: ["tunnel1PresharedKey", "tunnel2PresharedKey"],
  [TYPES.connection]: ["sharedKey"],
};

function keyPropertiesOf(type: string, props: Record<string, unknown>): readonly string[] {
  if (type === TYPES.connection && isExpressRoute(props)) return [];
  return KEY_PROPERTIES[type] ?? [];
}

/**
 * Pre-shared keys are set and secret.
 *
 * What the policy SDK can see: @pulumi/policy 1.21.0 deserializes resource inputs with
 * `deserializeProperties(req.getProperties(), false)` (server.js, both `analyze` and
 * `analyzeStack`), which unwraps secrets into plain values and drops the fact that they were
 * secret; no API exposes it (pulumi/pulumi-policy#241, open). The stack config the engine hands a
 * policy pack (PULUMI_CONFIG) is decrypted too, without secret markers. So under the CLI this
 * policy can check only that each key is set (an unknown value at preview is a key still being
 * computed, which is fine); the secret check runs where secretness is known: callers that
 * evaluated the program themselves pass `secretPaths` (see `runPoliciesOnResources`).
 *
 * Note that secretness alone does not prove a key is not a literal: @pulumi/aws wraps
 * tunnelNPresharedKey in `pulumi.secret()` itself, so even a literal typed into the program
 * arrives as a secret. Provenance is checked by the stack policy `keys-generated`, which the CLI
 * can evaluate: every key must depend on a random.RandomPassword of the stack.
 */
export const keysFromSecrets = resourcePolicy(
  { name: "keys-from-secrets", severity: "critical", description: "Every AWS tunnel pre-shared key and every Azure connection sharedKey is set and (where the caller knows secretness) a Pulumi secret." },
  ({ args, props, what }, reportViolation) => {
    const keys = keyPropertiesOf(args.type, props);
    if (keys.length === 0) return;
    const secretPaths = secretPathsOf(args);
    for (const key of keys) {
      const value = props[key];
      if (!isUnknown(value) && (typeof value !== "string" || value === "")) {
        reportViolation(
          `${what}: ${key} is ${isAbsent(value) || value === "" ? "not set" : `not a string (${typeof value})`}; set it from a generated secret (random.RandomPassword wrapped in pulumi.secret).`,
        );
        continue;
      }
      if (secretPaths !== undefined && !secretPaths.includes(key)) {
        reportViolation(`${what}: ${key} is a plain (non-secret) input and would be stored in clear text in the state; wrap it in pulumi.secret().`);
      }
    }
  },
);

/**
 * Pre-shared keys are generated by the stack: each key input depends on a random.RandomPassword.
 * A literal in the program or a value from (plain or secret) config has no such dependency, so it
 * is refused: keys typed by people are shared by people and never rotate. This is the provenance
 * check the CLI can run (stack policies receive `propertyDependencies`; resource policies don't).
 */
export const keysGenerated = stackPolicy(
  { name: "keys-generated", severity: "high", description: "Every pre-shared key (AWS tunnelNPresharedKey, Azure sharedKey) is derived from a random.RandomPassword of the stack, never a literal or a config value." },
  (args, reportViolation) => {
    for (const resource of args.resources) {
      const props = ownProps(resource.props);
      const keys = keyPropertiesOf(resource.type, props);
      if (keys.length === 0 || dependenciesUnknown(resource)) continue;
      const what = describeResource(resource.type, resource.name);
      for (const key of keys) {
        // A missing key is keys-from-secrets' finding; don't report it twice.
        if (!(key in props)) continue;
        const sources = resource.propertyDependencies[key] ?? [];
        if (!sources.some((source) => source.type === TYPES.password)) {
          const from = sources.length === 0 ? "nothing (a literal or a config value)" : sources.map((s) => describeResource(s.type, s.name)).join(", ");
          reportViolation(`${what}: ${key} is derived from ${from}; it must come from a random.RandomPassword in this stack.`, resource.urn);
        }
      }
    }
  },
);

// ---- no-open-admin-ports ------------------------------------------------------------------------

export const ADMIN_PORTS: readonly number[] = [22, 3389];

/** A source that means "anywhere": any /0 prefix, "*", and Azure's Internet/Any tags. */
export function isAnywhere(source: string): boolean {
  const s = source.trim().toLowerCase();
  if (s === "*" || s === "internet" || s === "any" || s === "0.0.0.0" || s === "::") return true;
  const slash = s.lastIndexOf("/");
  return slash >= 0 && Number(s.slice(slash + 1)) === 0 && s.slice(slash + 1).trim() !== "";
}

/** Ports of an Azure port range ("22", "20-25", "*"); undefined when not a range. */
function azurePortRange(range: string): [number, number] | undefined {
  const r = range.trim();
  if (r === "*") return [0, 65535];
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(r);
  if (match === null) return undefined;
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  return [from, to];
}

function adminPortsIn(from: number, to: number): number[] {
  return ADMIN_PORTS.filter((port) => port >= from && port <= to);
}

/** AWS protocol covering TCP: "tcp", "6", or all protocols ("-1", "all"). */
function awsProtocolCoversTcp(protocol: unknown): { tcp: boolean; allPorts: boolean } {
  const p = typeof protocol === "number" ? String(protocol) : typeof protocol === "string" ? protocol.trim().toLowerCase() : "";
  if (p === "-1" || p === "all") return { tcp: true, allPorts: true };
  return { tcp: p === "tcp" || p === "6", allPorts: false };
}

interface AwsRule {
  protocol: unknown;
  fromPort: unknown;
  toPort: unknown;
  sources: unknown[];
}

/** The admin ports an AWS rule opens to the world, with the open sources. */
function openAwsAdminPorts(rule: AwsRule): { ports: number[]; sources: string[] } | undefined {
  if (containsUnknown(rule.protocol) || containsUnknown(rule.fromPort) || containsUnknown(rule.toPort)) return undefined;
  const openSources = rule.sources.filter((s): s is string => typeof s === "string" && !isUnknown(s) && isAnywhere(s));
  if (openSources.length === 0) return undefined;
  const { tcp, allPorts } = awsProtocolCoversTcp(rule.protocol);
  if (!tcp) return undefined;
  let ports: number[];
  if (allPorts) ports = [...ADMIN_PORTS];
  else if (typeof rule.fromPort === "number" && typeof rule.toPort === "number") {
    // -1 as a port means "all" for some protocols; treat any range reaching outside 0-65535 as all.
    ports = rule.fromPort < 0 || rule.toPort < 0 ? [...ADMIN_PORTS] : adminPortsIn(rule.fromPort, rule.toPort);
  } else ports = [...ADMIN_PORTS]; // no ports given with TCP: the API would refuse it, but don't let it through
  return ports.length > 0 ? { ports, sources: openSources } : undefined;
}

function listOf(value: unknown): unknown[] {
  if (isAbsent(value)) return [];
  return Array.isArray(value) ? value : [value];
}

/** Where an AWS rule keeps its protocol and sources: a security group's ingress entries and aws.ec2.SecurityGroupRule... */
const GROUP_RULE_KEYS = { protocol: "protocol", ipv4: "cidrBlocks", ipv6: "ipv6CidrBlocks" } as const;
/** ...and aws.vpc.SecurityGroupIngressRule. */
const INGRESS_RULE_KEYS = { protocol: "ipProtocol", ipv4: "cidrIpv4", ipv6: "cidrIpv6" } as const;

function awsRuleFrom(rule: unknown, keys: { protocol: string; ipv4: string; ipv6: string }): AwsRule {
  return {
    protocol: at(rule, keys.protocol),
    fromPort: at(rule, "fromPort"),
    toPort: at(rule, "toPort"),
    sources: [...listOf(at(rule, keys.ipv4)), ...listOf(at(rule, keys.ipv6))],
  };
}

function checkAwsRule(what: string, where: string, rule: AwsRule, report: ReportViolation): void {
  const open = openAwsAdminPorts(rule);
  if (open === undefined) return;
  report(
    `${what}: ${where} admits ${show(rule.protocol)} port(s) ${open.ports.join(", ")} (range ${show(rule.fromPort)}-${show(rule.toPort)}) from ${open.sources.join(", ")}; restrict SSH/RDP to an admin network.`,
  );
}

interface AzureRule {
  direction: unknown;
  access: unknown;
  protocol: unknown;
  sources: unknown[];
  portRanges: unknown[];
}

function azureRuleFrom(rule: unknown): AzureRule {
  return {
    direction: at(rule, "direction"),
    access: at(rule, "access"),
    protocol: at(rule, "protocol"),
    sources: [...listOf(at(rule, "sourceAddressPrefix")), ...listOf(at(rule, "sourceAddressPrefixes"))],
    portRanges: [...listOf(at(rule, "destinationPortRange")), ...listOf(at(rule, "destinationPortRanges"))],
  };
}

function checkAzureRule(what: string, where: string, rule: AzureRule, report: ReportViolation): void {
  if (containsUnknown(rule.direction) || containsUnknown(rule.access) || containsUnknown(rule.protocol)) return;
  const lower = (v: unknown): string => (typeof v === "string" ? v.toLowerCase() : "");
  if (lower(rule.direction) !== "inbound" || lower(rule.access) !== "allow") return;
  if (lower(rule.protocol) !== "tcp" && lower(rule.protocol) !== "*") return;
  const openSources = rule.sources.filter((s): s is string => typeof s === "string" && !isUnknown(s) && isAnywhere(s));
  if (openSources.length === 0) return;
  const ports = new Set<number>();
  const ranges: string[] = [];
  for (const range of rule.portRanges) {
    if (typeof range !== "string" || isUnknown(range)) continue;
    const parsed = azurePortRange(range);
    if (parsed === undefined) continue;
    const found = adminPortsIn(parsed[0], parsed[1]);
    if (found.length > 0) ranges.push(range);
    found.forEach((p) => ports.add(p));
  }
  if (ports.size === 0) return;
  report(
    `${what}: ${where} allows inbound ${show(rule.protocol)} to port(s) ${[...ports].sort((a, b) => a - b).join(", ")} (${ranges.map((r) => show(r)).join(", ")}) from ${openSources.map((s) => show(s)).join(", ")}; restrict SSH/RDP to an admin network.`,
  );
}

export const noOpenAdminPorts = resourcePolicy(
  { name: "no-open-admin-ports", severity: "high", description: "No AWS security group rule or Azure NSG rule admits TCP 22 or 3389 (including port ranges, all ports and all protocols) from anywhere (0.0.0.0/0, ::/0, *, Internet, Any)." },
  ({ args, props, what }, reportViolation) => {
    switch (args.type) {
      case TYPES.securityGroup: {
        const ingress = props["ingress"];
        if (!Array.isArray(ingress)) return;
        ingress.forEach((rule: unknown, i) => checkAwsRule(what, `ingress[${i}]`, awsRuleFrom(rule, GROUP_RULE_KEYS), reportViolation));
        return;
      }
      case TYPES.securityGroupRule:
        if (props["type"] !== "ingress") return;
        checkAwsRule(what, "the rule", awsRuleFrom(props, GROUP_RULE_KEYS), reportViolation);
        return;
      case TYPES.securityGroupIngressRule:
        checkAwsRule(what, "the rule", awsRuleFrom(props, INGRESS_RULE_KEYS), reportViolation);
        return;
      case TYPES.nsg: {
        const rules = props["securityRules"];
        if (!Array.isArray(rules)) return;
        rules.forEach((rule: unknown, i) => {
          const name = at(rule, "name");
          checkAzureRule(what, `securityRules[${i}]${typeof name === "string" ? ` (${name})` : ""}`, azureRuleFrom(rule), reportViolation);
        });
        return;
      }
      case TYPES.securityRule:
        checkAzureRule(what, "the rule", azureRuleFrom(props), reportViolation);
        return;
    }
  },
);

// ---- prod-protection ----------------------------------------------------------------------------

/** Resources a production stack must protect from deletion and replacement. */
export const PROTECTED_IN_PROD: readonly string[] = [TYPES.gateway, TYPES.publicIp, TYPES.vpnConnection, TYPES.customerGateway];
/** Test hosts, which a production stack must not contain. */
export const TEST_HOSTS: readonly string[] = [TYPES.instance, TYPES.vm];

/** prod-protection's policy config (policy/config.<stack>.json). */
export interface ProdProtectionConfig {
  /**
   * Resource names (or URNs) allowed to be unprotected, for a disruption the program lifts
   * protection for on purpose (`azure-aws-vpn:acknowledgeDisruption`). Reviewed like code.
   */
  exempt?: string[];
}

export interface ProdProtectionOptions {
  /** The stack name, read when the policy runs (default: the stack the CLI runs for). */
  stack?: () => string;
}

function exemptions(config: object): Set<string> {
  const exempt: unknown = "exempt" in config ? config.exempt : undefined;
  return new Set(isStringArray(exempt) ? exempt : []);
}

/** The prod-protection stack policy for the stack `options.stack()` names. */
export function prodProtection(options: ProdProtectionOptions = {}): StackValidationPolicy {
  return productionPolicy(
    {
      name: "prod-protection",
      description:
        "In a production stack (name \"prod\" or starting with \"prod\"), Azure VPN gateways and public IPs, AWS VPN connections and customer gateways are protected (protect: true), and there are no test hosts (EC2 instances, Azure VMs).",
      severity: "critical",
      configSchema: {
        properties: {
          exempt: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Names or URNs of resources allowed to be unprotected (an acknowledged disruption).",
          },
        },
      },
    },
    options.stack,
    (args, reportViolation, stack) => {
      const exempt = exemptions(args.getConfig<ProdProtectionConfig>());
      for (const resource of args.resources) {
        const what = describeResource(resource.type, resource.name);
        if (PROTECTED_IN_PROD.includes(resource.type) && !resource.opts.protect) {
          if (exempt.has(resource.name) || exempt.has(resource.urn)) continue;
          reportViolation(
            `${what} is not protected in production stack "${stack}": set protect (config azure-aws-vpn:protect true); to replace it on purpose, acknowledge the disruption and list it in prod-protection's "exempt" policy config.`,
            resource.urn,
          );
        }
        if (TEST_HOSTS.includes(resource.type)) {
          reportViolation(`${what} is a test host; production stack "${stack}" must not contain test hosts (config azure-aws-vpn:testVms false).`, resource.urn);
        }
      }
    },
  );
}

// ---- the pack -----------------------------------------------------------------------------------

/** Every resource policy of the pack. */
export const RESOURCE_POLICIES: readonly ResourceValidationPolicy[] = [ikev2Only, strongIpsecCrypto, gatewaySku, keysFromSecrets, noOpenAdminPorts];

/** Every stack policy of the pack, for the stack `stack()` names. */
export function stackPolicies(stack: () => string = currentStackName): StackValidationPolicy[] {
  return [keysGenerated, prodProtection({ stack }), prodMonitoring({ stack })];
}

/** The whole pack's policies (what ./index.ts serves). */
export function vpnPolicies(stack: () => string = currentStackName): Policies {
  return [...RESOURCE_POLICIES, ...stackPolicies(stack)];
}

/** Type guard for callers holding a mixed list. */
export function isStackValidationPolicy(policy: ResourceValidationPolicy | StackValidationPolicy): policy is StackValidationPolicy {
  return "validateStack" in policy && typeof policy.validateStack === "function";
}
