/**
 * One IPsec/IKE profile, two vocabularies.
 *
 * The profile is written in AWS's tunnel-option vocabulary (AES256-GCM-16, SHA2-384, DH group
 * numbers) and mapped by pure functions into AWS tunnel options and Azure's custom IPsec policy.
 * The allowed values are the intersection of what both clouds accept
 * (docs/constraints.md, "IPsec profile"; Azure: vpn-gateway-ipsec-ike-policy include files,
 * AWS: VpnTunnelOptionsSpecification in the EC2 API reference).
 */

/**
 * The profile's fixed lists, as `as const` objects with a type alias: Pulumi's schema analyzer
 * turns these into schema enums, each member described (the member name is what C#, Go and
 * Python users type; the value is what the stack config takes).
 */

/** The IKE version both sides speak. */
export const IkeVersion = {
  /** IKEv2 (recommended; needed for startupAction start). */
  Ikev2: "ikev2",
  /** IKEv1: Azure drops traffic at each IKEv1 main-mode rekey; only for peers that need it. */
  Ikev1: "ikev1",
} as const;
export type IkeVersion = (typeof IkeVersion)[keyof typeof IkeVersion];

/** An encryption algorithm both clouds accept, in AWS's vocabulary. */
export const Encryption = {
  /** AES-CBC with a 128-bit key. */
  Aes128: "AES128",
  /** AES-CBC with a 256-bit key. */
  Aes256: "AES256",
  /** AES-GCM with a 128-bit key and a 16-byte ICV (Azure: GCMAES128). */
  Aes128Gcm16: "AES128-GCM-16",
  /** AES-GCM with a 256-bit key and a 16-byte ICV (Azure: GCMAES256). */
  Aes256Gcm16: "AES256-GCM-16",
} as const;
export type Encryption = (typeof Encryption)[keyof typeof Encryption];

/** An integrity algorithm, in AWS's vocabulary. */
export const Integrity = {
  /** HMAC-SHA1. */
  Sha1: "SHA1",
  /** HMAC-SHA2-256. */
  Sha2256: "SHA2-256",
  /** HMAC-SHA2-384 (IKE phase 1 only on Azure). */
  Sha2384: "SHA2-384",
  /** HMAC-SHA2-512 (AWS only: Azure refuses it in both phases). */
  Sha2512: "SHA2-512",
} as const;
export type Integrity = (typeof Integrity)[keyof typeof Integrity];

