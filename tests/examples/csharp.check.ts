/**
 * The C# example against the C# SDK Pulumi's own .NET generator emits for schema.json (no .NET SDK
 * or Pulumi NuGet packages here to compile it): every class it instantiates, every property it
 * sets or reads, every enum member it names, and its namespaces exist in the generated files
 * (tests/package/sdkNames.ts reads them), as `pulumi package add <path to a clone>` would generate
 * them; and the names the README gives for the git form (`<Owner>.Azureawsvpn`) are what the
 * generator emits with the owner as the namespace. Needs Go (the generator is built from Pulumi's
 * Go modules): part of `npm run test:sdk`.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { findGo, REPO_ROOT } from "../../scripts/engine-cli";
import { generateSdk } from "../../scripts/sdk-gen";
import { csharpNames, type CSharpNames } from "../package/sdkNames";

const EXAMPLE = path.join(REPO_ROOT, "examples", "csharp");
const FILES = ["VpnExample/Program.cs", "VpnExample/ComposedStack.cs", "VpnExample.Tests/VpnStackTests.cs"];
/** Types of Pulumi's .NET SDK, Moq and the test project that the files instantiate too. */
const NOT_OURS = new Set(["MockResourceArgs", "MockCallArgs", "Mock", "TestOptions", "Dictionary", "ComponentResourceOptions"]);

/** `new Name { A = ..., B = ... }` and `new Name(...) { ... }`: the names assigned at the block's top level. */
function initializers(source: string): { type: string; properties: string[] }[] {
  const found: { type: string; properties: string[] }[] = [];
  const pattern = /new\s+([A-Z]\w*)(?:<[^>]*>)?\s*(\([^)]*\))?\s*\{/g;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    let depth = 1;
    let i = match.index + match[0].length;
    const start = i;
    for (; i < source.length && depth > 0; i++) {
      if (source[i] === "{") depth++;
      else if (source[i] === "}") depth--;
    }
    let top = "";
    let d = 0;
    for (const ch of source.slice(start, i - 1)) {
      if (ch === "{" || ch === "(") d++;
      if (ch === "}" || ch === ")") d--;
      top += d === 0 ? ch : " ";
    }
    found.push({ type: match[1]!, properties: [...top.matchAll(/(?:^|[,\s])([A-Z]\w*)\s*=(?!=)/g)].map((m) => m[1]!) });
  }
  return found;
}

/** The class of the generated SDK a C# file means by a bare name: a resource, its Args, or an input type. */
function classOf(names: CSharpNames, type: string): { properties: Record<string, string> } | undefined {
  return names.classes[type] ?? names.classes[`Inputs.${type}`];
}

const go = findGo();
describe("C# example names against the generated C# SDK", { skip: "problem" in go ? `needs Go: ${go.problem}` : false }, () => {
  let root: string;
  let local: CSharpNames;
  let git: CSharpNames;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "aav-csharp-"));
    local = csharpNames(generateSdk({ language: "dotnet", out: path.join(root, "local") }).out);
    git = csharpNames(generateSdk({ language: "dotnet", out: path.join(root, "git"), namespace: "acme" }).out);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("the files use the namespaces of a local-path install, and the project references the generated project", () => {
    assert.equal(local.namespace, "Pulumi.Azureawsvpn");
    for (const file of FILES.slice(0, 2)) {
      const source = readFileSync(path.join(EXAMPLE, file), "utf8");
      assert.match(source, new RegExp(`using ${local.namespace.replace(".", "\\.")};`), file);
    }
    const project = readFileSync(path.join(EXAMPLE, "VpnExample", "VpnExample.csproj"), "utf8");
    assert.match(project, /<DefaultItemExcludes>\$\(DefaultItemExcludes\);sdks\/\*\*\/\*\.cs<\/DefaultItemExcludes>/);
    assert.match(project, /<ProjectReference Include="sdks\\azureawsvpn\\Pulumi\.Azureawsvpn\.csproj" \/>/);
  });

  it("a git install's names are the README's: <Owner>.Azureawsvpn, the same classes", () => {
    assert.equal(git.namespace, "Acme.Azureawsvpn");
    assert.deepEqual(Object.keys(git.classes).sort(), Object.keys(local.classes).sort());
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    assert.match(readme, /C# `<Owner>\.Azureawsvpn` in `sdks\/<owner>-azureawsvpn`/);
  });

  for (const file of FILES) {
    it(`${file}: every class it builds and property it sets exists in the generated SDK`, () => {
      const source = readFileSync(path.join(EXAMPLE, file), "utf8");
      const ours = initializers(source).filter((i) => !NOT_OURS.has(i.type));
      if (!file.includes("Tests")) assert.ok(ours.length >= 5, `${file} builds the package's args`);
      for (const { type, properties } of ours) {
        const known = classOf(local, type);
        assert.ok(known, `${file}: ${type} is not a class of the generated SDK (it has ${Object.keys(local.classes).join(", ")})`);
        for (const p of properties) assert.ok(p in known.properties, `${file}: ${type}.${p} is not a property of the generated class (it has ${Object.keys(known.properties).join(", ")})`);
      }
    });

    it(`${file}: every enum member and component output it reads exists`, () => {
      const source = readFileSync(path.join(EXAMPLE, file), "utf8");
      for (const m of source.matchAll(/\b([A-Z]\w*)\.([A-Z]\w*)\b/g)) {
        const members = local.enums[m[1]!];
        if (members) assert.ok(m[2]! in members, `${file}: ${m[1]}.${m[2]} is not a member of the generated enum (it has ${Object.keys(members).join(", ")})`);
      }
      // `var x = new Component(...)` then `x.Output`.
      const inherited = new Set(["GetResourceName", "GetResourceType", "Urn"]);
      for (const m of source.matchAll(/var\s+(\w+)\s*=\s*new\s+(Vpn|AzureSide|AwsSide|TunnelPair|TestHosts)\(/g)) {
        const component = local.classes[m[2]!]!;
        for (const read of source.matchAll(new RegExp(`\\b${m[1]}\\.([A-Z]\\w*)`, "g"))) {
          assert.ok(read[1]! in component.properties || inherited.has(read[1]!), `${file}: ${m[2]}.${read[1]} is not an output of the generated class`);
        }
      }
      const sent = new Set(["Vpn", "AzureSide", "AwsSide", "TunnelPair", "TestHosts"].flatMap((c) => Object.values(local.classes[`${c}Args`]!.schemaNames)));
      for (const m of source.matchAll(/Inputs\["(\w+)"\]/g)) assert.ok(sent.has(m[1]!), `${file}: the mocks read input ${m[1]}, which no component's args send`);
    });
  }

  it("the check can fail: a misspelt property, class or enum member is caught", () => {
    const vpnArgs = classOf(local, "VpnArgs")!;
    assert.ok("VpcCidr" in vpnArgs.properties);
    assert.ok(!("VpcCIDR" in vpnArgs.properties));
    assert.equal(classOf(local, "VpnIpsecArgsArgs"), undefined);
    assert.ok(!("Bgpp" in local.enums["RoutingMode"]!));
    assert.deepEqual(initializers("new VpnArgs { VpcCIDR = \"x\", Nested = new VpnIpsecArgs { Phase1 = null } }").map((i) => i.properties), [["VpcCIDR", "Nested"], ["Phase1"]]);
  });
});
