/**
 * OpenSSH public key lines, decoded: the key type and size, checked against what AWS key pair
 * import and Azure Linux VMs accept (docs/constraints.md, "SSH keys"). Pure.
 */

export interface SshKeyInfo {
  type: string;
  /** RSA modulus bits; 256 for ed25519. */
  bits: number;
}

function readString(buffer: Buffer, offset: number): { value: Buffer; next: number } | undefined {
  if (offset + 4 > buffer.length) return undefined;
  const length = buffer.readUInt32BE(offset);
  if (offset + 4 + length > buffer.length) return undefined;
  return { value: buffer.subarray(offset + 4, offset + 4 + length), next: offset + 4 + length };
}

/** Decodes `type base64 [comment]`; a string saying why when it does not decode. */
export function decodeSshPublicKey(line: string): SshKeyInfo | string {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 2) return "is not an OpenSSH public key line (<type> <base64> [comment])";
  const [type, data] = parts as [string, string];
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) return "has a key body that is not base64";
  const blob = Buffer.from(data, "base64");
  const embedded = readString(blob, 0);
  if (!embedded) return "has a key body that does not decode as an SSH key";
  const embeddedType = embedded.value.toString("latin1");
  if (embeddedType !== type) return `says ${type} but its key body is ${JSON.stringify(embeddedType)}`;
  if (type === "ssh-rsa") {
    const e = readString(blob, embedded.next);
    const n = e && readString(blob, e.next);
    if (!n || n.next !== blob.length) return "has an RSA key body that does not decode";
    let bytes = n.value;
    while (bytes.length > 0 && bytes[0] === 0) bytes = bytes.subarray(1);
    const bits = bytes.length === 0 ? 0 : (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!));
    return { type, bits };
  }
  if (type === "ssh-ed25519") {
    const key = readString(blob, embedded.next);
    if (!key || key.value.length !== 32 || key.next !== blob.length) return "has an ed25519 key body that does not decode (a 32-byte key)";
    return { type, bits: 256 };
  }
  return { type, bits: 0 };
}

/** RSA sizes AWS ImportKeyPair documents; Azure needs at least 2048. */
export const AWS_RSA_BITS = [1024, 2048, 4096] as const;
export const AZURE_RSA_MIN_BITS = 2048;

/** Problems (errors) and caveats (warnings) of a key both test VMs receive. */
export function sshKeyProblems(line: string): { errors: string[]; warnings: string[] } {
  const info = decodeSshPublicKey(line);
  if (typeof info === "string") return { errors: [info], warnings: [] };
  if (info.type === "ssh-rsa") {
    const errors: string[] = [];
    if (info.bits < AZURE_RSA_MIN_BITS) errors.push(`is a ${info.bits}-bit RSA key: Azure Linux VMs need RSA of at least ${AZURE_RSA_MIN_BITS} bits`);
    else if (!(AWS_RSA_BITS as readonly number[]).includes(info.bits)) errors.push(`is a ${info.bits}-bit RSA key: AWS key pair import takes RSA of ${AWS_RSA_BITS.join(", ")} bits; use 2048 or 4096`);
    return { errors, warnings: [] };
  }
  // Azure takes ed25519 for Linux VMs (documented as a preview, docs/constraints.md); AWS for Linux instances.
  if (info.type === "ssh-ed25519") return { errors: [], warnings: [] };
  return { errors: [`is a ${info.type} key: AWS key pair import takes only RSA and ed25519, Azure Linux VMs only RSA (ed25519 in preview); use ssh-rsa (2048 or 4096 bits) or ssh-ed25519`], warnings: [] };
}
