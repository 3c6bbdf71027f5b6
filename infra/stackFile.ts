/**
 * The one reading of a stack file (`Pulumi.<stack>.yaml`) outside the engine: the config the
 * Pulumi CLI would hand the program, normalised exactly as the program normalises what the engine
 * hands it (`rawFromRuntimeConfig`). The program, the plan, `--against`, the policy config and
 * the tests all read stack files through `parseStackFile`; see docs/constraints.md, "Stack file
 * reading", for the CLI behaviour this reproduces and its sources.
 */
import { parseDocument, type ScalarTag } from "yaml";
import { EncryptedValue, PROJECT, rawFromRuntimeConfig, type ConfigIssue, type RawConfig } from "./config";

export { EncryptedValue };

/** The stack file is not YAML the CLI can read at all (syntax, duplicate keys, no `config:` map). */
export class StackFileError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = "StackFileError";
  }
}

export interface StackFile {
  /** Config as the program sees it: fully qualified keys, native values (rawFromRuntimeConfig). */
  raw: RawConfig;
  /** What the CLI passes the program: every value a string (PULUMI_CONFIG). */
  runtime: Record<string, string>;
  /** Keys the CLI refuses (not `namespace:name`), or values it cannot store. */
  issues: ConfigIssue[];
}

// gopkg.in/yaml.v3's resolve.go (the reader of sdk/go/common/encoding/marshal.go): underscores are
// dropped, then Go's strconv.ParseInt with base 0 (0x, 0o, 0b, and 1.1-style leading-0 octal).
function goInt(text: string): number | bigint | undefined {
  const plain = text.replaceAll("_", "");
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(plain);
  if (!m) return undefined;
  const sign = m[1] === "-" ? -1n : 1n;
  const body = m[2]!;
  const big = /^0[0-7]+$/.test(body) ? BigInt(`0o${body.slice(1)}`) : BigInt(body.toLowerCase());
  const value = sign * big;
  if (value < -(2n ** 63n) || value > 2n ** 64n - 1n) return undefined;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Plain scalars resolved as yaml.v3 resolves them into `any` (YAML 1.2 booleans only: `yes` is a string). */
const goTags: ScalarTag[] = [
  { tag: "tag:yaml.org,2002:null", default: true, test: /^(?:~|null|Null|NULL)?$/, resolve: () => null, identify: (v) => v === null },
  { tag: "tag:yaml.org,2002:bool", default: true, test: /^(?:true|True|TRUE|false|False|FALSE)$/, resolve: (s) => s[0] === "t" || s[0] === "T", identify: (v) => typeof v === "boolean" },
  { tag: "tag:yaml.org,2002:float", default: true, test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/, resolve: (s) => (s.includes("nan") || s.includes("NaN") || s.includes("NAN") ? NaN : s.startsWith("-") ? -Infinity : Infinity), identify: () => false },
  {
    tag: "tag:yaml.org,2002:int",
    default: true,
    // Everything yaml.v3 hands to ParseInt/ParseFloat (digits, sign, base prefixes, '_', '.', exponents).
    test: /^[-+]?[0-9_][0-9a-fA-FxXoObB_.+-]*$/,
    resolve: (s, onError) => {
      const v = goInt(s);
      if (v !== undefined) return v;
      const plain = s.replaceAll("_", "");
      if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
      // Not a number to yaml.v3 either: a string (e.g. "1.2.3" or "0x").
      void onError;
      return s;
    },
    identify: (v) => typeof v === "number" && Number.isInteger(v),
  },
  { tag: "tag:yaml.org,2002:float", default: true, test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/, resolve: (s) => Number(s), identify: (v) => typeof v === "number" },
];

function hasSecure(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSecure);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === "secure" && typeof entries[0]![1] === "string") return true;
    return entries.some(([, v]) => hasSecure(v));
  }
  return false;
}

function secureText(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.length === 1 && entries[0]![0] === "secure" && typeof entries[0]![1] === "string" ? entries[0]![1] : undefined;
}

