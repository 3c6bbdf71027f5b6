/**
 * Loads the Pulumi SDK lean, for the offline commands and the tests (never for `pulumi up`, which
 * loads infra/ through Pulumi's own runtime). Import this module before anything that loads
 * `@pulumi/pulumi`; the first import of it installs a hook on Node's CommonJS loader that:
 *
 * - defers the SDK parts an evaluation under mocks never touches until something uses them:
 *   `@pulumi/pulumi`'s Automation API (execa, js-yaml, ...), the `provider` module, and closure
 *   serialization's `@npmcli/arborist` and `typescript`. `@pulumi/pulumi/index.js` and
 *   `runtime/closure/*` require them eagerly; they are about 60 % of the SDK's load time (measured
 *   2026-12-02: SDK + submodules 1.8-2.5 s CPU -> 1.1-1.6 s). The first property read loads the
 *   real module, so a caller that does use one still gets it, whole.
 * - loads `@pulumi/*` with source maps off: with them on (tsx turns them on) Node reads and parses
 *   the `.js.map` of every SDK file it loads. Our own files keep theirs.
 * - leaves out azure-native's API-version type aliases (see `withoutApiVersionAliases`).
 */
import Module from "node:module";
import * as path from "node:path";
import { API_VERSION_ALIAS_TYPE } from "./evaluation";

type Load = (request: string, parent: NodeJS.Module | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

/** Requests deferred, by the SDK file that makes them (path suffix under node_modules/@pulumi/pulumi/). */
const DEFERRED: Readonly<Record<string, readonly string[]>> = {
  "index.js": ["./automation", "./provider"],
  "runtime/closure/codePaths.js": ["@npmcli/arborist"],
  "runtime/closure/parseFunction.js": ["../../typescript-shim"],
};

const SDK_DIR = "/node_modules/@pulumi/pulumi/";
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

function deferred(request: string, parent: NodeJS.Module | undefined): boolean {
  const file = parent?.filename.replaceAll("\\", "/") ?? "";
  const at = file.lastIndexOf(SDK_DIR);
  if (at < 0) return false;
  return DEFERRED[file.slice(at + SDK_DIR.length)]?.includes(request) ?? false;
}

/**
 * A stand-in that loads the real module on first use. It says `__esModule`, so the SDK's
 * `__importStar` keeps it as it is instead of copying its (not yet loaded) properties.
 */
function onFirstUse(load: () => object): object {
  let real: object | undefined;
  const target = (): object => (real ??= load());
  return new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : Reflect.get(target(), key)),
      has: (_, key) => Reflect.has(target(), key),
      ownKeys: () => Reflect.ownKeys(target()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
    },
  );
}

interface WithAliases {
  aliases?: unknown[];
}

/**
 * Resource options without azure-native's API-version type aliases. Every azure-native resource
 * passes about 60 of them to `pulumi.mergeOptions` (`{ type: "azure-native:network/v20150501preview:Subnet" }`,
 * one per API version the provider ever had), so that the engine can find state recorded under an
 * older versioned type token. The SDK turns each into a URN through several Outputs: they were half
 * an offline evaluation's CPU (measured 2026-12-02, 30 dev/prod evaluations, median of 5: 4.2 s ->
 * 2.4 s). Offline nothing matches old state, and nothing reads them; every other alias (the
 * program's own, a renamed type's) is kept.
 */
export function withoutApiVersionAliases<T>(options: T): T {
  const aliases = (options as WithAliases | undefined)?.aliases;
  if (!Array.isArray(aliases)) return options;
  const kept = aliases.filter((alias) => !(alias !== null && typeof alias === "object" && Object.keys(alias).join() === "type" && API_VERSION_ALIAS_TYPE.test(String((alias as { type: unknown }).type))));
  return kept.length === aliases.length ? options : { ...options, aliases: kept };
}

type MergeOptions = (first: unknown, second: unknown) => unknown;

const installed = Symbol.for("azure-aws-vpn.leanSdk");
const state = globalThis as { [installed]?: true };
if (!state[installed]) {
  state[installed] = true;
  const original = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    if (deferred(request, parent)) return onFirstUse(() => original.call(this, request, parent, isMain) as object);
    const loaded = loadWithoutSourceMaps(() => original.call(this, request, parent, isMain), request, parent);
    return request === "@pulumi/pulumi" ? leanIndex(loaded as Record<string, unknown>) : loaded;
  };
}

/** Loads `@pulumi/*` for our own files with source maps off (see the module comment). */
function loadWithoutSourceMaps(load: () => unknown, request: string, parent: NodeJS.Module | undefined): unknown {
  const sdkFromOutside = request.startsWith("@pulumi/") && !(parent?.filename ?? "").includes(NODE_MODULES);
  if (!sdkFromOutside || !process.sourceMapsEnabled) return load();
  process.setSourceMapsEnabled(false);
  try {
    return load();
  } finally {
    process.setSourceMapsEnabled(true);
  }
}

const patchedIndex = new WeakSet<object>();

/**
 * The SDK's index, whose `mergeOptions` (the one the providers' generated code calls) drops
 * API-version aliases. The index copies its modules' exports into plain properties, so this
 * replaces only what callers of `pulumi.mergeOptions` get; the SDK's own calls are unchanged.
 */
function leanIndex(index: Record<string, unknown>): Record<string, unknown> {
  if (patchedIndex.has(index)) return index;
  patchedIndex.add(index);
  const merge = index["mergeOptions"] as MergeOptions;
  index["mergeOptions"] = (first: unknown, second: unknown) => merge(first, withoutApiVersionAliases(second));
  return index;
}
