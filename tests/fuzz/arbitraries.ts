/**
 * fast-check generators for stack configs: coherent configs that are mostly valid, and mutations
 * (random CIDRs incl. malformed text, prefixes, ASNs incl. reserved ones, SKUs and generations,
 * routing/active-active/attachment combinations, IPsec overrides from the allowed and refused
 * values, extra keys and wrong types) applied to them or to the dev and prod stack files.
 */
import fc from "fast-check";
import { uintToAddress } from "../../infra/addressing";
import { CREATABLE_SKUS, PROJECT, rawFromRuntimeConfig, type RawConfig } from "../../infra/config";
import { GUARDED_SETTINGS } from "../../infra/guards";
import { AZURE_CONNECTION_MODES, DPD_ACTIONS, ENCRYPTIONS, INTEGRITIES, STARTUP_ACTIONS } from "../../infra/ipsec";
import { readStackConfig, toRuntimeConfig } from "../helpers";

const q = (key: string): string => `${PROJECT}:${key}`;

/** The fixed seed of the fuzz suites, overridable with FC_SEED=<integer> to explore further. */
export function fuzzSeed(): number {
  const fromEnv = process.env["FC_SEED"];
  if (fromEnv === undefined || fromEnv === "") return 20_261_107;
  const seed = Number(fromEnv);
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${fromEnv}`);
  return seed;
}

/** Runs per property: the default, scaled by FC_RUNS_SCALE (e.g. 10 for a long local run). */
export function runs(base: number): number {
  const scale = Number(process.env["FC_RUNS_SCALE"] ?? "1");
  return Math.max(1, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

/** Names that exist on every object through Object.prototype: lookups must not find them. */
export const PROTOTYPE_NAMES = ["toString", "constructor", "__proto__", "hasOwnProperty", "valueOf"] as const;

export type PathPart = string | number;
export type Mutation =
  | { op: "set"; key: string; path: PathPart[]; value: unknown }
  | { op: "delete"; key: string }
  /** Writes a leading zero into one part (octet 0-3, or 4 = the prefix) of the CIDR at key/path. */
  | { op: "zeroPad"; key: string; path: PathPart[]; part: number };

function define(target: Record<PathPart, unknown>, key: PathPart, value: unknown): void {
  // defineProperty, so that "__proto__" is an own key as JSON.parse would make it.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a copy of a raw config. */
export function applyMutations(raw: RawConfig, mutations: readonly Mutation[]): RawConfig {
  const result = structuredClone(raw);
  for (const mutation of mutations) {
    if (mutation.op === "delete") {
      delete result[mutation.key];
      continue;
    }
    if (mutation.op === "zeroPad") {
      let current: unknown = result[mutation.key];
      const parents: unknown[] = [result];
      for (const part of mutation.path) {
        parents.push(current);
        current = current !== null && typeof current === "object" ? (current as Record<PathPart, unknown>)[part] : undefined;
      }
      if (typeof current !== "string") continue;
      const parts = current.split(/([./])/);
      const at = mutation.part * 2;
      if (at < parts.length) parts[at] = `0${parts[at]}`;
      const padded = parts.join("");
      const container = mutation.path.length === 0 ? result : (parents[parents.length - 1] as Record<PathPart, unknown>);
      define(container, mutation.path.length === 0 ? mutation.key : mutation.path[mutation.path.length - 1]!, padded);
      continue;
    }
    const value = structuredClone(mutation.value);
    if (mutation.path.length === 0) {
      define(result, mutation.key, value);
      continue;
    }
    const fresh = (next: PathPart): Record<PathPart, unknown> => (typeof next === "number" ? [] : {}) as Record<PathPart, unknown>;
    let container = result[mutation.key];
    if (container === null || typeof container !== "object") {
      container = fresh(mutation.path[0]!);
      define(result, mutation.key, container);
    }
    let current = container as Record<PathPart, unknown>;
    for (let i = 0; i < mutation.path.length - 1; i++) {
      const part = mutation.path[i]!;
      let next = Object.hasOwn(current, part) ? current[part] : undefined;
      if (next === null || typeof next !== "object") {
        next = fresh(mutation.path[i + 1]!);
        define(current, part, next);
      }
      current = next as Record<PathPart, unknown>;
    }
    define(current, mutation.path[mutation.path.length - 1]!, value);
  }
  return result;
}

/** What the program sees: Pulumi hands every value over as a string, structured ones as JSON. */
export function runtimeView(raw: RawConfig): RawConfig {
  return rawFromRuntimeConfig(toRuntimeConfig(raw));
}

// ---------------------------------------------------------------------------------------------
// Values

const octet = fc.integer({ min: 0, max: 255 });
const prefix = fc.integer({ min: 0, max: 32 });

/** A network address with host bits zero, anywhere in IPv4. */
const alignedCidr = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), prefix).map(([n, p]) => {
  const size = 2 ** (32 - p);
  return `${uintToAddress(n - (n % size))}/${p}`;
});
/** A private network: 10.a.b.0/p, host bits cleared. */
const privateCidr = fc.tuple(octet, octet, fc.integer({ min: 8, max: 30 })).map(([a, b, p]) => {
  const first = (10 * 2 ** 24 + a * 2 ** 16 + b * 2 ** 8);
  const size = 2 ** (32 - p);
  return `${uintToAddress(first - (first % size))}/${p}`;
});
/** A /30 in 169.254.0.0/16, reserved ones and Azure's APIPA range included. */
export const linkLocal30 = fc.tuple(octet, fc.integer({ min: 0, max: 63 })).map(([c, d]) => `169.254.${c}.${d * 4}/30`);
/** A /30 in Azure's custom APIPA range (169.254.21.0 - 169.254.22.255). */
export const apipa30 = fc.tuple(fc.constantFrom(21, 22), fc.integer({ min: 0, max: 63 })).map(([c, d]) => `169.254.${c}.${d * 4}/30`);

export const MALFORMED_CIDRS = [
  "", " ", "10.0.0/16", "10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "256.0.0.0/8", "10.0.0.256/32",
  "10.0.0.0/16 ", " 10.0.0.0/16", "10.0.0.0 /16", "10.0.0.0//16", "10.0.0.0/16/1", "10.0.0.0/016", "10.0.0.0/1.5",
  "::/0", "2001:db8::/32", "::ffff:10.0.0.0/104", "ten.zero.zero.zero/8", "0x0a.0.0.0/8", "1e1.0.0.0/8",
  "010.0.0.0/8", "10.020.0.0/16", "10.0.0.0/08", "10.0.0.1/16", "10.0.0.0/16,10.1.0.0/16", "10.0.0.0\n/16",
];

/** CIDR-shaped text: random, aligned, private, link-local, malformed, or any string. */
export const cidrText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(octet, octet, octet, octet, prefix).map(([a, b, c, d, p]) => `${a}.${b}.${c}.${d}/${p}`) },
  { weight: 3, arbitrary: alignedCidr },
  { weight: 4, arbitrary: privateCidr },
  { weight: 1, arbitrary: linkLocal30 },
  { weight: 3, arbitrary: fc.constantFrom(...MALFORMED_CIDRS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
);

/** Values of the wrong type for whatever key they land on. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 12 }),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PROTOTYPE_NAMES)), fc.oneof(fc.integer(), fc.string({ maxLength: 6 })), { maxKeys: 3 }),
);

export const RESERVED_ASNS = [0, 8074, 8075, 12076, 23456, 64496, 64500, 64511, 65515, 65517, 65518, 65519, 65520, 65535, 65540, 65551, 4294967295];
export const asnValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...RESERVED_ASNS) },
  { weight: 3, arbitrary: fc.integer({ min: 64512, max: 65534 }) },
  { weight: 1, arbitrary: fc.constantFrom(1, 7224, 64512, 65534, 2147483647, 2147483648, 4200000000, 4294967294, -1, 65010.5) },
  { weight: 2, arbitrary: fc.integer({ min: -10, max: 2147483647 }) },
  { weight: 1, arbitrary: fc.integer({ min: 4_199_999_990, max: 4_294_967_300 }) },
  { weight: 1, arbitrary: fc.constantFrom("65010", "AS65010", "", null, true) },
);

export const SKUS = [
  ...Object.keys(CREATABLE_SKUS),
  "VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "Basic", "Standard", "HighPerformance", "UltraPerformance",
  "ErGw1AZ", "vpngw1az", "VpnGw6AZ", "", ...PROTOTYPE_NAMES,
];
export const GENERATIONS = ["Generation1", "Generation2", "Generation3", "generation2", "Gen2", "None", ""];

const nameText: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("rg-a", "vnet_1", "a1", "x.y-z_", "GatewaySubnet", "subnet-01") },
  { weight: 2, arbitrary: fc.constantFrom("", "a", "-bad", "bad.", "bad-", "with space", "ünïcode", "x".repeat(65), "x".repeat(64), ...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 70 }) },
  { weight: 1, arbitrary: wrongType },
);

const zoneValue = fc.constantFrom<unknown>("1", "2", "3", "4", "0", 1, "");
const azValue = fc.constantFrom<unknown>("us-east-1a", "us-east-1b", "us-east-1c", "eu-west-1a", "us-east-1", "", 1);

/** A subnet entry; a zone on an Azure subnet and the `extra` key are unknown keys there. */
const namedSubnet: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    name: nameText,
    cidr: fc.oneof({ weight: 5, arbitrary: cidrText }, { weight: 1, arbitrary: wrongType }),
    availabilityZone: azValue,
    extra: fc.constant<unknown>(true),
  },
  { requiredKeys: ["name", "cidr"] },
);

/** IPsec overrides from the allowed and the refused values (both clouds' intersections). */
export const ipsecOverride: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    ikeVersion: fc.constantFrom<unknown>("ikev2", "ikev1", "ikev3", "IKEv2", 2),
    phase1: fc.record(
      {
        encryption: fc.constantFrom<unknown>(...ENCRYPTIONS, "DES", "AES192", "3DES"),
        integrity: fc.constantFrom<unknown>(...INTEGRITIES, "MD5", "SHA2-224"),
        dhGroup: fc.constantFrom<unknown>(1, 2, 5, 14, 15, 19, 20, 21, 24, 0, 25, 1.5, "20"),
        lifetimeSeconds: fc.constantFrom<unknown>(28800, 28799, 3600, 900, 86400, 0, -1),
        bogus: fc.constant<unknown>(1),
      },
      { requiredKeys: [] },
    ),
    phase2: fc.record(
      {
        encryption: fc.constantFrom<unknown>(...ENCRYPTIONS, "NULL", "DES"),
        integrity: fc.constantFrom<unknown>(...INTEGRITIES, "MD5"),
        pfsGroup: fc.constantFrom<unknown>(0, 1, 2, 5, 14, 19, 20, 24, 21, 2.5),
        lifetimeSeconds: fc.constantFrom<unknown>(3600, 3601, 900, 899, 1800, 28800, 0),
      },
      { requiredKeys: [] },
    ),
    dpdTimeoutSeconds: fc.constantFrom<unknown>(45, 30, 29, 3600, 3601, 9, 0, -1, 45.5),
    dpdTimeoutAction: fc.constantFrom<unknown>(...DPD_ACTIONS, "hold", ""),
    startupAction: fc.constantFrom<unknown>(...STARTUP_ACTIONS, "begin"),
    azureConnectionMode: fc.constantFrom<unknown>(...AZURE_CONNECTION_MODES, "Both", "default"),
    usePolicyBasedTrafficSelectors: fc.constantFrom<unknown>(true, false, "false", 0),
    unknownOption: fc.constant<unknown>("x"),
  },
  { requiredKeys: [] },
);

/** IPsec overrides the schema accepts (known names and types), so the cross-cloud rules decide. */
export const ipsecSchemaValid: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    ikeVersion: fc.constantFrom<unknown>("ikev2", "ikev1"),
    phase1: fc.record(
      {
        encryption: fc.constantFrom<unknown>(...ENCRYPTIONS),
        integrity: fc.constantFrom<unknown>(...INTEGRITIES),
        dhGroup: fc.constantFrom<unknown>(1, 2, 5, 14, 15, 19, 20, 21, 24),
        lifetimeSeconds: fc.constantFrom<unknown>(28800, 3600, 900),
      },
      { requiredKeys: [] },
    ),
    phase2: fc.record(
      {
        encryption: fc.constantFrom<unknown>(...ENCRYPTIONS),
        integrity: fc.constantFrom<unknown>(...INTEGRITIES),
        pfsGroup: fc.constantFrom<unknown>(0, 1, 2, 5, 14, 19, 20, 24, 21),
        lifetimeSeconds: fc.constantFrom<unknown>(3600, 3601, 900, 899, 1800, 28800),
      },
      { requiredKeys: [] },
    ),
    dpdTimeoutSeconds: fc.constantFrom<unknown>(45, 30, 29, 3600, 3601),
    dpdTimeoutAction: fc.constantFrom<unknown>(...DPD_ACTIONS),
    startupAction: fc.constantFrom<unknown>(...STARTUP_ACTIONS),
    azureConnectionMode: fc.constantFrom<unknown>(...AZURE_CONNECTION_MODES),
    usePolicyBasedTrafficSelectors: fc.boolean(),
  },
  { requiredKeys: [] },
);

const TUNNEL_IDS = ["c1t1", "c1t2", "c2t1", "c2t2", "c3t1", "c0t0", "C1T1", "t1", ...PROTOTYPE_NAMES];
const ACKNOWLEDGEMENTS = [...Object.keys(GUARDED_SETTINGS), "gatewaySku", "GATEWAYGENERATION", "", "everything", ...PROTOTYPE_NAMES];

// ---------------------------------------------------------------------------------------------
// Mutations

const set = (key: string, value: fc.Arbitrary<unknown>, path: PathPart[] = []): fc.Arbitrary<Mutation> =>
  value.map((v) => ({ op: "set" as const, key, path, value: v }));
const setAt = (key: string, paths: fc.Arbitrary<PathPart[]>, value: fc.Arbitrary<unknown>): fc.Arbitrary<Mutation> =>
  fc.tuple(paths, value).map(([path, v]) => ({ op: "set" as const, key, path, value: v }));
const index = fc.integer({ min: 0, max: 3 });

/** Every key a stack might set (ours, the providers', a few of neither). */
const CONFIG_KEYS = [
  "resourceGroupName", "vnetName", "vnetAddressSpace", "azureSubnets", "gatewaySubnetCidr", "gatewayName", "publicIpName",
  "gatewaySku", "gatewayGeneration", "publicIpZones", "azureAsn", "vpcName", "vpcCidr", "awsSubnets", "awsAsn",
  "awsAttachment", "routing", "activeActive", "tunnelInsideCidrs", "localNetworkGatewayName", "connectionName", "ipsec",
  "testVms", "adminCidr", "sshPublicKey", "protect", "keyRotation", "acknowledgeDisruption",
].map(q);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Addresses.
  set(q("vpcCidr"), cidrText),
  set(q("gatewaySubnetCidr"), cidrText),
  setAt(q("vnetAddressSpace"), index.map((i) => [i]), cidrText),
  set(q("vnetAddressSpace"), fc.array(cidrText, { maxLength: 3 })),
  setAt(q("azureSubnets"), index.map((i) => [i, "cidr"]), cidrText),
  setAt(q("awsSubnets"), index.map((i) => [i, "cidr"]), cidrText),
  set(q("azureSubnets"), fc.array(namedSubnet, { maxLength: 3 })),
  set(q("awsSubnets"), fc.array(namedSubnet, { maxLength: 3 })),
  setAt(q("azureSubnets"), index.map((i) => [i, "name"]), nameText),
  setAt(q("awsSubnets"), index.map((i) => [i, "availabilityZone"]), azValue),
  set(q("tunnelInsideCidrs"), fc.array(fc.oneof(apipa30, linkLocal30, cidrText), { maxLength: 5 })),
  set(q("tunnelInsideCidrs"), fc.uniqueArray(apipa30, { minLength: 2, maxLength: 4 })),
  setAt(q("tunnelInsideCidrs"), index.map((i) => [i]), fc.oneof(apipa30, linkLocal30, cidrText)),
  // Leading zeros in an existing CIDR: the same text to the eye, octal to some parsers.
  fc.tuple(
    fc.constantFrom<[string, PathPart[]]>(
      [q("vpcCidr"), []], [q("gatewaySubnetCidr"), []], [q("vnetAddressSpace"), [0]], [q("azureSubnets"), [0, "cidr"]],
      [q("awsSubnets"), [0, "cidr"]], [q("awsSubnets"), [1, "cidr"]], [q("tunnelInsideCidrs"), [1]], [q("adminCidr"), []],
    ),
    fc.integer({ min: 0, max: 4 }),
  ).map(([[key, path], part]): Mutation => ({ op: "zeroPad", key, path, part })),
  // ASNs.
  set(q("azureAsn"), asnValue),
  set(q("awsAsn"), asnValue),
  // SKU and generation.
  set(q("gatewaySku"), fc.constantFrom<unknown>(...SKUS)),
  set(q("gatewayGeneration"), fc.constantFrom<unknown>(...GENERATIONS)),
  // Topology combinations.
  set(q("routing"), fc.constantFrom<unknown>("static", "bgp", "BGP", "ospf", "")),
  set(q("activeActive"), fc.constantFrom<unknown>(true, false, "true", "yes", 1, null)),
  set(q("awsAttachment"), fc.constantFrom<unknown>("vgw", "tgw", "TGW", "cloudwan", "")),
  set(q("publicIpZones"), fc.array(zoneValue, { maxLength: 4 })),
  // Profile overrides.
  set(q("ipsec"), ipsecOverride),
  set(q("ipsec"), ipsecSchemaValid),
  setAt(q("ipsec"), fc.constantFrom<PathPart[]>(["phase1", "dhGroup"], ["phase2", "pfsGroup"], ["phase2", "lifetimeSeconds"], ["dpdTimeoutSeconds"], ["startupAction"]), fc.oneof(fc.integer({ min: -5, max: 30000 }), fc.constantFrom<unknown>("start", "add", 20, 24))),
  // Day-2 settings.
  set(q("keyRotation"), fc.dictionary(fc.constantFrom(...TUNNEL_IDS), fc.oneof(fc.integer({ min: -2, max: 5 }), fc.constantFrom<unknown>(1.5, "1", null)), { maxKeys: 3 })),
  set(q("acknowledgeDisruption"), fc.array(fc.constantFrom(...ACKNOWLEDGEMENTS), { maxLength: 3 })),
  set(q("protect"), fc.constantFrom<unknown>(true, false, "false")),
  // Test hosts.
  set(q("testVms"), fc.constantFrom<unknown>(true, false)),
  set(q("adminCidr"), fc.oneof(cidrText, fc.constantFrom<unknown>("0.0.0.0/0", "203.0.113.10/32", "203.0.113.10"))),
  set(q("sshPublicKey"), fc.constantFrom<unknown>("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFake fuzz@example", "ssh-rsa AAAAB3Nza", "ssh-dss AAAAB3", "", "password123", 5)),
  // Names.
  fc.tuple(fc.constantFrom(...["resourceGroupName", "vnetName", "gatewayName", "publicIpName", "vpcName", "localNetworkGatewayName", "connectionName"].map(q)), nameText).map(([key, value]): Mutation => ({ op: "set", key, path: [], value })),
  // Provider settings.
  set("aws:region", fc.constantFrom<unknown>("us-east-1", "eu-west-2", "us-gov-west-1", "useast1", "US-EAST-1", "", 1)),
  set("azure-native:location", fc.constantFrom<unknown>("eastus", "westeurope", "", 5, null)),
  // Wrong types on any key, deleted keys, extra keys.
  fc.tuple(fc.constantFrom(...CONFIG_KEYS), wrongType).map(([key, value]): Mutation => ({ op: "set", key, path: [], value })),
  fc.constantFrom(...CONFIG_KEYS, "aws:region", "azure-native:location").map((key): Mutation => ({ op: "delete", key })),
  fc.tuple(
    fc.oneof(fc.constantFrom("gatewaySKU", "vpc_cidr", "bogus", "ipsec.phase1", ...PROTOTYPE_NAMES).map(q), fc.string({ minLength: 1, maxLength: 10 }).map((s) => q(`x${s}`))),
    fc.oneof(wrongType, cidrText),
  ).map(([key, value]): Mutation => ({ op: "set", key, path: [], value })),
  // Other namespaces are not ours to judge.
  fc.tuple(fc.constantFrom("aws:profile", "aws:skipMetadataApiCheck", "azure-native:subscriptionId", "random:x"), fc.string({ maxLength: 8 })).map(([key, value]): Mutation => ({ op: "set", key, path: [], value })),
);

// ---------------------------------------------------------------------------------------------
// Coherent configs (mostly valid)

const MODES = [
  { routing: "static", activeActive: false, awsAttachment: "vgw" },
  { routing: "static", activeActive: true, awsAttachment: "vgw" },
  { routing: "bgp", activeActive: true, awsAttachment: "vgw" },
  { routing: "bgp", activeActive: true, awsAttachment: "tgw" },
] as const;
const SKU_GENERATIONS = Object.entries(CREATABLE_SKUS).flatMap(([sku, generations]) => generations.map((generation) => [sku, generation] as const));
const VALID_IPSEC: Record<string, unknown>[] = [
  {},
  { dpdTimeoutSeconds: 30 },
  { phase2: { lifetimeSeconds: 2700 } },
  { phase1: { dhGroup: 14 }, phase2: { pfsGroup: 14 } },
  { phase1: { encryption: "AES128-GCM-16", integrity: "SHA2-256", dhGroup: 24 }, phase2: { encryption: "AES128", integrity: "SHA1", pfsGroup: 24 } },
  { ikeVersion: "ikev2", startupAction: "add", azureConnectionMode: "Default" },
];

/** A config built to be valid (unless its random choices collide), in either namespace layout. */
export const coherentConfig: fc.Arbitrary<RawConfig> = fc
  .record({
    mode: fc.constantFrom(...MODES),
    vnet: fc.integer({ min: 0, max: 127 }),
    vpc: fc.integer({ min: 128, max: 255 }),
    secondVnetBlock: fc.boolean(),
    azureSubnets: fc.integer({ min: 1, max: 3 }),
    awsSubnets: fc.integer({ min: 1, max: 3 }),
    gatewayPrefix: fc.constantFrom(26, 27, 28, 29),
    skuGeneration: fc.constantFrom(...SKU_GENERATIONS),
    azureAsn: fc.constantFrom(65000, 65010, 65100, 64600, 1),
    awsAsn: fc.constantFrom(64512, 64513, 65001, 65534, 4200000000, 4294967294),
    insideSlots: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 127 }), { minLength: 4, maxLength: 4 }), { nil: undefined }),
    keyRotation: fc.dictionary(fc.constantFrom("c1t1", "c1t2", "c2t1", "c2t2"), fc.integer({ min: 0, max: 3 }), { maxKeys: 2 }),
    acknowledge: fc.subarray(Object.keys(GUARDED_SETTINGS), { maxLength: 2 }),
    ipsec: fc.constantFrom(...VALID_IPSEC),
    zones: fc.constantFrom(["1", "2", "3"], ["1"], ["2", "3"], []),
    protect: fc.boolean(),
    testVms: fc.boolean(),
    names: fc.boolean(),
  })
  .map((c): RawConfig => {
    const vnet = `10.${c.vnet}.0.0/16`;
    const tunnels = c.mode.activeActive ? 4 : 2;
    const raw: RawConfig = {
      "azure-native:location": "eastus",
      "aws:region": "us-east-1",
      [q("vnetAddressSpace")]: c.secondVnetBlock ? [vnet, `192.168.${c.vnet}.0/24`] : [vnet],
      [q("azureSubnets")]: Array.from({ length: c.azureSubnets }, (_, i) => ({ name: `snet-${i + 1}`, cidr: `10.${c.vnet}.${i + 1}.0/24` })),
      [q("gatewaySubnetCidr")]: `10.${c.vnet}.255.0/${c.gatewayPrefix}`,
      [q("gatewaySku")]: c.skuGeneration[0],
      [q("gatewayGeneration")]: c.skuGeneration[1],
      [q("publicIpZones")]: c.zones,
      [q("azureAsn")]: c.azureAsn,
      [q("vpcCidr")]: `10.${c.vpc}.0.0/16`,
      [q("awsSubnets")]: Array.from({ length: c.awsSubnets }, (_, i) => ({ name: `subnet-${i + 1}`, cidr: `10.${c.vpc}.${i + 1}.0/24`, availabilityZone: `us-east-1${"abc"[i]}` })),
      [q("awsAsn")]: c.awsAsn,
      [q("awsAttachment")]: c.mode.awsAttachment,
      [q("routing")]: c.mode.routing,
      [q("activeActive")]: c.mode.activeActive,
      [q("ipsec")]: c.ipsec,
      [q("protect")]: c.protect,
      [q("testVms")]: c.testVms,
      [q("keyRotation")]: Object.fromEntries(Object.entries(c.keyRotation).filter(([id]) => c.mode.activeActive || id.startsWith("c1"))),
      [q("acknowledgeDisruption")]: c.acknowledge,
    };
    if (c.insideSlots) {
      raw[q("tunnelInsideCidrs")] = c.insideSlots.slice(0, tunnels).map((slot) => `169.254.${slot < 64 ? 21 : 22}.${(slot % 64) * 4}/30`);
    }
    if (c.testVms) {
      raw[q("adminCidr")] = "203.0.113.10/32";
      raw[q("sshPublicKey")] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICD/OFS6yVcsxb+tqO+0kF+ymeikFkUIDwhA07nSaRV8 fuzz@example";
    }
    if (c.names) {
      Object.assign(raw, { [q("resourceGroupName")]: `rg-fuzz-${c.vnet}`, [q("gatewayName")]: "gw.fuzz_1", [q("connectionName")]: "cn-fuzz" });
    }
    return raw;
  });

const stackFile = fc.constantFrom("dev", "prod").map((stack) => ({ stack, raw: readStackConfig(stack) }));

export interface FuzzCase {
  stack: string;
  raw: RawConfig;
  /** The config the mutations were applied to. */
  base: RawConfig;
  /** What was done to the base, for the counterexample report. */
  mutations: Mutation[];
}

/** Coherent configs as they are: mostly valid. */
export const validLeaning: fc.Arbitrary<FuzzCase> = coherentConfig.map((raw) => ({ stack: "fuzz", raw, base: raw, mutations: [] }));

/** Coherent configs or the stack files with one to four mutations: mostly invalid. */
export const mutated: fc.Arbitrary<FuzzCase> = fc
  .tuple(fc.oneof(coherentConfig.map((raw) => ({ stack: "fuzz", raw })), stackFile), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([base, mutations]) => ({ stack: base.stack, raw: applyMutations(base.raw, mutations), base: base.raw, mutations }));

/** Settings whose value another setting's rule depends on: a refusal may name either. */
const RELATED: Readonly<Record<string, readonly string[]>> = {
  vnetAddressSpace: ["azureSubnets", "gatewaySubnetCidr", "vpcCidr"],
  azureSubnets: ["gatewaySubnetCidr"],
  gatewaySubnetCidr: ["azureSubnets"],
  vpcCidr: ["awsSubnets"],
  routing: ["awsAttachment", "activeActive", "tunnelInsideCidrs"],
  activeActive: ["routing", "tunnelInsideCidrs", "keyRotation"],
  awsAttachment: ["awsSubnets", "routing"],
  tunnelInsideCidrs: [],
  azureAsn: ["awsAsn"],
  awsAsn: ["azureAsn"],
  gatewaySku: ["gatewayGeneration"],
  gatewayGeneration: ["gatewaySku"],
  testVms: ["adminCidr", "sshPublicKey"],
  "aws:region": ["awsSubnets"],
};

/** The top-level setting name of a qualified key or issue key ("azure-aws-vpn:awsSubnets[0].cidr" -> "awsSubnets"). */
export function settingOf(key: string): string {
  if (!key.startsWith(`${PROJECT}:`)) return key;
  return /^[^.[]*/.exec(key.slice(PROJECT.length + 1))![0];
}

/** The settings a refusal of this case may name: each mutated setting and those depending on it. */
export function mayName(fuzz: FuzzCase): Set<string> {
  const names = new Set<string>();
  for (const m of fuzz.mutations) {
    const setting = settingOf(m.key);
    names.add(setting);
    for (const related of Object.hasOwn(RELATED, setting) ? RELATED[setting]! : []) names.add(related);
  }
  return names;
}

/** The mix the fuzz suites draw from. */
export const anyConfig: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 2, arbitrary: validLeaning }, { weight: 3, arbitrary: mutated });