/** DH groups AWS accepts (phase 1: 2, 14-24; phase 2 adds 5). */
export const AWS_PHASE1_DH_GROUPS = [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;
export const AWS_PHASE2_DH_GROUPS = [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24] as const;

/** What AWS does when dead peer detection times out. */
export const DpdTimeoutAction = {
  /** End the IKE session and clear the tunnel. */
  Clear: "clear",
  /** Do nothing. */
  None: "none",
  /** Restart the IKE session (recommended). */
  Restart: "restart",
} as const;
export type DpdTimeoutAction = (typeof DpdTimeoutAction)[keyof typeof DpdTimeoutAction];

/** Who starts a tunnel's IKE negotiation on the AWS side. */
export const StartupAction = {
  /** AWS waits for the customer gateway (Azure) to start. */
  Add: "add",
  /** AWS starts the negotiation (IKEv2 only). */
  Start: "start",
} as const;
export type StartupAction = (typeof StartupAction)[keyof typeof StartupAction];

/** How the Azure connection takes part in IKE negotiation. */
export const AzureConnectionMode = {
  /** Azure both starts and answers (recommended). */
  Default: "Default",
  /** Azure only starts the negotiation. */
  InitiatorOnly: "InitiatorOnly",
  /** Azure only answers the peer. */
  ResponderOnly: "ResponderOnly",
} as const;
export type AzureConnectionMode = (typeof AzureConnectionMode)[keyof typeof AzureConnectionMode];

/** An enum object's values as a non-empty tuple, as zod's z.enum and the checks below take them. */
function valuesOf<T extends Record<string, string>>(choices: T): readonly [T[keyof T], ...T[keyof T][]] {
  return Object.values(choices) as [T[keyof T], ...T[keyof T][]];
}
export const IKE_VERSIONS = valuesOf(IkeVersion);
export const ENCRYPTIONS = valuesOf(Encryption);
export const INTEGRITIES = valuesOf(Integrity);
export const DPD_ACTIONS = valuesOf(DpdTimeoutAction);
export const STARTUP_ACTIONS = valuesOf(StartupAction);
export const AZURE_CONNECTION_MODES = valuesOf(AzureConnectionMode);

/** Azure's DH group names by group number (IKE phase 1). */
const AZURE_DH_GROUP: Readonly<Record<number, string>> = {
  1: "DHGroup1",
  2: "DHGroup2",
  14: "DHGroup14",
  19: "ECP256",
  20: "ECP384",
  24: "DHGroup24",
};
/** Azure's PFS group names by group number (IPsec phase 2). */
const AZURE_PFS_GROUP: Readonly<Record<number, string>> = {
  1: "PFS1",
  2: "PFS2",
  14: "PFS2048",
  19: "ECP256",
  20: "ECP384",
  24: "PFS24",
};
const AZURE_IKE_ENCRYPTION: Readonly<Record<Encryption, string>> = {
  AES128: "AES128",
  AES256: "AES256",
  "AES128-GCM-16": "GCMAES128",
  "AES256-GCM-16": "GCMAES256",
};
const AZURE_IPSEC_ENCRYPTION = AZURE_IKE_ENCRYPTION;
const AZURE_IKE_INTEGRITY: Readonly<Partial<Record<Integrity, string>>> = {
  SHA1: "SHA1",
  "SHA2-256": "SHA256",
  "SHA2-384": "SHA384",
};
const AZURE_IPSEC_INTEGRITY: Readonly<Partial<Record<Integrity, string>>> = {
  SHA1: "SHA1",
  "SHA2-256": "SHA256",
};

/** Azure's default SA data size (KB); AWS has no volume-based rekey, so keep Azure's default. */
export const AZURE_SA_DATA_SIZE_KB = 102_400_000;
/** Azure fixes the IKE SA lifetime at 28,800 s; it cannot be set in a custom policy. */
export const AZURE_IKE_SA_LIFETIME_SECONDS = 28_800;

/**
 * The profile's shape, written once: the overrides Vpn and TunnelPair take (their `ipsec` arg, the
 * stack's `ipsec` setting), every field optional and merged over DEFAULT_IPSEC_PROFILE. These named
 * interfaces are what the package schema (and so C#, Go and Python) sees: Pulumi's schema analyzer
 * reads a named interface's own declarations only, so the whole profile is derived from them
 * (IpsecProfile below) rather than the other way round.
 */

/** Overrides of IKE phase 1 (AWS vocabulary). */
export interface VpnIpsecPhase1 {
  /** Encryption algorithm (default AES256). */
  encryption?: Encryption;
  /** Integrity algorithm (default SHA2-384). */
  integrity?: Integrity;
  /** Diffie-Hellman group number (a whole number both clouds accept: 2, 14, 19, 20 or 24; default 20). */
  dhGroup?: number;
  /** IKE SA lifetime in seconds (a whole number; Azure fixes it at 28,800, the default). */
  lifetimeSeconds?: number;
}

/** Overrides of IPsec phase 2 (AWS vocabulary). */
export interface VpnIpsecPhase2 {
  /** Encryption algorithm (default AES256-GCM-16). */
  encryption?: Encryption;
  /** Integrity algorithm, used with non-GCM ciphers; with GCM Azure takes the matching GCM value instead (default SHA2-256). */
  integrity?: Integrity;
  /** Perfect-forward-secrecy Diffie-Hellman group number (a whole number both clouds accept; default 20). */
  pfsGroup?: number;
  /** IPsec SA lifetime in seconds (a whole number, 900 to 3600; default 3600). */
  lifetimeSeconds?: number;
}

/** Overrides of the IPsec/IKE profile; every value must be accepted by both clouds. */
export interface VpnIpsec {
  /** IKE version both sides speak (default ikev2). */
  ikeVersion?: IkeVersion;
  /** IKE phase 1 overrides. */
  phase1?: VpnIpsecPhase1;
  /** IPsec phase 2 overrides. */
  phase2?: VpnIpsecPhase2;
  /** Dead peer detection timeout in seconds (a whole number, 30 to 3600; default 45). */
  dpdTimeoutSeconds?: number;
  /** AWS action on DPD timeout (default restart). */
  dpdTimeoutAction?: DpdTimeoutAction;
  /** AWS tunnel startup action; `start` makes AWS initiate and needs IKEv2 (default start). */
  startupAction?: StartupAction;
  /** Azure connection mode (default Default: Azure dials when its connection is created and answers AWS; docs/constraints.md, "Who starts the tunnels"). */
  azureConnectionMode?: AzureConnectionMode;
  /** Policy-based traffic selectors on the Azure connections (route-based VPN: off, the default). */
  usePolicyBasedTrafficSelectors?: boolean;
}

/** Every field of T and of its object fields required, recursively. */
type Complete<T> = { [K in keyof T]-?: NonNullable<T[K]> extends object ? Complete<NonNullable<T[K]>> : NonNullable<T[K]> };
/** `true` when A and B have the same fields (at every depth) of the same types, optional or not. */
export type SameShape<A, B> = [Complete<A>] extends [Complete<B>] ? ([Complete<B>] extends [Complete<A>] ? true : false) : false;

/**
 * The one IPsec/IKE profile both clouds' sides of every tunnel are configured from: every override
 * set. TypeScript only (no component arg takes it, so the package schema has no such type).
 */
export type IpsecProfile = Complete<VpnIpsec>;
/** IKE phase 1 of a profile. */
export type IpsecProfilePhase1 = IpsecProfile["phase1"];
/** IPsec phase 2 of a profile. */
export type IpsecProfilePhase2 = IpsecProfile["phase2"];

export const DEFAULT_IPSEC_PROFILE: IpsecProfile = {
  ikeVersion: "ikev2",
  phase1: { encryption: "AES256", integrity: "SHA2-384", dhGroup: 20, lifetimeSeconds: 28_800 },
  phase2: { encryption: "AES256-GCM-16", integrity: "SHA2-256", pfsGroup: 20, lifetimeSeconds: 3_600 },
  dpdTimeoutSeconds: 45,
  dpdTimeoutAction: "restart",
  startupAction: "start",
  // Default, not ResponderOnly: the AWS VPN connections exist 30-45 min before the Azure
  // connections, and AWS does not document retrying its startup action; with Default the Azure
  // connection dials as soon as it exists (docs/constraints.md, "Who starts the tunnels").
  azureConnectionMode: "Default",
  usePolicyBasedTrafficSelectors: false,
};

/** The whole profile: overrides merged over DEFAULT_IPSEC_PROFILE (a whole profile is an override too). */
export function mergeProfile(override: VpnIpsec): IpsecProfile {
  return {
    ...DEFAULT_IPSEC_PROFILE,
    ...override,
    phase1: { ...DEFAULT_IPSEC_PROFILE.phase1, ...override.phase1 },
    phase2: { ...DEFAULT_IPSEC_PROFILE.phase2, ...override.phase2 },
  };
}

export function isGcm(encryption: Encryption): boolean {
  return encryption.endsWith("-GCM-16");
}

/** One problem with a profile value: the path inside the profile, the value and the rule. */
export interface ProfileProblem {
  path: string;
  value: unknown;
  rule: string;
}

/** T's named values (its string fields, at every depth) as plain text; its numbers and booleans left out. */
type NamedValues<T> = { [K in keyof T as T[K] extends number | boolean ? never : K]: T[K] extends string ? string : NamedValues<T[K]> };
/** A profile's named values still as plain text (a component's args, as other languages send them). */
export type UncheckedProfile = NamedValues<IpsecProfile>;

/** The named values of a profile that are not of its vocabulary (the lists above), each with the list. */
export function vocabularyProblems(p: UncheckedProfile): ProfileProblem[] {
  const vocabulary: [string, string, readonly string[]][] = [
    ["ikeVersion", p.ikeVersion, IKE_VERSIONS],
    ["phase1.encryption", p.phase1.encryption, ENCRYPTIONS],
    ["phase1.integrity", p.phase1.integrity, INTEGRITIES],
    ["phase2.encryption", p.phase2.encryption, ENCRYPTIONS],
    ["phase2.integrity", p.phase2.integrity, INTEGRITIES],
    ["dpdTimeoutAction", p.dpdTimeoutAction, DPD_ACTIONS],
    ["startupAction", p.startupAction, STARTUP_ACTIONS],
    ["azureConnectionMode", p.azureConnectionMode, AZURE_CONNECTION_MODES],
  ];
  return vocabulary.filter(([, value, allowed]) => !allowed.includes(value)).map(([path, value, allowed]) => ({ path, value, rule: `must be one of ${allowed.join(", ")}` }));
}

/**
 * Every rule both clouds impose on a profile. Returns all problems at once (empty when valid).
 * Values outside these sets are refused by one cloud's API after a long deploy, so we refuse
 * them before anything is created.
 */
export function profileProblems(p: IpsecProfile): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const add = (path: string, value: unknown, rule: string): void => {
    problems.push({ path, value, rule });
  };
  if (p.phase1.integrity === "SHA2-512") {
    add("phase1.integrity", p.phase1.integrity, "Azure's IKE integrity accepts SHA1, SHA2-256 (SHA256) or SHA2-384 (SHA384), not SHA2-512: use one of those");
  }
  if (!(p.phase1.dhGroup in AZURE_DH_GROUP) || !(AWS_PHASE1_DH_GROUPS as readonly number[]).includes(p.phase1.dhGroup)) {
    add("phase1.dhGroup", p.phase1.dhGroup, "the phase 1 DH group must be one both clouds accept: 2, 14, 19, 20 or 24");
  }
  if (p.phase1.lifetimeSeconds !== AZURE_IKE_SA_LIFETIME_SECONDS) {
    add("phase1.lifetimeSeconds", p.phase1.lifetimeSeconds, "Azure fixes the IKE SA lifetime at 28800 s; AWS's phase 1 lifetime must match it (28800)");
  }
  if (!isGcm(p.phase2.encryption) && !(p.phase2.integrity in AZURE_IPSEC_INTEGRITY)) {
    add("phase2.integrity", p.phase2.integrity, "with a non-GCM phase 2 cipher, Azure's IPsec integrity accepts only SHA1 or SHA2-256 (SHA256): use one of those, or a GCM cipher");
  }
  if (p.phase2.pfsGroup === 0) {
    add("phase2.pfsGroup", p.phase2.pfsGroup, "PFS must never be none: AWS always requires PFS in phase 2");
  } else if (!(p.phase2.pfsGroup in AZURE_PFS_GROUP) || !(AWS_PHASE2_DH_GROUPS as readonly number[]).includes(p.phase2.pfsGroup)) {
    add("phase2.pfsGroup", p.phase2.pfsGroup, "the PFS group must be one both clouds accept: 2, 14, 19, 20 or 24");
  }
  if (p.phase2.lifetimeSeconds < 900 || p.phase2.lifetimeSeconds > 3_600) {
    add("phase2.lifetimeSeconds", p.phase2.lifetimeSeconds, "AWS accepts a phase 2 lifetime of 900 to 3600 s: use a value in that range");
  }
  if (p.phase2.lifetimeSeconds >= p.phase1.lifetimeSeconds) {
    add("phase2.lifetimeSeconds", p.phase2.lifetimeSeconds, `the phase 2 lifetime must be below the phase 1 lifetime (${p.phase1.lifetimeSeconds} s)`);
  }
  if (p.dpdTimeoutSeconds < 30 || p.dpdTimeoutSeconds > 3_600) {
    add("dpdTimeoutSeconds", p.dpdTimeoutSeconds, "the DPD timeout must be 30 to 3600 s (AWS: at least 30; Azure: 9 to 3600)");
  }
  if (p.startupAction === "start" && p.ikeVersion !== "ikev2") {
    add("startupAction", p.startupAction, "AWS's startup action 'start' needs IKEv2");
  }
  if (p.startupAction === "add" && p.azureConnectionMode === "ResponderOnly") {
    add("azureConnectionMode", p.azureConnectionMode, "with AWS startup action 'add' nobody would initiate: use startupAction 'start' or an Azure mode that initiates");
  }
  return problems;
}

