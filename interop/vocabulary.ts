/**
 * Each cloud's IPsec vocabulary mapped to strongSwan proposal keywords. Pure functions: an unknown
 * value throws a VocabularyError naming the value and the side, so a typo can never silently
 * turn into a default.
 */
import type { AwsTunnelView, AzureIpsecPolicyView, AzureTunnelView } from "./views";

export type Side = "aws" | "azure";

export class VocabularyError extends Error {
  constructor(
    readonly side: Side,
    readonly field: string,
    readonly value: string,
  ) {
    super(`${side} ${field}: unknown value ${JSON.stringify(value)}`);
  }
}

/** An encryption keyword, and whether it is an AEAD (GCM) cipher. */
export interface Cipher {
  keyword: string;
  aead: boolean;
}

function lookup<T>(table: Record<string, T>, side: Side, field: string, value: string | number): T {
  const key = String(value);
  if (!Object.prototype.hasOwnProperty.call(table, key)) throw new VocabularyError(side, field, key);
  return table[key]!;
}

/** One side's table as a function of a value, `field` (default `defaultField`) naming it in errors. */
function vocabulary<V extends string | number, T>(side: Side, table: Record<string, T>, defaultField: string): (value: V, field?: string) => T {
  return (value, field = defaultField) => lookup(table, side, field, value);
}

// --- AWS (VpnConnection tunnel options) ---

const AWS_CIPHERS: Record<string, Cipher> = {
  AES128: { keyword: "aes128", aead: false },
  AES256: { keyword: "aes256", aead: false },
  "AES128-GCM-16": { keyword: "aes128gcm16", aead: true },
  "AES256-GCM-16": { keyword: "aes256gcm16", aead: true },
};
const AWS_INTEGRITY: Record<string, string> = {
  SHA1: "sha1",
  "SHA2-256": "sha256",
  "SHA2-384": "sha384",
  "SHA2-512": "sha512",
};
/** IANA DH group numbers (RFC 7296 / 5114 / 3526). */
const DH_GROUPS: Record<string, string> = {
  "1": "modp768",
  "2": "modp1024",
  "5": "modp1536",
  "14": "modp2048",
  "15": "modp3072",
  "16": "modp4096",
  "17": "modp6144",
  "18": "modp8192",
  "19": "ecp256",
  "20": "ecp384",
  "21": "ecp521",
  "22": "modp1024s160",
  "23": "modp2048s224",
  "24": "modp2048s256",
};

export const awsCipher = vocabulary<string, Cipher>("aws", AWS_CIPHERS, "encryption algorithm");
export const awsIntegrity = vocabulary<string, string>("aws", AWS_INTEGRITY, "integrity algorithm");
export const awsDhGroup = vocabulary<number, string>("aws", DH_GROUPS, "DH group number");

// --- Azure (custom IPsec/IKE policy) ---

const AZURE_CIPHERS: Record<string, Cipher> = {
  GCMAES256: { keyword: "aes256gcm16", aead: true },
  GCMAES192: { keyword: "aes192gcm16", aead: true },
  GCMAES128: { keyword: "aes128gcm16", aead: true },
  AES256: { keyword: "aes256", aead: false },
  AES192: { keyword: "aes192", aead: false },
  AES128: { keyword: "aes128", aead: false },
  DES3: { keyword: "3des", aead: false },
  DES: { keyword: "des", aead: false },
};
const AZURE_INTEGRITY: Record<string, string> = {
  SHA384: "sha384",
  SHA256: "sha256",
  SHA1: "sha1",
  MD5: "md5",
};
const AZURE_DH_GROUPS: Record<string, string> = {
  DHGroup1: "modp768",
  DHGroup2: "modp1024",
  DHGroup14: "modp2048",
  DHGroup2048: "modp2048",
  DHGroup24: "modp2048s256",
  ECP256: "ecp256",
  ECP384: "ecp384",
};
/** `null` = no PFS ("None"); "PFSMM" (= the IKE DH group) is resolved by the caller. */
const AZURE_PFS_GROUPS: Record<string, string | null> = {
  None: null,
  PFS1: "modp768",
  PFS2: "modp1024",
  PFS14: "modp2048",
  PFS2048: "modp2048",
  PFS24: "modp2048s256",
  ECP256: "ecp256",
  ECP384: "ecp384",
};
const AZURE_GCM_INTEGRITY = new Set(["GCMAES128", "GCMAES192", "GCMAES256"]);