function nonFinite(value: unknown): boolean {
  if (typeof value === "number") return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(nonFinite);
  if (value !== null && typeof value === "object") return Object.values(value).some(nonFinite);
  return false;
}

const jsonOf = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v));

/**
 * A config key as sdk/go/common/resource/config/key.go ParseKey reads it, after
 * workspace/loaders.go stackConfigNamespacedWithProject has given a bare key the project's
 * namespace: `ns:name`, or the old `ns:config:name`.
 */
export function parseConfigKey(key: string, project: string = PROJECT): string | undefined {
  if (!key.includes(":")) return `${project}:${key}`;
  const parts = key.split(":");
  if (parts.length === 2) return key;
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") return `${parts[0]}:${parts[2]}`;
  return undefined;
}

/**
 * Reads a stack file's text as the Pulumi CLI does; `file` names it in messages, `project` (the
 * Pulumi.yaml name) is the namespace a bare key gets.
 */
export function parseStackFile(text: string, file: string, project: string = PROJECT): StackFile {
  const doc = parseDocument(text.replace(/^\uFEFF/, ""), {
    version: "1.2",
    // failsafe gives maps, sequences and strings; every other plain scalar resolves as yaml.v3's does.
    schema: "failsafe",
    customTags: goTags,
    merge: true,
    uniqueKeys: true,
    intAsBigInt: false,
  });
  if (doc.errors.length > 0) throw new StackFileError(file, doc.errors.map((e) => e.message).join("; "));
  const root: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (root === null || root === undefined) return { raw: {}, runtime: {}, issues: [] };
  if (typeof root !== "object" || Array.isArray(root)) throw new StackFileError(file, "is not a map of stack settings");
  const config: unknown = (root as Record<string, unknown>)["config"];
  if (config === undefined || config === null) return { raw: {}, runtime: {}, issues: [] };
  if (typeof config !== "object" || Array.isArray(config)) throw new StackFileError(file, "config: must be a map of keys and values");

  const runtime: Record<string, string> = {};
  const encrypted: Record<string, EncryptedValue> = {};
  const issues: ConfigIssue[] = [];
  for (const [written, value] of Object.entries(config as Record<string, unknown>)) {
    const key = parseConfigKey(written, project);
    if (key === undefined) {
      issues.push({ key: written, value, rule: "is not a configuration key: the Pulumi CLI refuses keys not of the form <namespace>:<name> (e.g. azure-aws-vpn:protect)" });
      continue;
    }
    if (Object.hasOwn(runtime, key) || Object.hasOwn(encrypted, key)) {
      issues.push({ key, value, rule: `is set twice (as ${JSON.stringify(written)} and another spelling of the same key); the Pulumi CLI keeps only one` });
      continue;
    }
    const secure = secureText(value);
    if (secure !== undefined || hasSecure(value)) {
      encrypted[key] = new EncryptedValue(secure ?? jsonOf(value));
      continue;
    }
    if (nonFinite(value)) {
      issues.push({ key, value: String(value), rule: "is not a finite number: the Pulumi CLI cannot store .inf or .nan as config" });
      continue;
    }
    // config/object.go MarshalString: a plain string as itself, anything else as JSON.
    runtime[key] = typeof value === "string" ? value : jsonOf(value);
  }
  return { raw: { ...rawFromRuntimeConfig(runtime), ...encrypted }, runtime, issues };
}

/**
 * Native values (e.g. a test's or a component's raw config) as the program would see them after
 * the CLI's round trip through strings: the same normalisation as a stack file gets.
 */
export function normaliseRawConfig(raw: RawConfig): RawConfig {
  const runtime: Record<string, string> = {};
  const kept: RawConfig = {};
  for (const [key, value] of Object.entries(raw)) {
    if (value instanceof EncryptedValue) kept[key] = value;
    else if (value !== undefined) runtime[key] = typeof value === "string" ? value : jsonOf(value);
  }
  return { ...rawFromRuntimeConfig(runtime), ...kept };
}
