// Loads infra/ the way `pulumi up` does for a TypeScript project (@pulumi/pulumi/cmd/run: its
// vendored ts-node, the project's typescript and tsconfig.json, Pulumi.yaml's `main: infra/`),
// under the offline mocks, with the CLI's config encoding. Prints the exported output names and a
// fingerprint of each key the mocks derived (as tests/helpers.ts fingerprint), one JSON line per stack.
// Usage: node tests/program/entrypoint.cjs <stack>...
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const root = path.resolve(__dirname, "..", "..");
process.chdir(root);
const tsutils = require(path.join(root, "node_modules/@pulumi/pulumi/tsutils.js"));
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  project: "tsconfig.json",
  // tsc --noEmit type-checks in CI; here the point is the loading path, so skip the slow check
  // (PULUMI_NODEJS_TRANSPILE_ONLY=false type-checks as `pulumi up` does by default: the bench).
  transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY !== "false",
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...tsutils.loadTypeScriptCompilerOptions("tsconfig.json") },
});
const pulumi = require("@pulumi/pulumi");
const yaml = require("yaml");
const { OfflineMocks } = require(path.join(root, "offline/mocks.ts"));
const main = yaml.parse(fs.readFileSync("Pulumi.yaml", "utf8")).main;
const programDir = path.resolve(root, main) + path.sep;

/** Loads the program for one stack and prints one JSON line; the next stack loads it afresh. */
function load(stack) {
  const config = yaml.parse(fs.readFileSync(`Pulumi.${stack}.yaml`, "utf8")).config;
  for (const file of Object.keys(require.cache)) if (file.startsWith(programDir)) delete require.cache[file];
  // Each RandomPassword value, by resource name, as a short sha256: the test compares them with the
  // evaluator's (the mock keys must not depend on the process that derives them).
  const mocks = new OfflineMocks();
  const create = mocks.newResource.bind(mocks);
  const keys = {};
  mocks.newResource = async (args) => {
    const created = await create(args);
    if (args.type === "random:index/randomPassword:RandomPassword") keys[args.name] = createHash("sha256").update(created.state.result).digest("hex").slice(0, 16);
    return created;
  };
  return pulumi.runtime.setMocks(mocks, "azure-aws-vpn", stack, false).then(
    () =>
      new Promise((resolve) => {
        pulumi.runtime.setAllConfig(Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])));
        const program = require(path.resolve(root, main));
        pulumi.all([program.contractVersion, program.tunnels]).apply(([version, tunnels]) => {
          console.log(JSON.stringify({ stack, main, exports: Object.keys(program).sort(), contractVersion: version, tunnels: tunnels.map((t) => t.id), keys }));
          resolve();
        });
      }),
  ).then(() => pulumi.runtime.disconnect()); // every registration answered before the next stack's mocks
}

// One process for every stack named (the loading path is the same; the SDK loads once).
const stacks = process.argv.length > 2 ? process.argv.slice(2) : ["dev"];
stacks.reduce((previous, stack) => previous.then(() => load(stack)), Promise.resolve());
