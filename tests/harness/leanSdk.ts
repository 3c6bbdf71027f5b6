/**
 * Loads the Pulumi SDK lean, for the tests only: each `npm test` shard and its evaluation worker
 * import it first (scripts/test.ts, tests/harness/workerMain.ts); the plan and `pulumi up` load the
 * SDK as it is. Import this module before anything that loads `@pulumi/pulumi`; the first import
 * of it installs a hook on Node's CommonJS loader (unless AZURE_AWS_VPN_LEAN_SDK=off) that:
 *
 * - defers the SDK parts an evaluation under mocks never touches until something uses them:
 *   `@pulumi/pulumi`'s Automation API (execa, js-yaml, ...), the `provider` module, and closure
 *   serialization's `@npmcli/arborist` and `typescript`. `@pulumi/pulumi/index.js` and
 *   `runtime/closure/*` require them eagerly; they are about 60 % of the SDK's load time (measured
 *   2026-12-02: SDK + submodules 1.8-2.5 s CPU -> 1.1-1.6 s). The first property read loads the
 *   real module, so a caller that does use one still gets it, whole.
 * - loads `@pulumi/*` with source maps off: with them on (tsx turns them on) Node reads and parses
 *   the `.js.map` of every SDK file it loads. Our own files keep theirs.
 *
 * It relies on the SDK's internal file paths (DEFERRED): tests/harness/lean-sdk.test.ts fails when
 * an SDK update moves them. (Leaving out azure-native's API-version aliases is the evaluator's, for
 * the plan too: offline/apiVersionAliases.ts.)
 */
import Module from "node:module";
import * as path from "node:path";
import { LEAN_SDK_SWITCH, switchedOff } from "./protocol";

type Load = (request: string, parent: NodeJS.Module | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

/** Requests deferred, by the SDK file that makes them (path suffix under node_modules/@pulumi/pulumi/). */
export const DEFERRED: Readonly<Record<string, readonly string[]>> = {
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

const installed = Symbol.for("azure-aws-vpn.leanSdk");
const state = globalThis as { [installed]?: true };
/** Whether this process loads the SDK lean (the hook is installed). */
export const leanSdkInstalled = (): boolean => state[installed] === true;
if (!state[installed] && !switchedOff(LEAN_SDK_SWITCH)) {
  state[installed] = true;
  const original = loader._load;
  loader._load = function (this: unknown, request, parent, isMain) {
    if (deferred(request, parent)) return onFirstUse(() => original.call(this, request, parent, isMain) as object);
    return loadWithoutSourceMaps(() => original.call(this, request, parent, isMain), request, parent);
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
