/**
 * Two deployments of the same stack side by side (the examples' programs against the TypeScript
 * stack program's): each fake-cloud world reduced to what both must share, and compared.
 */
import assert from "node:assert/strict";
import { toAwsPresharedKey } from "../../infra/keys";
import type { CloudObject } from "./fakeCloud/world";

export function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Every string inside a value, with its path. */
function flatStrings(value: unknown, at = "", out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") out.push([at, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => flatStrings(v, `${at}[${i}]`, out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) flatStrings(v, at ? `${at}.${k}` : k, out);
  return out;
}

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, f)]));
  return value;
}

export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A deployment's live objects as `type name` -> inputs, where what differs from one deployment to
 * another is replaced by what it is: each object's id by `<id of TYPE NAME>`, each value its cloud
 * generated (an output that is none of its inputs: addresses, keys' results, key names) by
 * `<TYPE NAME.output>`, and the random suffix Pulumi's auto-naming adds to a name by `*`. Which
 * object a reference names is kept: a tunnel's key is `<random... vpn-tunnels-c1-c1t1-key.result>`
 * on both sides, whatever its random value (and whether AWS took it with its leading 0 replaced).
 */
export function normalisedWorld(objects: CloudObject[]): Map<string, unknown> {
  const sorted = [...objects].sort((a, b) => `${a.type} ${nameOf(a.urn)}`.localeCompare(`${b.type} ${nameOf(b.urn)}`));
  const names = [...new Set(sorted.map((o) => nameOf(o.urn)))].sort((a, b) => b.length - a.length);
  const autoName = new RegExp(`(${names.map(escapeRegExp).join("|")})[0-9a-f]{8}(?![0-9a-f])`, "g");
  const replacements: [string, string][] = [];
  for (const o of sorted) {
    const label = `${o.type} ${nameOf(o.urn)}`;
    if (o.id !== "none" && o.id.length >= 7) replacements.push([o.id, `<id of ${label}>`]);
    const inputs = new Set(flatStrings(o.inputs).map(([, v]) => v));
    for (const [at, v] of flatStrings(o.outputs)) {
      if (v.length >= 7 && !inputs.has(v) && v !== o.id && !replacements.some(([from]) => from === v)) {
        replacements.push([v, `<${label}.${at}>`]);
        // A tunnel key as AWS takes it (a leading 0 replaced, infra/keys.ts): the same key, whichever
        // its random value needed.
        if (toAwsPresharedKey(v) !== v) replacements.push([toAwsPresharedKey(v), `<${label}.${at}>`]);
      }
    }
  }
  // Longest first: an Azure id contains its parent's id.
  replacements.sort((a, b) => b[0].length - a[0].length);
  const normalise = (s: string): string => {
    let out = s;
    for (const [from, to] of replacements) if (out.includes(from)) out = out.split(from).join(to);
    return out.replace(autoName, "$1*");
  };
  return new Map(sorted.map((o) => [`${o.type} ${nameOf(o.urn)}`, mapStrings(o.inputs, normalise)]));
}

export function compareWorlds(actual: Map<string, unknown>, expected: Map<string, unknown>, what: string): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${what}: the same cloud resources (type and name)`);
  for (const [key, inputs] of expected) assert.deepEqual(actual.get(key), inputs, `${what}: ${key}'s inputs`);
}

/** Stack outputs with each world's ids and generated values replaced as normalisedWorld does. */
export function normaliseOutputs(outputs: Record<string, unknown>, objects: CloudObject[]): unknown {
  // A world whose one extra object's inputs are the outputs: normalised like any object's inputs.
  const probe: CloudObject = { key: -1, id: "none", type: "outputs", urn: "outputs::outputs", inputs: outputs, outputs: {} };
  return normalisedWorld([...objects, probe]).get("outputs outputs");
}
