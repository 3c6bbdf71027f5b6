/**
 * The component package's name, its components and where its schema lives: what the provider
 * (provider/provider.ts), the schema generator and the package tests share. Light on purpose: it
 * does not load Pulumi's provider runtime (which loads the TypeScript compiler).
 */
import * as path from "node:path";
import type { ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import { AwsSide, AzureSide, TestHosts, TunnelPair, Vpn } from "./components";

export const PACKAGE_NAME = "azureawsvpn";
export const ROOT = path.resolve(__dirname, "..");
export const SCHEMA_FILE = path.join(ROOT, "schema.json");

export const COMPONENTS: Record<string, ComponentResourceConstructor> = { Vpn, AzureSide, AwsSide, TunnelPair, TestHosts };
