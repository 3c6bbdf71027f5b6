/**
 * Slow (about a minute warm; needs Go 1.26, and the Go module proxy for a first build):
 * `npm run test:sdk`. The committed schema.json through Pulumi's own code generators
 * (tools/pulumi-cli/sdkgen, as `pulumi package add` calls them; scripts/sdk-gen.ts) into the four
 * SDKs, each checked the way its language builds it where that works offline: Node.js with the
 * repository's TypeScript against its @pulumi/pulumi, Python byte-compiled, Go vetted against
 * github.com/pulumi/pulumi/sdk/v3 at the version tools/pulumi-cli pins (its go.sum; no download),
 * C# read for its names (no .NET SDK here). Then the same with `--namespace acme`: the SDK that
 * `pulumi package add github.com/acme/<repo>` makes. Named *.check.ts, as schema.check.ts, so that
 * `npm test` (every *.test.ts) does not run it. Skipped, saying so, only when there is no Go.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { findGo, REPO_ROOT, TOOLS } from "../../scripts/engine-cli";
import { type GeneratedSdk, generateSdk, SCHEMA, SDK_LANGUAGES, type SdkLanguage, SDKGEN } from "../../scripts/sdk-gen";
import { csharpNames } from "./sdkNames";

interface SchemaProperty {
  $ref?: string;
}
interface Schema {
  name: string;
  version: string;
  namespace?: string;
  repository?: string;
  resources: Record<string, { inputProperties?: Record<string, SchemaProperty>; properties?: Record<string, SchemaProperty> }>;
  types: Record<string, { type: string; enum?: { name?: string; value: string | number }[]; properties?: Record<string, SchemaProperty> }>;
}
const schema = JSON.parse(readFileSync(SCHEMA, "utf8")) as Schema;
const NAME = schema.name;
const tokenName = (token: string): string => token.split(":").pop()!;
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The namespace `pulumi package add` gives: the schema's own, else the git owner lowercased. */
const namespaceOf = (owner: string | undefined): string | undefined => schema.namespace ?? owner?.toLowerCase();

/** pkg/v3 codegen/go ExtractModulePath for a SupportPack package (as `package add` binds it). */
function goModulePath(owner: string | undefined): string {
  const major = Number(schema.version.split(".")[0]);
  const ns = namespaceOf(owner);
  let root = ns ? `github.com/${ns}/pulumi-${NAME}` : `example.com/pulumi-${NAME}`;
  if (schema.repository) {
    const url = new URL(schema.repository);
    root = url.host + url.pathname;
  }
  return `${root}/sdk/go${major > 1 ? `/v${major}` : ""}`;
}
const pythonPackage = (owner: string | undefined): string => `${(namespaceOf(owner) ?? "pulumi").replaceAll("-", "_")}_${NAME.replaceAll("-", "_")}`;
const npmPackage = (owner: string | undefined): string => `@${namespaceOf(owner) ?? "pulumi"}/${NAME}`;
/** pulumi-language-dotnet's namespaceName: each '-'-separated part capitalized. */
const csharpPart = (s: string): string => s.split("-").map(upperFirst).join("");
const csharpNamespace = (owner: string | undefined): string => `${namespaceOf(owner) ? csharpPart(namespaceOf(owner)!) : "Pulumi"}.${csharpPart(NAME)}`;

