/**
 * The release (docs/versioning.md): the shape of .github/workflows/release.yml, its shell steps
 * run for real on fixtures (the version input's check, the version and changelog check that also
 * writes the release notes), and the release metadata of the working tree: package.json,
 * package-lock.json and schema.json carry one version, CHANGELOG.md has a section for it, and the
 * npm tarball ships no tests, workflows or stack files.
 *
 * The generic workflow rules (least permissions, secrets, documented action inputs, pinning) are
 * in structure.test.ts; actionlint.test.ts lints every file of .github/workflows, this one too.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

const ROOT = path.resolve(__dirname, "../..");
const WORKFLOWS_DIR = path.join(ROOT, ".github/workflows");

type Json = Record<string, unknown>;

function obj(value: unknown, what: string): Json {
  assert.ok(value !== null && typeof value === "object" && !Array.isArray(value), `${what} should be a mapping, got ${JSON.stringify(value)}`);
  return value as Json;
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with: Json;
  env: Json;
  id?: string;
}

interface Job {
  raw: Json;
  steps: Step[];
}

function readWorkflow(file: string): { source: string; raw: Json; jobs: Record<string, Job> } {
  const source = readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
  const raw = obj(parse(source), file);
  const jobs: Record<string, Job> = {};
  for (const [id, value] of Object.entries(obj(raw["jobs"], `${file} jobs`))) {
    const job = obj(value, `${file} ${id}`);
    assert.ok(Array.isArray(job["steps"]), `${file} ${id}: steps`);
    const steps = (job["steps"] as unknown[]).map((s, i): Step => {
      const step = obj(s, `${file} ${id} step ${i}`);
      const text = (key: string): string | undefined => (typeof step[key] === "string" ? step[key] : undefined);
      return {
        name: text("name"),
        uses: text("uses"),
        run: text("run"),
        id: text("id"),
        with: step["with"] === undefined ? {} : obj(step["with"], `${file} ${id} step ${i} with`),
        env: step["env"] === undefined ? {} : obj(step["env"], `${file} ${id} step ${i} env`),
      };
    });
    jobs[id] = { raw: job, steps };
  }
  return { source, raw, jobs };
}

const actionOf = (step: Step): string | undefined => step.uses?.split("@")[0]?.toLowerCase();
/** A step as a short label: the action it uses, or its script. */
const label = (step: Step): string => actionOf(step) ?? step.run ?? "";

const release = readWorkflow("release.yml");
const check = release.jobs["check"];
const publish = release.jobs["release"];

/** Index of the first step of `job` whose script matches `pattern` (-1 when none does). */
function runIndex(job: Job, pattern: RegExp): number {
  return job.steps.findIndex((s) => s.run !== undefined && pattern.test(s.run));
}

/** The one step of `job` whose script matches `pattern`. */
function runStep(job: Job, pattern: RegExp): Step {
  const found = job.steps.filter((s) => s.run !== undefined && pattern.test(s.run));
  assert.equal(found.length, 1, `one step matching ${pattern}, found ${found.length}`);
  return found[0]!;
}

