/**
 * Pre-shared key rules. AWS: 8-64 characters of letters, digits, '.' and '_', not starting with
 * '0'. Azure: printable ASCII except space, '-' and '~'. AWS's rules are the stricter, so a key that
 * AWS accepts also satisfies Azure.
 */
export const PRESHARED_KEY_LENGTH = 40;
export const PRESHARED_KEY_SPECIALS = "._";

const AWS_KEY = /^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$/;
const AZURE_KEY = /^[\x21-\x7e]+$/;

/** AWS refuses a key starting with '0'; swap that one character for a letter, keeping the length. */
export function toAwsPresharedKey(generated: string): string {
  return generated.startsWith("0") ? `K${generated.slice(1)}` : generated;
}

/** The rule a key breaks for either cloud, or undefined when both accept it. */
export function presharedKeyProblem(key: string): string | undefined {
  if (key.length < 8 || key.length > 64) return "must be 8 to 64 characters (AWS)";
  if (key.startsWith("0")) return "must not start with '0' (AWS)";
  if (!AWS_KEY.test(key)) return "may contain only letters, digits, '.' and '_' (AWS)";
  if (!AZURE_KEY.test(key) || /[ ~-]/.test(key)) return "must be printable ASCII without space, '-' or '~' (Azure)";
  return undefined;
}