export const azureCipher = vocabulary<string, Cipher>("azure", AZURE_CIPHERS, "encryption");
export const azureIntegrity = vocabulary<string, string>("azure", AZURE_INTEGRITY, "integrity");
/** IKE DH group; "None" is rejected because IKEv2 cannot do without one. */
export const azureDhGroup = vocabulary<string, string>("azure", AZURE_DH_GROUPS, "dhGroup");
/** PFS group keyword, or undefined for "None". "PFSMM" reuses the IKE DH group. */
export function azurePfsGroup(value: string, dhGroup: string, field = "pfsGroup"): string | undefined {
  if (value === "PFSMM") return azureDhGroup(dhGroup, "dhGroup (for pfsGroup PFSMM)");
  return lookup(AZURE_PFS_GROUPS, "azure", field, value) ?? undefined;
}

// --- Proposal assembly ---

const PRF_OF_INTEGRITY: Record<string, string> = {
  sha1: "prfsha1",
  sha256: "prfsha256",
  sha384: "prfsha384",
  sha512: "prfsha512",
  md5: "prfmd5",
};

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * IKE proposals. AEAD and classic ciphers cannot share one proposal, so they are split; AEAD
 * proposals name a PRF (derived from the integrity algorithms) instead of an integrity algorithm.
 */
export function ikeProposals(ciphers: Cipher[], integrity: string[], dhGroups: string[]): string[] {
  const classic = unique(ciphers.filter((c) => !c.aead).map((c) => c.keyword));
  const aead = unique(ciphers.filter((c) => c.aead).map((c) => c.keyword));
  const integ = unique(integrity);
  const dh = unique(dhGroups);
  const out: string[] = [];
  if (aead.length > 0) {
    const prfs = integ.map((i) => PRF_OF_INTEGRITY[i]).filter((p): p is string => p !== undefined);
    if (prfs.length === 0) throw new Error(`IKE proposal with ${aead.join("/")} needs a PRF, but no integrity algorithm names one`);
    out.push([...aead, ...prfs, ...dh].join("-"));
  }
  if (classic.length > 0) out.push([...classic, ...integ, ...dh].join("-"));
  return out;
}

/** ESP proposals; GCM takes no integrity keyword. `pfsGroups` empty = no PFS. */
export function espProposals(ciphers: Cipher[], integrity: string[], pfsGroups: string[]): string[] {
  const classic = unique(ciphers.filter((c) => !c.aead).map((c) => c.keyword));
  const aead = unique(ciphers.filter((c) => c.aead).map((c) => c.keyword));
  const dh = unique(pfsGroups);
  const out: string[] = [];
  if (aead.length > 0) out.push([...aead, ...dh].join("-"));
  if (classic.length > 0) out.push([...classic, ...unique(integrity), ...dh].join("-"));
  return out;
}

// --- Per side ---

/**
 * AWS's defaults when a tunnel option is not declared (EC2 API VpnTunnelOptionsSpecification):
 * an empty list means "all of these", not "none".
 */