/** AWS tunnel options for one tunnel, without the tunnel-specific key and inside CIDR. */
export interface AwsTunnelOptions {
  ikeVersions: string[];
  phase1EncryptionAlgorithms: string[];
  phase1IntegrityAlgorithms: string[];
  phase1DhGroupNumbers: number[];
  phase1LifetimeSeconds: number;
  phase2EncryptionAlgorithms: string[];
  phase2IntegrityAlgorithms: string[];
  phase2DhGroupNumbers: number[];
  phase2LifetimeSeconds: number;
  dpdTimeoutSeconds: number;
  dpdTimeoutAction: string;
  startupAction: string;
}

export function toAwsTunnelOptions(p: IpsecProfile): AwsTunnelOptions {
  // One value per list: AWS otherwise offers every default proposal, and Azure's single policy
  // is the whole truth on its side.
  return {
    ikeVersions: [p.ikeVersion],
    phase1EncryptionAlgorithms: [p.phase1.encryption],
    phase1IntegrityAlgorithms: [p.phase1.integrity],
    phase1DhGroupNumbers: [p.phase1.dhGroup],
    phase1LifetimeSeconds: p.phase1.lifetimeSeconds,
    phase2EncryptionAlgorithms: [p.phase2.encryption],
    phase2IntegrityAlgorithms: [p.phase2.integrity],
    phase2DhGroupNumbers: [p.phase2.pfsGroup],
    phase2LifetimeSeconds: p.phase2.lifetimeSeconds,
    dpdTimeoutSeconds: p.dpdTimeoutSeconds,
    dpdTimeoutAction: p.dpdTimeoutAction,
    startupAction: p.startupAction,
  };
}

