/**
 * The C# example and its tests cannot be compiled here (no .NET SDK, no Pulumi CLI to generate
 * the SDK): instead, every type and property they use from the package must exist in the
 * committed schema.json under the name Pulumi's .NET generator gives it: namespace
 * Pulumi.<Package> (package name title-cased), resources and enums by their token's name, input
 * object types with an "Args" suffix in .Inputs, properties in PascalCase.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { REPO_ROOT } from "../helpers";
import { TYPES } from "../../infra/types";

interface Property { type?: string; items?: Property; additionalProperties?: Property; $ref?: string }
interface Schema {
  name: string;
  resources: Record<string, { inputProperties?: Record<string, Property>; properties?: Record<string, Property> }>;
  types: Record<string, { type: string; properties?: Record<string, Property>; enum?: { name: string; value: string }[] }>;
}
const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")) as Schema;
const pascal = (name: string): string => name[0]!.toUpperCase() + name.slice(1);
const tokenName = (token: string): string => token.split(":")[2]!;

/** The .NET names the generator would emit for this schema. */
function dotnetNames(): { namespace: string; classes: Map<string, Set<string>>; enums: Map<string, Set<string>>; outputs: Map<string, Set<string>> } {
  const namespace = `Pulumi.${pascal(schema.name)}`;
  const classes = new Map<string, Set<string>>();
  const outputs = new Map<string, Set<string>>();
  const enums = new Map<string, Set<string>>();
  for (const [token, spec] of Object.entries(schema.resources)) {
    classes.set(`${tokenName(token)}Args`, new Set(Object.keys(spec.inputProperties ?? {}).map(pascal)));
    outputs.set(tokenName(token), new Set(Object.keys(spec.properties ?? {}).map(pascal)));
  }
  for (const [token, spec] of Object.entries(schema.types)) {
    if (spec.enum) enums.set(tokenName(token), new Set(spec.enum.map((e) => e.name)));
    else classes.set(`${tokenName(token)}Args`, new Set(Object.keys(spec.properties ?? {}).map(pascal)));
  }
  return { namespace, classes, enums, outputs };
}

/** `new Name { A = ..., B = ... }` and `new Name(...) { ... }`: the names assigned at the block's top level. */
function initializers(source: string): { type: string; properties: string[] }[] {
  const found: { type: string; properties: string[] }[] = [];
  const pattern = /new\s+([A-Z]\w*)\s*(\([^)]*\))?\s*\{/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === "{") depth++;
      else if (source[i] === "}") depth--;
    }
    const body = source.slice(start, i - 1);
    const top: string[] = [];
    let d = 0;
    let line = "";
    for (const ch of body) {
      if (ch === "{" || ch === "(") d++;
      if (ch === "}" || ch === ")") d--;
      if (d === 0) line += ch;
      else line += " ";
    }
    for (const m of line.matchAll(/(?:^|[,\s])([A-Z]\w*)\s*=(?!=)/g)) top.push(m[1]!);
    found.push({ type: match[1]!, properties: top });
  }
  return found;
}

const CSHARP = ["examples/csharp/VpnExample/Program.cs", "examples/csharp/VpnExample.Tests/VpnStackTests.cs"];

describe("C# example names against schema.json", () => {
  const names = dotnetNames();

  it("the generator's namespace is the one the files use", () => {
    assert.equal(names.namespace, "Pulumi.Azureawsvpn");
    const program = readFileSync(path.join(REPO_ROOT, CSHARP[0]!), "utf8");
    assert.match(program, /using Pulumi\.Azureawsvpn;/);
    assert.match(program, /using Pulumi\.Azureawsvpn\.Inputs;/);
  });

  for (const file of CSHARP) {
    it(`${file}: every args class and property exists`, () => {
      const source = readFileSync(path.join(REPO_ROOT, file), "utf8");
      const ours = initializers(source).filter((i) => i.type.endsWith("Args") && !["MockResourceArgs", "MockCallArgs"].includes(i.type));
      if (file.endsWith("Program.cs")) assert.ok(ours.length >= 5, "the program builds VpnArgs and nested args");
      for (const { type, properties } of ours) {
        const known = names.classes.get(type);
        assert.ok(known, `${type} is not a class the .NET SDK would have`);
        for (const p of properties) assert.ok(known.has(p), `${type}.${p} is not a property of the generated class (has ${[...known].join(", ")})`);
      }
    });

    it(`${file}: every enum member and Vpn output exists`, () => {
      const source = readFileSync(path.join(REPO_ROOT, file), "utf8");
      for (const m of source.matchAll(/\b([A-Z]\w*)\.([A-Z]\w*)\b/g)) {
        const members = names.enums.get(m[1]!);
        if (members) assert.ok(members.has(m[2]!), `${m[1]}.${m[2]} is not a member of the generated enum`);
      }
      const vpnOutputs = names.outputs.get("Vpn")!;
      // Members every Pulumi.ComponentResource has.
      const inherited = new Set(["GetResourceName", "GetResourceType", "Urn"]);
      for (const m of source.matchAll(/\bvpn\.([A-Z]\w*)\b/g)) assert.ok(vpnOutputs.has(m[1]!) || inherited.has(m[1]!), `Vpn.${m[1]} is not an output of the generated class`);
      for (const m of source.matchAll(/Inputs\["(\w+)"\]/g)) {
        assert.ok(m[1]! in (schema.resources[TYPES.vpn]!.inputProperties ?? {}), `the mocks read input ${m[1]}, which Vpn does not have`);
      }
    });
  }

  it("the check can fail: a misspelled property is caught", () => {
    const known = names.classes.get("VpnArgs")!;
    assert.equal(known.has("VpcCidr"), true);
    assert.equal(known.has("VpcCIDR"), false);
    assert.deepEqual(initializers("new VpnArgs { VpcCIDR = \"x\", Nested = new VpnIpsecArgs { Phase1 = null } }").map((i) => i.properties), [["VpcCIDR", "Nested"], ["Phase1"]]);
  });
});
