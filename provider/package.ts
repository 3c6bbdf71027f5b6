/**
 * The component package's name, its components and where its schema lives: what the provider
 * (provider/provider.ts), the schema generator and the package tests share. Light on purpose: it
 * does not load Pulumi's provider runtime (which loads the TypeScript compiler).
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { AwsSide, AzureSide, TestHosts, TunnelPair, Vpn } from "./components";

export const PACKAGE_NAME = "azureawsvpn";
/**
 * The package's folder (where PulumiPlugin.yaml, package.json and schema.json are): one level up
 * from provider/*.ts, two from the compiled bin/provider/*.js.
 */
export const ROOT = packageRoot(__dirname);

export const SCHEMA_FILE = path.join(ROOT, "schema.json");

export const COMPONENTS: Record<string, ComponentResourceConstructor> = { Vpn, AzureSide, AwsSide, TunnelPair, TestHosts };

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "PulumiPlugin.yaml"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no PulumiPlugin.yaml in ${from} or any folder above it`);
  }
}