/** Azure's custom IPsec policy (`ipsecPolicies[0]` of a connection). */
export interface AzureIpsecPolicy {
  ikeEncryption: string;
  ikeIntegrity: string;
  dhGroup: string;
  ipsecEncryption: string;
  ipsecIntegrity: string;
  pfsGroup: string;
  saLifeTimeSeconds: number;
  saDataSizeKilobytes: number;
}

function lookup<K extends string | number>(table: Readonly<Partial<Record<K, string>>>, key: K, what: string): string {
  const value = table[key];
  if (value === undefined) {
    throw new Error(`${what} ${String(key)} has no Azure equivalent; validate the profile with profileProblems() first`);
  }
  return value;
}

export function toAzureIpsecPolicy(p: IpsecProfile): AzureIpsecPolicy {
  const ipsecEncryption = lookup(AZURE_IPSEC_ENCRYPTION, p.phase2.encryption, "phase 2 encryption");
  return {
    ikeEncryption: lookup(AZURE_IKE_ENCRYPTION, p.phase1.encryption, "phase 1 encryption"),
    ikeIntegrity: lookup(AZURE_IKE_INTEGRITY, p.phase1.integrity, "phase 1 integrity"),
    dhGroup: lookup(AZURE_DH_GROUP, p.phase1.dhGroup, "DH group"),
    ipsecEncryption,
    // Azure requires the GCM integrity to equal the GCM cipher.
    ipsecIntegrity: isGcm(p.phase2.encryption) ? ipsecEncryption : lookup(AZURE_IPSEC_INTEGRITY, p.phase2.integrity, "phase 2 integrity"),
    pfsGroup: lookup(AZURE_PFS_GROUP, p.phase2.pfsGroup, "PFS group"),
    saLifeTimeSeconds: p.phase2.lifetimeSeconds,
    saDataSizeKilobytes: AZURE_SA_DATA_SIZE_KB,
  };
}

