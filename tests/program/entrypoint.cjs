// Loads infra/ the way `pulumi up` does for a TypeScript project (@pulumi/pulumi/cmd/run: its
// vendored ts-node, the project's typescript and tsconfig.json, Pulumi.yaml's `main: infra/`),
// under the offline mocks, with the CLI's config encoding. Prints the exported output names.
// Usage: node tests/program/entrypoint.cjs <stack>
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..", "..");
process.chdir(root);
const tsutils = require(path.join(root, "node_modules/@pulumi/pulumi/tsutils.js"));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  project: "tsconfig.json",
  // tsc --noEmit type-checks in CI; here the point is the loading path, so skip the slow check.
  transpileOnly: true,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json") },
});
const pulumi = require("@pulumi/pulumi");
const yaml = require("yaml");
const { OfflineMocks } = require(path.join(root, "offline/mocks.ts"));
const stack = process.argv[2] ?? "dev";
const main = yaml.parse(fs.readFileSync("Pulumi.yaml", "utf8")).main;
const config = yaml.parse(fs.readFileSync(`Pulumi.${stack}.yaml`, "utf8")).config;
pulumi.runtime.setMocks(new OfflineMocks(), "azure-aws-vpn", stack, false).then(() => {
  pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
  const program = require(path.resolve(root, main));
  pulumi.all([program.contractVersion, program.tunnels]).apply(([version, tunnels]) => {
    console.log(JSON.stringify({ main, exports: Object.keys(program).sort(), contractVersion: version, tunnels: tunnels.map((t) => t.id) }));
  });
});