export const AWS_DEFAULTS = {
  encryption: ["AES128", "AES256", "AES128-GCM-16", "AES256-GCM-16"],
  integrity: ["SHA1", "SHA2-256", "SHA2-384", "SHA2-512"],
  phase1DhGroups: [2, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
  phase2DhGroups: [2, 5, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24],
} as const;

function orDefault<T>(values: T[], defaults: readonly T[]): T[] {
  return values.length > 0 ? values : [...defaults];
}

export function awsIkeProposals(aws: AwsTunnelView): string[] {
  return ikeProposals(
    orDefault(aws.phase1EncryptionAlgorithms, AWS_DEFAULTS.encryption).map((v) => awsCipher(v, "phase1EncryptionAlgorithms")),
    orDefault(aws.phase1IntegrityAlgorithms, AWS_DEFAULTS.integrity).map((v) => awsIntegrity(v, "phase1IntegrityAlgorithms")),
    orDefault(aws.phase1DhGroupNumbers, AWS_DEFAULTS.phase1DhGroups).map((v) => awsDhGroup(v, "phase1DhGroupNumbers")),
  );
}

/** AWS always uses PFS: even undeclared, phase 2 carries DH groups. */
export function awsEspProposals(aws: AwsTunnelView): string[] {
  return espProposals(
    orDefault(aws.phase2EncryptionAlgorithms, AWS_DEFAULTS.encryption).map((v) => awsCipher(v, "phase2EncryptionAlgorithms")),
    orDefault(aws.phase2IntegrityAlgorithms, AWS_DEFAULTS.integrity).map((v) => awsIntegrity(v, "phase2IntegrityAlgorithms")),
    orDefault(aws.phase2DhGroupNumbers, AWS_DEFAULTS.phase2DhGroups).map((v) => awsDhGroup(v, "phase2DhGroupNumbers")),
  );
}

/**
 * Azure's default proposals for an IKEv2 route-based gateway without a custom policy
 * (MicrosoftDocs azure-docs, vpn-gateway-about-vpn-devices.md, "Default IPsec/IKE parameters").
 * Main mode: DH group 2 only. Quick mode offers as responder (this harness's role for Azure):
 * note the only GCM offer has no PFS, and no offer uses ECP groups.
 */
export const AZURE_DEFAULT_IKE_PROPOSALS: readonly string[] = [
  "aes256-sha1-modp1024",
  "aes256-sha256-modp1024",
  "aes128-sha1-modp1024",
  "aes128-sha256-modp1024",
  "3des-sha1-modp1024",
  "3des-sha256-modp1024",
];
export const AZURE_DEFAULT_ESP_RESPONDER_PROPOSALS: readonly string[] = [
  "aes256gcm16",
  "aes256-sha1",
  "3des-sha1",
  "aes256-sha256",
  "aes128-sha1",
  "3des-sha256",
  "des-sha1",
  "aes256-sha1-modp768",
  "aes256-sha1-modp1024",
  "aes256-sha1-modp2048",
  "aes128-sha1-modp768",
  "aes128-sha1-modp1024",
  "aes128-sha1-modp2048",
  "3des-sha1-modp768",
  "3des-sha1-modp1024",
  "3des-sha256-modp1024",
  "aes256-sha256-modp768",
  "aes256-sha256-modp1024",
  "aes256-sha256-modp2048",
  "aes256-sha1-modp2048s256",
  "aes256-sha256-modp2048s256",
  "aes128-sha256",
  "aes128-sha256-modp768",
  "aes128-sha256-modp1024",
  "aes128-sha256-modp2048",
  "3des-sha1-modp2048",
];

function azurePolicyIke(policy: AzureIpsecPolicyView): string[] {
  const cipher = azureCipher(policy.ikeEncryption, "ikeEncryption");
  if (AZURE_GCM_INTEGRITY.has(policy.ikeIntegrity)) {
    throw new Error(`azure ikeIntegrity ${policy.ikeIntegrity}: a GCM value names no PRF for IKE`);
  }
  return ikeProposals([cipher], [azureIntegrity(policy.ikeIntegrity, "ikeIntegrity")], [azureDhGroup(policy.dhGroup)]);
}

function azurePolicyEsp(policy: AzureIpsecPolicyView): string[] {
  const pfs = azurePfsGroup(policy.pfsGroup, policy.dhGroup);
  const groups = pfs === undefined ? [] : [pfs];
  if (policy.ipsecEncryption === "None") {
    return espProposals([{ keyword: "null", aead: false }], [azureIntegrity(policy.ipsecIntegrity, "ipsecIntegrity")], groups);
  }
  const cipher = azureCipher(policy.ipsecEncryption, "ipsecEncryption");
  if (cipher.aead || AZURE_GCM_INTEGRITY.has(policy.ipsecIntegrity)) {
    // Azure requires the GCM integrity value to repeat the GCM encryption value.
    if (policy.ipsecIntegrity !== policy.ipsecEncryption) {
      throw new Error(`azure ipsecIntegrity ${policy.ipsecIntegrity} must equal ipsecEncryption ${policy.ipsecEncryption} for GCM`);
    }
    return espProposals([cipher], [], groups);
  }
  return espProposals([cipher], [azureIntegrity(policy.ipsecIntegrity, "ipsecIntegrity")], groups);
}

export function azureIkeProposals(azure: AzureTunnelView): string[] {
  return azure.ipsecPolicy ? azurePolicyIke(azure.ipsecPolicy) : [...AZURE_DEFAULT_IKE_PROPOSALS];
}

export function azureEspProposals(azure: AzureTunnelView): string[] {
  return azure.ipsecPolicy ? azurePolicyEsp(azure.ipsecPolicy) : [...AZURE_DEFAULT_ESP_RESPONDER_PROPOSALS];
}

/** swanctl `version`: 2, 1, or 0 (either). */
export function awsIkeVersion(aws: AwsTunnelView): number {
  const versions = new Set(aws.ikeVersions.map((v) => lookup({ ikev1: 1, ikev2: 2 } as Record<string, number>, "aws", "ikeVersions", v)));
  if (versions.size === 0) return 0; // AWS default: both
  return versions.size === 2 ? 0 : [...versions][0]!;
}

export function azureIkeVersion(azure: AzureTunnelView): number {
  return lookup({ IKEv1: 1, IKEv2: 2 } as Record<string, number>, "azure", "connectionProtocol", azure.connectionProtocol);
}
