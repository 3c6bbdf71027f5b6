// Lint: typescript-eslint's recommended rules, plus no `any` anywhere in our code, plus the folders'
// layering of docs/architecture.md ("The folders"). Import cycles are tests/unit/import-cycles.test.ts's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const ARCHITECTURE = 'docs/architecture.md, "The folders"';
/** bench/ and scripts/: every folder but tests/, whose harnesses the runner and the bench's probes drive. */
const BELOW_TESTS_AND_HARNESSES = ["infra", "offline", "interop", "policy", "verify", "provider", "bench", "scripts", "tests/harness", "tests/engine/harness.ts"];

/**
 * Which of the repository's folders (or files) each folder's modules may import, its own folder
 * always; npm packages are not limited here. docs/architecture.md's table, row by row.
 */
const LAYERS = {
  infra: { may: [], says: "npm packages only" },
  offline: { may: ["infra", "policy"], says: "infra/ and policy/" },
  interop: { may: ["infra", "offline"], says: "infra/ and offline/" },
  policy: { may: ["infra/types.ts", "infra/props.ts"], says: "infra/types.ts and infra/props.ts only" },
  verify: { may: ["infra"], says: "infra/" },
  provider: { may: ["infra"], says: "infra/" },
  bench: { may: BELOW_TESTS_AND_HARNESSES, says: "anything but tests/, bar the test harnesses (tests/harness/, tests/engine/harness.ts)" },
  scripts: { may: BELOW_TESTS_AND_HARNESSES, says: "anything but tests/, bar the test harnesses (tests/harness/, tests/engine/harness.ts)" },
  examples: { may: ["infra/outputs.ts"], says: "infra/outputs.ts only (the contract a consumer copies)" },
};
/** Modules that import nothing at all, not even a package: policy/ reads them, and they stay leaves. */
const NO_IMPORTS = ["infra/types.ts", "infra/props.ts"];
/** Folder depths to cover: infra/components/x.ts is depth 2, tests/engine/fixtures/x.ts depth 3. */
const DEPTHS = [1, 2, 3, 4];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** A lookahead alternative for a folder (its modules, or its index) or for one file (with or without its extension). */
const allowed = (target) => (target.endsWith(".ts") ? `${escape(target.slice(0, -3))}(?:\\.ts|\\.js)?$` : `${escape(target)}(?:/|$)`);
/** A specifier that climbs from depth `depth` to the repository's root and goes anywhere but `may` (or above the root). */
const leaving = (folder, may, depth) => `^(?:\\./)?(?:\\.\\./){${depth}}(?!(?:${[folder, ...may].map(allowed).join("|")}))`;
/** The same regex as an esquery attribute regex, which ends at its first "/". */
const inSelector = (regex) => regex.replaceAll("/", "\\x2F");

const restrict = (files, regex, message) => ({
  files,
  rules: {
    // Static imports, `import type` and `export ... from`.
    "no-restricted-imports": ["error", { patterns: [{ regex, message }] }],
    // `import()` expressions and `import("...")` types, which the rule above does not see.
    "no-restricted-syntax": [
      "error",
      ...["ImportExpression > Literal.source", "TSImportType Literal"].map((selector) => ({
        selector: `${selector}[value=/${inSelector(regex)}/]`,
        message,
      })),
    ],
  },
});

const layering = [
  ...Object.entries(LAYERS).flatMap(([folder, { may, says }]) =>
    DEPTHS.map((depth) => restrict([`${folder}/${"*/".repeat(depth - 1)}*.ts`], leaving(folder, may, depth), `${folder}/ may import ${says} (${ARCHITECTURE}).`)),
  ),
  restrict(NO_IMPORTS, ".", `${NO_IMPORTS.join(" and ")} import nothing, so policy/ can read them without the program (${ARCHITECTURE}).`),
];

export default tseslint.config(
  { ignores: ["node_modules/**", "out/**", "bin/**", ".build/**", "**/*.js", "**/*.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      // Pulumi resources are often declared for their side effect only.
      "no-new": "off",
    },
  },
  ...layering,
  {
    // CommonJS helper scripts run by plain node (e.g. the Pulumi entry-point emulation).
    files: ["**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