/** Azure's connection protocol name for an IKE version. */
export function toAzureConnectionProtocol(v: IkeVersion): "IKEv2" | "IKEv1" {
  return v === "ikev2" ? "IKEv2" : "IKEv1";
}

/**
 * Reads an Azure policy back into profile terms (the inverse mapping), so tests and the plan can
 * show that both sides say the same thing.
 */
export function fromAzureIpsecPolicy(policy: AzureIpsecPolicy): {
  phase1: { encryption: string; integrity: string; dhGroup: number };
  phase2: { encryption: string; pfsGroup: number; lifetimeSeconds: number };
} {
  const invert = (table: Readonly<Record<string | number, string | undefined>>, value: string): string | undefined =>
    Object.entries(table).find(([, v]) => v === value)?.[0];
  const num = (table: Readonly<Record<number, string>>, value: string): number => Number(invert(table, value) ?? NaN);
  return {
    phase1: {
      encryption: invert(AZURE_IKE_ENCRYPTION, policy.ikeEncryption) ?? policy.ikeEncryption,
      integrity: invert(AZURE_IKE_INTEGRITY, policy.ikeIntegrity) ?? policy.ikeIntegrity,
      dhGroup: num(AZURE_DH_GROUP, policy.dhGroup),
    },
    phase2: {
      encryption: invert(AZURE_IPSEC_ENCRYPTION, policy.ipsecEncryption) ?? policy.ipsecEncryption,
      pfsGroup: num(AZURE_PFS_GROUP, policy.pfsGroup),
      lifetimeSeconds: policy.saLifeTimeSeconds,
    },
  };
}

/** One line describing the profile, for the plan. */
export function describeProfile(p: IpsecProfile): string {
  return (
    `${p.ikeVersion.toUpperCase()}; P1 ${p.phase1.encryption}/${p.phase1.integrity}/DH${p.phase1.dhGroup} ${p.phase1.lifetimeSeconds}s; ` +
    `P2 ${p.phase2.encryption}${isGcm(p.phase2.encryption) ? "" : "/" + p.phase2.integrity}/PFS${p.phase2.pfsGroup} ${p.phase2.lifetimeSeconds}s; ` +
    `DPD ${p.dpdTimeoutSeconds}s ${p.dpdTimeoutAction}; AWS ${p.startupAction}, Azure ${p.azureConnectionMode}`
  );
}