/** Runs a step's script with bash in `cwd`, VERSION set, `node` on PATH (the workflow's setup-node). */
function runScript(script: string, cwd: string, version: string): { status: number | null; out: string } {
  const env = { ...process.env, VERSION: version, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env["PATH"] ?? ""}` };
  const result = spawnSync("bash", ["-e", "-c", script], { cwd, env, encoding: "utf8" });
  if (result.error) throw result.error;
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

const readJson = (file: string): Json => obj(JSON.parse(readFileSync(path.join(ROOT, file), "utf8")), file);
const PACKAGE = readJson("package.json");
const VERSION = String(PACKAGE["version"]);
const CHANGELOG = readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");

// ---- the workflow ----------------------------------------------------------------------------------

describe("release.yml", () => {
  it("has the jobs check and release, release after check", () => {
    assert.ok(check && publish, "jobs check and release");
    assert.deepEqual(Object.keys(release.jobs), ["check", "release"]);
    assert.equal(publish.raw["needs"], "check");
  });

  it("is started by hand only, with a required string input `version`", () => {
    const on = obj(release.raw["on"], "on");
    assert.deepEqual(Object.keys(on), ["workflow_dispatch"]);
    const inputs = obj(obj(on["workflow_dispatch"], "workflow_dispatch")["inputs"], "inputs");
    assert.deepEqual(Object.keys(inputs), ["version"]);
    const version = obj(inputs["version"], "inputs.version");
    assert.equal(version["required"], true);
    assert.equal(version["type"], "string");
  });

  it("releases from main only, one release at a time, never cancelling a running one", () => {
    assert.equal(check!.raw["if"], "github.ref == 'refs/heads/main'");
    const concurrency = obj(release.raw["concurrency"], "concurrency");
    assert.equal(concurrency["group"], "release");
    assert.equal(concurrency["cancel-in-progress"], false);
  });

  it("passes the input to scripts through env only (no expression inside run:)", () => {
    for (const [id, job] of Object.entries(release.jobs)) {
      assert.equal(obj(job.raw["env"], `${id} env`)["VERSION"], "${{ inputs.version }}", `${id}: VERSION from the input`);
      for (const step of job.steps) assert.ok(!(step.run ?? "").includes("${{"), `${id}: no \${{ }} in run: ${step.run ?? ""}`);
    }
  });

  it("grants least permissions: check reads, release writes contents (tag, release) and id-token (provenance)", () => {
    assert.deepEqual(release.raw["permissions"], { contents: "read" });
    assert.deepEqual(check!.raw["permissions"], { contents: "read" });
    assert.deepEqual(publish!.raw["permissions"], { contents: "write", "id-token": "write" });
  });

  it("check: validates the input, checks out, sets up Node, checks the versions, then npm ci, typecheck, lint, test, build, and uploads bin/", () => {
    assert.deepEqual(check!.steps.map(label).map((l) => (l.includes("\n") ? "<script>" : l)), [
      "<script>",
      "actions/checkout",
      "actions/setup-node",
      "<script>",
      "npm ci",
      "npm run typecheck",
      "npm run lint",
      "npm test",
      "npm run build",
      "actions/upload-artifact",
    ]);
    assert.ok(check!.steps[0]!.run!.includes('[[ "$VERSION" =~'), "the first step validates the version input");
    assert.match(check!.steps[3]!.run!, /"package\.json", "package-lock\.json", "schema\.json"/, "the fourth step checks the versions");
    assert.equal(check!.steps[1]!.with["persist-credentials"], false, "the job that runs dependencies' code keeps no git credentials");
    const upload = check!.steps[9]!;
    assert.deepEqual(String(upload.with["path"]).trim().split("\n"), ["bin/", "release-notes.md"]);
    assert.equal(upload.with["if-no-files-found"], "error");
  });

  it("sets up Node as the other workflows do", () => {
    const nodeOf = (job: Job): Json => job.steps.find((s) => actionOf(s) === "actions/setup-node")!.with;
    const preview = readWorkflow("preview.yml").jobs["preview"]!;
    assert.equal(nodeOf(check!)["node-version"], nodeOf(preview)["node-version"]);
    assert.equal(nodeOf(check!)["cache"], "npm");
    assert.equal(nodeOf(publish!)["node-version"], nodeOf(preview)["node-version"]);
    assert.equal(nodeOf(publish!)["registry-url"], "https://registry.npmjs.org", "setup-node writes the .npmrc that reads NODE_AUTH_TOKEN");
  });

  it("pins actions as the other workflows do (the same major tags)", () => {
    const others = ["preview.yml", "deploy.yml", "drift.yml"].flatMap((f) => Object.values(readWorkflow(f).jobs).flatMap((j) => j.steps));
    for (const step of Object.values(release.jobs).flatMap((j) => j.steps)) {
      if (step.uses === undefined) continue;
      assert.match(step.uses, /^[\w.-]+\/[\w./-]+@v\d+$/);
      const elsewhere = others.filter((s) => actionOf(s) === actionOf(step)).map((s) => s.uses);
      assert.ok(elsewhere.length > 0, `${step.uses} is used by another workflow too`);
      for (const uses of elsewhere) assert.equal(step.uses, uses, `same pin as the other workflows`);
    }
  });

  it("release: runs no npm install or project code with write permissions, and takes check's build", () => {
    for (const step of publish!.steps) {
      assert.ok(!/\bnpm (ci|install|test|run)\b/.test(step.run ?? ""), `release job runs: ${step.run ?? ""}`);
    }
    const download = publish!.steps.find((s) => actionOf(s) === "actions/download-artifact");
    const upload = check!.steps.find((s) => actionOf(s) === "actions/upload-artifact");
    assert.ok(download && upload);
    assert.equal(download.with["name"], upload.with["name"]);
    assert.equal(download.with["path"], ".", "bin/ and release-notes.md land where check built them");
  });

  it("release: commit with bin/ force-added, tag, push the tag only, npm publish with provenance, GitHub release, in that order", () => {
    const steps = publish!.steps;
    assert.deepEqual(steps.slice(0, 3).map(label), ["actions/checkout", "actions/setup-node", "actions/download-artifact"]);
    const commitAt = runIndex(publish!, /git commit/);
    const pushAt = runIndex(publish!, /git push/);
    const packAt = runIndex(publish!, /npm pack/);
    const publishAt = runIndex(publish!, /npm publish/);
    const releaseAt = runIndex(publish!, /gh release create/);
    assert.ok(commitAt > 2 && commitAt < pushAt && pushAt < packAt && packAt < publishAt && publishAt < releaseAt, `order: ${[commitAt, pushAt, packAt, publishAt, releaseAt].join(", ")}`);
    assert.equal(releaseAt, steps.length - 1);

    const commit = steps[commitAt]!.run!;
    assert.match(commit, /^\s*git add -f bin\/$/m, "bin/ is git-ignored on main: force-added");
    assert.ok(commit.indexOf("git add -f bin/") < commit.indexOf("git commit") && commit.indexOf("git commit") < commit.indexOf('git tag -a "v$VERSION"'));
    assert.match(commit, /git ls-remote --exit-code --tags origin "refs\/tags\/v\$VERSION"/, "an existing tag stops the release");
    assert.match(commit, /npm pkg delete private/);
    assert.match(commit, /repository\.url=git\+\$GITHUB_SERVER_URL\/\$GITHUB_REPOSITORY\.git/);

    const pushes = steps.flatMap((s) => [...(s.run ?? "").matchAll(/git push.*/g)].map((m) => m[0]));
    assert.deepEqual(pushes, ['git push origin "refs/tags/v$VERSION"'], "the tag is pushed, no branch");

    const npmPublish = steps[publishAt]!;
    assert.match(npmPublish.run!, /^npm publish "\.\/\$TARBALL" --provenance --access public$/);
    assert.equal(npmPublish.env["NODE_AUTH_TOKEN"], "${{ secrets.NPM_TOKEN }}");
    assert.equal(npmPublish.env["TARBALL"], "${{ steps.pack.outputs.tarball }}");
    assert.equal(steps[packAt]!.id, "pack");

    const ghRelease = steps[releaseAt]!;
    assert.match(ghRelease.run!, /gh release create "v\$VERSION" --verify-tag .*--notes-file release-notes\.md schema\.json "\$TARBALL"$/);
    assert.equal(ghRelease.env["GH_TOKEN"], "${{ github.token }}");
    assert.equal(ghRelease.env["TARBALL"], npmPublish.env["TARBALL"], "the GitHub release attaches the tarball npm got");
  });

  it("is linted by actionlint.test.ts, which lints every file in .github/workflows", () => {
    const source = readFileSync(path.join(__dirname, "actionlint.test.ts"), "utf8");
    assert.match(source, /readdirSync\(WORKFLOWS_DIR\)/);
    assert.match(source, /for \(const file of workflowFiles\(\)\)/);
    assert.match(source, /"release\.yml"\]/, "its list of the workflows it finds names release.yml");
  });
});

// ---- the workflow's scripts, run -------------------------------------------------------------------

describe("release.yml's scripts", () => {
  const validate = check!.steps[0]!.run!;
  const versions = runStep(check!, /release-notes\.md/).run!;

  it("the version input: X.Y.Z accepted; a leading v, two parts, leading zeros, pre-releases and shell text refused", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "release-input-"));
    try {
      for (const good of ["0.1.0", "1.0.0", "10.20.30"]) assert.equal(runScript(validate, dir, good).status, 0, good);
      for (const bad of ["v0.1.0", "0.1", "01.0.0", "1.0.0-rc.1", "", "1.0.0\n2.0.0", "0.1.0; echo x"]) {
        const { status, out } = runScript(validate, dir, bad);
        assert.equal(status, 1, JSON.stringify(bad));
        assert.match(out, /::error::version input .* is not X\.Y\.Z/s);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A tree with the four files the version check reads. */
  function fixture(versions: { pkg: string; lock: string; schema: string }, changelog: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "release-versions-"));
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "azure-aws-vpn", version: versions.pkg }));
    writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify({ name: "azure-aws-vpn", version: versions.lock }));
    writeFileSync(path.join(dir, "schema.json"), JSON.stringify({ name: "azureawsvpn", version: versions.schema }));
    writeFileSync(path.join(dir, "CHANGELOG.md"), changelog);
    return dir;
  }
  const log = "# Changelog\n\n## [Unreleased]\n\n- next\n\n## [1.2.0] - 2027-01-02\n\n### Added\n\n- new output\n\n## [1.1.0] - 2026-12-24\n\n- old\n";

  it("versions: equal versions and a changelog section pass, and the notes are that section", () => {
    const dir = fixture({ pkg: "1.2.0", lock: "1.2.0", schema: "1.2.0" }, log);
    try {
      const { status, out } = runScript(versions, dir, "1.2.0");
      assert.equal(status, 0, out);
      assert.equal(readFileSync(path.join(dir, "release-notes.md"), "utf8"), "\n### Added\n\n- new output\n\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("versions: a file with another version, or no changelog section, fails with a message naming it", () => {
    const cases: [string, { pkg: string; lock: string; schema: string }, string, string, RegExp[]][] = [
      ["schema.json behind", { pkg: "1.2.0", lock: "1.2.0", schema: "1.1.0" }, log, "1.2.0", [/file=schema\.json::schema\.json has version 1\.1\.0, the release input is 1\.2\.0/]],
      ["input not in package.json", { pkg: "1.1.0", lock: "1.1.0", schema: "1.1.0" }, log, "1.2.0", [/package\.json has version 1\.1\.0/, /package-lock\.json has version 1\.1\.0/, /schema\.json has version 1\.1\.0/]],
      ["no changelog section", { pkg: "1.3.0", lock: "1.3.0", schema: "1.3.0" }, log, "1.3.0", [/CHANGELOG\.md has no section '## \[1\.3\.0\]'/]],
      ["a prefix is not the section", { pkg: "1.2.0", lock: "1.2.0", schema: "1.2.0" }, log.replace("## [1.2.0]", "## [11.2.0]"), "1.2.0", [/has no section/]],
    ];
    for (const [what, v, changelog, input, messages] of cases) {
      const dir = fixture(v, changelog);
      try {
        const { status, out } = runScript(versions, dir, input);
        assert.equal(status, 1, `${what}: ${out}`);
        for (const message of messages) assert.match(out, message, what);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("versions: a file node cannot read stops the check", () => {
    const dir = fixture({ pkg: "1.2.0", lock: "1.2.0", schema: "1.2.0" }, log);
    try {
      writeFileSync(path.join(dir, "schema.json"), "{ not json");
      const { status, out } = runScript(versions, dir, "1.2.0");
      assert.notEqual(status, 0, out);
      assert.match(out, /schema\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("versions: this working tree passes for package.json's version", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "release-tree-"));
    try {
      for (const file of ["package.json", "package-lock.json", "schema.json", "CHANGELOG.md"]) writeFileSync(path.join(dir, file), readFileSync(path.join(ROOT, file)));
      const { status, out } = runScript(versions, dir, VERSION);
      assert.equal(status, 0, out);
      assert.match(readFileSync(path.join(dir, "release-notes.md"), "utf8"), /\S/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ---- release metadata of the working tree ----------------------------------------------------------

describe("release metadata", () => {
  it("package.json's version is semver X.Y.Z; package-lock.json and schema.json have the same", () => {
    assert.match(VERSION, /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/);
    const lock = readJson("package-lock.json");
    assert.equal(lock["version"], VERSION, "package-lock.json version (npm version --no-git-tag-version X.Y.Z sets both)");
    assert.equal(obj(obj(lock["packages"], "packages")[""], 'packages[""]')["version"], VERSION);
    const schema = readJson("schema.json");
    assert.equal(schema["name"], "azureawsvpn");
    assert.equal(schema["version"], VERSION, "schema.json version (npm run schema copies package.json's)");
  });

  it("CHANGELOG.md: Unreleased first, then a dated section per version, newest first, one of them package.json's version", () => {
    const headings = [...CHANGELOG.matchAll(/^## (.*)$/gm)].map((m) => m[1]!);
    assert.equal(headings[0], "[Unreleased]");
    const versions = headings.slice(1).map((h) => {
      const m = /^\[(\d+)\.(\d+)\.(\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(h);
      assert.ok(m, `heading "## ${h}" is "## [X.Y.Z] - YYYY-MM-DD"`);
      return [Number(m[1]), Number(m[2]), Number(m[3])] as const;
    });
    assert.ok(versions.some((v) => v.join(".") === VERSION), `CHANGELOG.md has a section for ${VERSION}`);
    for (let i = 1; i < versions.length; i++) {
      const [a, b] = [versions[i - 1]!, versions[i]!];
      const newer = a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2];
      assert.ok(newer, `${a.join(".")} is listed above ${b.join(".")}`);
    }
  });

  it("the npm tarball ships the package only: package.json's files lists no tests, workflows, sources or stack files", () => {
    // npm adds package.json, README and LICENSE itself; tests/plugin/tarball.test.ts (npm run
    // test:plugin) lists a real tarball's files.
    assert.deepEqual(PACKAGE["files"], ["bin/", "schema.json", "PulumiPlugin.yaml", "README.md"]);
    assert.ok(!existsSync(path.join(ROOT, ".npmignore")), "no .npmignore: files decides");
  });
});
