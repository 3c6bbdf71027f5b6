/**
 * examples/python, a Python user's program, as a user runs it and as the real engine deploys it:
 * its venv (requirements.txt's pins exactly, the SDK that Pulumi's Python generator writes for
 * `pulumi package add ../..`), its pytest suite under Pulumi's mocks, then `pulumi up` of the
 * example through Pulumi's Python Automation API (an inline program: no Python language host is
 * built here) with the component plugin started as the Node.js host starts it and the fake cloud
 * answering. The fake cloud must then hold the same objects, with the same inputs, as the
 * TypeScript stack program deploys for the dev config on a site of its own: the Python program
 * declares the same stack.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../offline/stackConfig";
import { pulumiCli } from "./cli";
import { startComponentPlugin, type ComponentPlugin } from "./componentPlugin";
import type { FakeCloud } from "./fakeCloud/provider";
import { cliEnv, committedConfig, newSite, removeSite, run, startSiteCloud, worldOf, type Run, type Site } from "./harness";
import { compareWorlds, nameOf, normaliseOutputs, normalisedWorld } from "./sameDeployment";
import {
  deployInline,
  frozen,
  pinnedRequirements,
  PYTHON_EXAMPLE,
  pythonProblem,
  runPytest,
  setUpVenv,
  type InlineDeployment,
} from "./pythonExample";

const problem = pythonProblem();
if (problem !== undefined) process.stdout.write(`# examples/python skipped: ${problem}\n`);

const STACK = "dev";
const MINUTES = 60_000;

describe("examples/python: venv, pytest under mocks, pulumi up through the engine like the TypeScript stack", { skip: problem ?? false }, () => {
  const sites: Site[] = [];
  let python: InlineDeployment | undefined;
  let pythonSite: Site | undefined;
  let typescript: Run | undefined;
  let typescriptSite: Site | undefined;
  after(() => sites.forEach(removeSite));

  before(() => {
    const setup = setUpVenv();
    process.stdout.write(
      `# examples/python venv: ${setup.created ? `created in ${setup.createSeconds.toFixed(1)} s, ` : "reused, "}pip install -r requirements.txt ${setup.installSeconds.toFixed(1)} s; SDK generated in ${setup.sdkSeconds.toFixed(2)} s\n`,
    );
  });

  it("the venv holds exactly requirements.txt's pins, and the generated SDK", () => {
    assert.deepEqual(frozen(), pinnedRequirements());
    const requirements = readFileSync(path.join(PYTHON_EXAMPLE, "requirements.txt"), "utf8").trim().split("\n");
    // What `pulumi package add` appends to a pip project's requirements.txt: the SDK's folder.
    assert.equal(requirements.at(-1), "sdks/azureawsvpn");
  });

  it("pytest passes under Pulumi's mocks", () => {
    const result = runPytest();
    process.stdout.write(`# examples/python pytest: ${result.passed} passed, ${result.failed} failed in ${result.seconds.toFixed(1)} s\n`);
    assert.equal(result.status, 0, result.output);
    assert.ok(result.passed >= 5, result.output);
  });

  it("pulumi up of the Python program (Automation API inline) builds the Vpn through the plugin against the fake cloud", { timeout: 20 * MINUTES }, async () => {
    const site = newSite(STACK, committedConfig(STACK));
    sites.push(site);
    pythonSite = site;
    // A Python user's project: the runtime is python (the inline program serves it; the CLI starts no host).
    const projectFile = path.join(site.root, "project", "Pulumi.yaml");
    writeFileSync(projectFile, readFileSync(projectFile, "utf8").replace("runtime: nodejs", "runtime: python"));
    const project = /^name: (.*)$/m.exec(readFileSync(projectFile, "utf8"))![1]!;
    let cloud: FakeCloud | undefined;
    let plugin: ComponentPlugin | undefined;
    try {
      cloud = await startSiteCloud(site);
      plugin = await startComponentPlugin();
      const env = cliEnv(cloud);
      env["PULUMI_DEBUG_PROVIDERS"] = `${env["PULUMI_DEBUG_PROVIDERS"]},${plugin.debugProvider}`;
      const started = performance.now();
      python = await deployInline({
        workDir: path.join(site.root, "project"),
        project,
        stack: STACK,
        pulumiHome: path.join(site.root, "home"),
        cliRoot: pulumiCli().automationRoot,
        operation: "up",
        env,
        resultFile: path.join(site.root, "python-result.json"),
      });
      const seconds = (performance.now() - started) / 1000;
      const refusals = cloud.world.calls.filter((c) => c.refused).map((c) => c.refused);
      assert.ok(python.ok, `${python.errors.join("\n")}\n${python.stderr}\nplugin: ${plugin.stderr().slice(-4000)}\ncloud refusals: ${refusals.join("; ")}`);
      assert.deepEqual(refusals, []);
      const creates = python.steps.filter((s) => s.op === "create");
      const vpn = creates.find((s) => s.type === "azureawsvpn:index:Vpn");
      assert.ok(vpn, "the engine created the Vpn component");
      assert.equal(nameOf(vpn.urn), "vpn");
      process.stdout.write(`# examples/python: pulumi up ${creates.length} steps (${worldOf(site).created().length} cloud objects) in ${seconds.toFixed(1)} s (the driver: ${python.seconds.toFixed(1)} s)\n`);
    } finally {
      await plugin?.close();
      await cloud?.close();
    }
  });

  it("the fake cloud holds what the TypeScript stack program deploys for dev: the same objects, the same inputs", { timeout: 20 * MINUTES }, async () => {
    assert.ok(python?.ok && pythonSite, "the Python deployment ran");
    const site = newSite(STACK, committedConfig(STACK));
    sites.push(site);
    typescriptSite = site;
    typescript = await run(site, "up");
    assert.ok(typescript.ok, typescript.errors.join("\n"));
    process.stdout.write(`# examples/python: the TypeScript stack program's pulumi up in ${typescript.seconds.toFixed(1)} s\n`);

    const fromPython = normalisedWorld(worldOf(pythonSite).created());
    const fromTypescript = normalisedWorld(worldOf(typescriptSite).created());
    assert.ok(fromTypescript.size > 10);
    const byType: Record<string, number> = {};
    for (const key of fromPython.keys()) byType[key.split(" ")[0]!] = (byType[key.split(" ")[0]!] ?? 0) + 1;
    process.stdout.write(`# examples/python: ${fromPython.size} objects from Python, ${fromTypescript.size} from TypeScript; by type ${JSON.stringify(byType)}\n`);
    compareWorlds(fromPython, fromTypescript, "Python vs TypeScript");
  });

  it("the same components, and the same stack outputs under the contract's names", () => {
    assert.ok(python?.ok && typescript?.ok && pythonSite && typescriptSite, "both deployments ran");
    const components = (steps: { op: string; urn: string; type: string }[]): string[] =>
      steps.filter((s) => s.op === "create" && s.type.startsWith("azureawsvpn:")).map((s) => `${s.type}::${nameOf(s.urn)}`).sort();
    assert.deepEqual(components(python.steps), components(typescript.steps));
    assert.ok(components(python.steps).length >= 5, "Vpn, AzureSide, AwsSide, TunnelPair and TestHosts");
    // The contract's names (examples/verify-outputs.dev.json: the dev stack's outputs), monitoring off.
    const contract = JSON.parse(readFileSync(path.join(REPO_ROOT, "examples", "verify-outputs.dev.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(python.outputs).sort(), Object.keys(contract).sort());
    assert.deepEqual(normaliseOutputs(python.outputs, worldOf(pythonSite).created()), normaliseOutputs(typescript.outputs, worldOf(typescriptSite).created()));
  });
});
