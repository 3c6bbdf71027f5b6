/**
 * The package as a TypeScript user gets it: `npm pack` of the compiled package (bin/, built first
 * when stale), installed with npm into a fresh project outside the repository, and a program
 * there, compiled by tsc (strict, the Pulumi template's CommonJS settings) and run by node, that
 * imports `Vpn` from the package and builds it under Pulumi's mocks. It registers the same
 * resources as the stack program does for the same config.
 *
 * In the plugin suite, not `npm test`: npm installs the package's production dependencies
 * (about 360 MB) into the fresh project, tens of seconds even from npm's cache.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig } from "../../infra/config";
import { vpnArgsFromConfig } from "../../infra/components/vpn";
import { ROOT } from "../../provider/package";
import { evaluateMode, modeConfig } from "../helpers";
import { ensureBuilt } from "./build";

interface PackageJson {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}
const PKG = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

/** What `npm pack --json` says of the tarball. */
interface PackResult {
  filename: string;
  files: { path: string }[];
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `${command} ${args.join(" ")} in ${cwd} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The user's program: TypeScript that knows the package only by its name on npm. */
const USER_PROGRAM = `import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { Vpn, type VpnArgs } from "${PKG.name}";

/** Outputs the clouds compute and the component reads back: addresses and generated keys. */
function computed(type: string, inputs: Record<string, unknown>, n: number): Record<string, unknown> {
  switch (type) {
    case "azure-native:network:PublicIPAddress":
      return { ipAddress: \`198.51.100.\${10 + n}\` };
    case "random:index/randomPassword:RandomPassword":
      return { result: "Kx7".repeat(32).slice(0, Number(inputs["length"])) };
    case "aws:ec2/vpnConnection:VpnConnection": {
      const state: Record<string, unknown> = {};
      for (const t of [1, 2]) {
        const inside = String(inputs[\`tunnel\${t}InsideCidr\`] ?? \`169.254.\${20 + t}.\${4 * n}/30\`);
        const [a, b, c, d] = inside.split("/")[0]!.split(".").map(Number);
        Object.assign(state, {
          [\`tunnel\${t}Address\`]: \`203.0.113.\${10 + 2 * n + t}\`,
          [\`tunnel\${t}InsideCidr\`]: inside,
          [\`tunnel\${t}VgwInsideAddress\`]: \`\${a}.\${b}.\${c}.\${d! + 1}\`,
          [\`tunnel\${t}CgwInsideAddress\`]: \`\${a}.\${b}.\${c}.\${d! + 2}\`,
        });
      }
      return state;
    }
    case "azure-native:network:NetworkInterface":
      return { ipConfigurations: (inputs["ipConfigurations"] as Record<string, unknown>[]).map((c) => ({ ...c, privateIPAddress: "10.1.1.4" })) };
    case "aws:ec2/instance:Instance":
      return { privateIp: "10.2.1.10", publicIp: "192.0.2.10" };
    default:
      return {};
  }
}

const registered: string[] = [];
pulumi.runtime.setMocks(
  {
    newResource: (args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } => {
      registered.push(\`\${args.type}::\${args.name}\`);
      const inputs = args.inputs as Record<string, unknown>;
      return { id: \`\${args.name}-id\`, state: { ...inputs, ...computed(args.type, inputs, registered.length) } };
    },
    call: (args: pulumi.runtime.MockCallArgs): Record<string, unknown> =>
      args.token === "azure-native:authorization:getClientConfig" ? { subscriptionId: "00000000-0000-0000-0000-000000000000" } : (args.inputs as Record<string, unknown>),
  },
  "azure-aws-vpn",
  process.argv[3] ?? "dev",
  false,
);

const args = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as VpnArgs;
const vpn = new Vpn("vpn", args);
pulumi.all([vpn.urn, vpn.azure, vpn.aws]).apply(([urn, azure, aws]) => {
  // Every child has registered by the time the component's outputs resolve.
  setImmediate(() => console.log(JSON.stringify({ urn, registered: registered.sort(), outputs: { azure: azure !== undefined, aws: aws !== undefined } })));
});
`;

/** The Pulumi TypeScript template's compiler settings, strict. */
const USER_TSCONFIG = {
  compilerOptions: { strict: true, outDir: "bin", target: "ES2020", module: "commonjs", moduleResolution: "node", sourceMap: false, skipLibCheck: true, types: ["node"] },
  files: ["index.ts"],
};

let workDir = "";
let tarball = "";
let packed: PackResult;
let project = "";

before(async () => {
  const build = await ensureBuilt();
  if (build.built) console.log(`# built bin/ (tsc -p tsconfig.build.json) in ${(build.ms / 1000).toFixed(1)} s`);
  workDir = realpathSync(mkdtempSync(path.join(tmpdir(), "package-user-")));
  // Scripts off: the build above is the one packed.
  const pack = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", workDir], ROOT);
  packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
  tarball = path.join(workDir, packed.filename);
  project = path.join(workDir, "user-project");
  mkdirSync(project);
});

after(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("the npm package", () => {
  it("packs a library: compiled JavaScript, declarations, schema.json, PulumiPlugin.yaml; no sources, tests or stack files", () => {
    const files = packed.files.map((f) => f.path).sort();
    const allowed = (file: string): boolean => file.startsWith("bin/") || ["package.json", "schema.json", "PulumiPlugin.yaml", "README.md", "LICENSE"].includes(file);
    assert.deepEqual(files.filter((f) => !allowed(f)), []);
    for (const file of ["bin/provider/index.js", "bin/provider/library.js", "bin/provider/library.d.ts", "bin/infra/components/vpn.js", "bin/infra/components/vpn.d.ts", "schema.json", "PulumiPlugin.yaml"]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    assert.deepEqual(files.filter((f) => f.startsWith("bin/") && !/\.(js|d\.ts)$/.test(f)), []);
  });

  it("installs into a fresh project and `import { Vpn }` builds the stack program's resources under mocks", async () => {
    writeFileSync(path.join(project, "package.json"), `${JSON.stringify({ name: "user-project", version: "0.0.0", private: true }, null, 2)}\n`);
    // As a user adds it, with the Pulumi SDK and Node types a TypeScript project has anyway.
    const started = performance.now();
    run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, `@pulumi/pulumi@${PKG.dependencies["@pulumi/pulumi"]}`, `@types/node@${PKG.devDependencies["@types/node"]}`], project);
    const installSeconds = (performance.now() - started) / 1000;
    const du = spawnSync("du", ["-sm", path.join(project, "node_modules")], { encoding: "utf8" });
    console.log(`# npm install of the tarball into a fresh project: ${installSeconds.toFixed(1)} s, node_modules ${du.stdout.split("\t")[0]} MB`);
    // Development tools stay out of a user's install (the `node` package alone is a 191 MB binary).
    for (const dev of ["node", "eslint", "tsx", "fast-check", "esbuild", "@pulumi/policy"]) assert.ok(!existsSync(path.join(project, "node_modules", dev)), `${dev} was installed`);

    writeFileSync(path.join(project, "index.ts"), USER_PROGRAM);
    writeFileSync(path.join(project, "tsconfig.json"), `${JSON.stringify(USER_TSCONFIG, null, 2)}\n`);
    const tsc = require.resolve("typescript/bin/tsc", { paths: [ROOT] });
    run(process.execPath, [tsc, "-p", "tsconfig.json"], project);
    // Node16 resolution reads package.json's exports (its types condition) instead of types.
    run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit", "--module", "node16", "--moduleResolution", "node16"], project);

    const { stack, raw } = modeConfig("static-active-standby");
    const argsFile = path.join(project, "args.json");
    writeFileSync(argsFile, JSON.stringify(vpnArgsFromConfig(loadConfig(raw, stack).config)));
    const output = run(process.execPath, [path.join("bin", "index.js"), argsFile, stack], project).stdout;
    const result = JSON.parse(output.trim().split("\n").pop()!) as { urn: string; registered: string[]; outputs: { azure: boolean; aws: boolean } };

    assert.equal(result.urn, `urn:pulumi:${stack}::azure-aws-vpn::azureawsvpn:index:Vpn::vpn`);
    assert.deepEqual(result.outputs, { azure: true, aws: true });
    const program = await evaluateMode("static-active-standby");
    assert.deepEqual(result.registered, program.resources.map((r) => `${r.type}::${r.name}`).sort());
  });
});