const found = findGo();
const skip = "problem" in found ? `Go is not installed (${found.problem}): the SDK generator is a Go program` : false;
const goBinary = "problem" in found ? "go" : found.go;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { status: number | null; output: string; seconds: number } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? String(result.error) : ""}`, seconds: (performance.now() - started) / 1000 };
}

describe("SDKs generated from schema.json by Pulumi's generators", { skip }, () => {
  const root = mkdtempSync(path.join(tmpdir(), "sdks-"));
  after(() => rmSync(root, { recursive: true, force: true }));
  const generated = new Map<string, GeneratedSdk>();
  /** Generates one SDK on first use (the generator is built on the first). */
  function sdk(language: SdkLanguage, owner?: string): GeneratedSdk {
    const key = `${owner ?? "local"}-${language}`;
    let found = generated.get(key);
    if (!found) {
      found = generateSdk({ language, out: path.join(root, key), ...(owner !== undefined ? { namespace: owner } : {}) });
      generated.set(key, found);
    }
    return found;
  }

  it("the generator builds and writes each language's SDK", (t) => {
    for (const language of SDK_LANGUAGES) {
      const s = sdk(language);
      t.diagnostic(`${language}: ${s.files.length} files, ${s.seconds.toFixed(2)} s${s.build.built !== undefined ? ` (after building sdkgen: ${s.build.seconds.toFixed(1)} s)` : ""}`);
      assert.ok(s.files.length > 5, `${language}: ${s.files.join(", ")}`);
      assert.deepEqual(s.warnings, [], `${language}: the schema binds without warnings`);
    }
  });

  it("the generator refuses a bad flag, naming it, and a schema that references another package", () => {
    sdk("go");
    const bad = spawnSync(SDKGEN, ["--schema", SCHEMA, "--language", "rust", "--out", path.join(root, "rust")], { encoding: "utf8" });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /--language "rust": must be one of go, python, nodejs, dotnet/);
    const external = path.join(root, "external.json");
    const withRef = { ...schema, resources: { ...schema.resources } };
    const [token, vpn] = Object.entries(schema.resources)[0]!;
    withRef.resources[token] = { ...vpn, properties: { ...vpn.properties, gateway: { $ref: "/azure-native/v3.28.0/schema.json#/resources/azure-native:network:VirtualNetworkGateway" } } };
    writeFileSync(external, JSON.stringify(withRef));
    assert.throws(() => generateSdk({ language: "nodejs", out: path.join(root, "external"), schema: external }), /references other packages' schemas.*\/azure-native\/v3\.28\.0\/schema\.json#\/resources\/azure-native:network:VirtualNetworkGateway/);
  });

  for (const owner of [undefined, "acme"]) {
    const label = owner === undefined ? "from a local path" : `from github.com/${owner}/... (--namespace ${owner})`;

    it(`Node.js SDK ${label}: package ${npmPackage(owner)}, type-checks with tsc against the repository's @pulumi/pulumi`, (t) => {
      const s = sdk("nodejs", owner);
      const manifest = JSON.parse(readFileSync(path.join(s.out, "package.json"), "utf8")) as { name: string; pulumi?: { name?: string } };
      assert.equal(manifest.name, npmPackage(owner));
      assert.equal(manifest.pulumi?.name, NAME);
      symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(s.out, "node_modules"), "dir");
      const tsc = run(process.execPath, [path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", ".", "--noEmit"], s.out);
      t.diagnostic(`tsc --noEmit: ${tsc.seconds.toFixed(1)} s`);
      assert.equal(tsc.status, 0, tsc.output);
    });

    it(`Python SDK ${label}: package ${pythonPackage(owner)}, byte-compiles`, (t) => {
      const s = sdk("python", owner);
      const pkg = pythonPackage(owner);
      assert.ok(existsSync(path.join(s.out, pkg, "__init__.py")), `${pkg}/__init__.py among ${s.files.join(", ")}`);
      assert.match(readFileSync(path.join(s.out, "setup.py"), "utf8"), new RegExp(`setup\\(name='${pkg}'`));
      const compiled = run("python3", ["-m", "compileall", "-q", "."], s.out);
      t.diagnostic(`python3 -m compileall: ${compiled.seconds.toFixed(1)} s`);
      assert.equal(compiled.status, 0, compiled.output);
    });

    it(`Go SDK ${label}: module ${goModulePath(owner)}, go vet passes against pulumi/sdk/v3 as tools/pulumi-cli pins it`, (t) => {
      const s = sdk("go", owner);
      const goMod = readFileSync(path.join(s.out, "go.mod"), "utf8");
      const module = /^module\s+(\S+)/m.exec(goMod)?.[1];
      assert.equal(module, goModulePath(owner));
      const importPath = `${module}/${NAME}`;
      const internal = readFileSync(path.join(s.out, NAME, "init.go"), "utf8");
      assert.ok(internal.includes(`"${importPath}/internal"`), `${NAME}/init.go imports ${importPath}/internal`);
      // The SDK's own module, requiring what tools/pulumi-cli requires (sdk/v3 v3.276.0 among them)
      // with its go.sum: every module is in the cache the CLI's build filled.
      const toolsMod = readFileSync(path.join(TOOLS, "go.mod"), "utf8");
      writeFileSync(path.join(s.out, "go.mod"), toolsMod.replace(/^module\s+\S+/m, `module ${module}`));
      writeFileSync(path.join(s.out, "go.sum"), readFileSync(path.join(TOOLS, "go.sum")));
      const vet = run(goBinary, ["vet", "./..."], s.out, { ...process.env, GOFLAGS: "-mod=mod -buildvcs=false" });
      t.diagnostic(`go vet ./...: ${vet.seconds.toFixed(1)} s`);
      const hint = /undefined: \w+Args\b/.test(vet.output)
        ? "\n(Pulumi's Go generator leaves out the Args type of an object type used only as the items of a plain array; the schema needs `generateExtraInputTypes: true` under language.go)"
        : "";
      assert.equal(vet.status, 0, `${vet.output}${hint}`);
    });

    it(`C# SDK ${label}: namespace ${csharpNamespace(owner)}, a class per component with its Args, every input, output and enum value`, () => {
      const s = sdk("dotnet", owner);
      const ns = csharpNamespace(owner);
      assert.ok(s.files.includes(`${ns}.csproj`), `${ns}.csproj among ${s.files.join(", ")}`);
      const names = csharpNames(s.out);
      assert.equal(names.namespace, ns);
      for (const [token, resource] of Object.entries(schema.resources)) {
        const name = tokenName(token);
        const cls = names.classes[name];
        const args = names.classes[`${name}Args`];
        assert.ok(cls && args, `${name} and ${name}Args among ${Object.keys(names.classes).join(", ")}`);
        assert.equal(cls.base, "global::Pulumi.ComponentResource");
        assert.deepEqual(Object.values(args.schemaNames).sort(), Object.keys(resource.inputProperties ?? {}).sort(), `${name}Args`);
        assert.deepEqual(Object.values(cls.schemaNames).sort(), Object.keys(resource.properties ?? {}).sort(), `${name}'s outputs`);
      }
      for (const [token, type] of Object.entries(schema.types)) {
        const name = tokenName(token);
        if (type.enum) {
          assert.deepEqual(Object.values(names.enums[name] ?? {}).sort(), type.enum.map((e) => e.value).sort(), `enum ${name}`);
        } else {
          const declared = [names.classes[`Inputs.${name}Args`], names.classes[`Outputs.${name}`]].filter((c) => c !== undefined);
          assert.ok(declared.length > 0, `Inputs.${name}Args or Outputs.${name}`);
          for (const cls of declared) assert.deepEqual(Object.keys(cls.properties).sort(), Object.keys(type.properties ?? {}).map(upperFirst).sort(), name);
        }
      }
    });
  }
});
