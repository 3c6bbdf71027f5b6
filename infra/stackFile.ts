/**
 * The one reading of a stack file (`Pulumi.<stack>.yaml`) outside the engine: the config the
 * Pulumi CLI would hand the program, normalised exactly as the program normalises what the engine
 * hands it (`rawFromRuntimeConfig`). The program, the plan, `--against`, the policy config and
 * the tests all read stack files through `parseStackFile`; see docs/constraints.md, "Stack file
 * reading" and "Stack files as the Pulumi CLI reads them" (checked against the real CLI by
 * tests/engine/stack-files.test.ts), for the CLI behaviour this reproduces and its sources.
 */
import { parseAllDocuments, type ScalarTag } from "yaml";
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

/**
 * gopkg.in/yaml.v3 resolve.go parseTimestamp: a plain scalar in one of its four Go layouts
 * (`2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`, `2006-1-2`)
 * is a Go time.Time, which the CLI's round trip (loaders.go re-marshals the stack file, config/
 * object.go unmarshalObject) stores as time.Time.String(): `2026-12-01 00:00:00 +0000 UTC`. An
 * offset other than zero is a zone without a name (`+0200 +0200`); zero is UTC, as on a CLI
 * machine whose local zone is UTC. Anything else (a day out of range, `2026-12-01Z`) stays a string.
 */
const GO_TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})?)?$/;

function goTimestamp(text: string): string | undefined {
  const m = GO_TIMESTAMP.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, sep, h = "0", mi = "0", s = "0", frac, zone] = m;
  // The space layout has no zone; the T layouts need one.
  if (sep !== undefined && (sep === " ") !== (zone === undefined)) return undefined;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  const daysIn = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysIn || hour > 23 || minute > 59 || second > 59) return undefined;
  let offset = 0;
  if (zone !== undefined && zone !== "Z") {
    const [zh, zm] = [Number(zone.slice(1, 3)), Number(zone.slice(4, 6))];
    if (zh > 24 || zm > 60) return undefined;
    offset = (zone[0] === "-" ? -1 : 1) * (zh * 60 + zm);
  }
  const two = (n: number): string => String(n).padStart(2, "0");
  const nanos = (frac ?? "").slice(0, 9).replace(/0+$/, "");
  const abs = Math.abs(offset);
  const numeric = `${offset < 0 ? "-" : "+"}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
  return `${String(year).padStart(4, "0")}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}${nanos ? `.${nanos}` : ""} ${numeric} ${offset === 0 ? "UTC" : numeric}`;
}

/** Plain scalars resolved as yaml.v3 resolves them into `any` (YAML 1.2 booleans only: `yes` is a string). */
const goTags: ScalarTag[] = [
  { tag: "tag:yaml.org,2002:timestamp", default: true, test: /^\d{4}-[0-9Tt :.,Z+-]+$/, resolve: (s) => goTimestamp(s) ?? s, identify: () => false },
  // yaml.v3 decode.go: `!!binary` is base64, decoded to the string of its bytes.
  { tag: "tag:yaml.org,2002:binary", default: false, resolve: (s) => Buffer.from(s.replace(/[\r\n]/g, ""), "base64").toString("utf8"), identify: () => false },
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

/** A string as Go's encoding/json writes it: HTML-safe (`<`, `>`, `&` and U+2028/9 escaped). */
const goJsonString = (text: string): string => JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/**
 * A value as Go's encoding/json Marshal writes it (config/plaintext.go marshalText): map keys in
 * byte order, HTML-safe strings, 64-bit integers exact.
 */
function jsonOf(value: unknown): string {
  return jsonText(value) ?? "null";
}

/** undefined where JSON.stringify leaves the value out (undefined, a function, a symbol). */
function jsonText(value: unknown): string | undefined {
  if (value === undefined || typeof value === "function" || typeof value === "symbol") return undefined;
  if (value === null) return "null";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") return jsonText((value as { toJSON: () => unknown }).toJSON());
  // A hole, undefined or a function in a list is null, as JSON.stringify writes it.
  if (Array.isArray(value)) return `[${Array.from(value as unknown[], jsonOf).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    const members = keys.flatMap((k) => {
      const text = jsonText((value as Record<string, unknown>)[k]);
      return text === undefined ? [] : [`${goJsonString(k)}:${text}`];
    });
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A map key that is not a string, as the CLI's config/object.go unmarshalObject names it (fmt %v). */
function goKey(key: unknown): string {
  if (key === null || key === undefined) return "<nil>";
  if (typeof key === "number" && !Number.isInteger(key)) {
    // %v of a float64 (Go strconv 'g', shortest): an exponent below -4 or from 6 up is written 1e+06.
    const [mantissa, exponent] = key.toExponential().split("e") as [string, string];
    const e = Number(exponent);
    return e < -4 || e >= 6 ? `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}` : String(key);
  }
  return String(key);
}

/** The document's value with every map a plain object, its keys named as the CLI names them. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value as Map<unknown, unknown>) out[typeof k === "string" ? k : goKey(k)] = plain(v);
    return out;
  }
  return value;
}

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
  // yaml.v3's Unmarshal reads the first document of the stream and ignores the rest.
  const docs = parseAllDocuments(text.replace(/^\uFEFF/, ""), {
    version: "1.2",
    // failsafe gives maps, sequences and strings; every other plain scalar resolves as yaml.v3's does.
    schema: "failsafe",
    customTags: goTags,
    merge: true,
    uniqueKeys: true,
    intAsBigInt: false,
  });
  const doc = docs[0];
  if (doc === undefined) return { raw: {}, runtime: {}, issues: [] };
  if (doc.errors.length > 0) throw new StackFileError(file, doc.errors.map((e) => e.message).join("; "));
  const root: unknown = doc.toJS({ maxAliasCount: 1000, mapAsMap: true });
  if (root === null || root === undefined) return { raw: {}, runtime: {}, issues: [] };
  if (!(root instanceof Map)) throw new StackFileError(file, "is not a map of stack settings");
  const config: unknown = root.get("config");
  if (config === undefined || config === null) return { raw: {}, runtime: {}, issues: [] };
  if (!(config instanceof Map)) throw new StackFileError(file, "config: must be a map of keys and values");

  const runtime: Record<string, string> = {};
  const encrypted: Record<string, EncryptedValue> = {};
  const issues: ConfigIssue[] = [];
  for (const [written, native] of config as Map<unknown, unknown>) {
    const value = plain(native);
    // A key that is not a string (`~:`, `true:`, `1:`) keeps loaders.go from giving the map the
    // project's namespace: the CLI then refuses the file or drops the whole config map.
    const key = typeof written === "string" ? parseConfigKey(written, project) : undefined;
    if (key === undefined) {
      issues.push({ key: typeof written === "string" ? written : goKey(written), value, rule: "is not a configuration key: the Pulumi CLI refuses keys not of the form <namespace>:<name> (e.g. azure-aws-vpn:protect)" });
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
    // config/object.go MarshalString: a plain string as itself, anything else as JSON; an empty
    // value (`key:`, `~`, `null`) is the empty string (loaders.go checkForEmptyConfig warns so).
    runtime[key] = typeof value === "string" ? value : value === null ? "" : jsonOf(value);
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
