/**
 * The plugin entry (package.json's main, PulumiPlugin.yaml's program): Pulumi's Node.js language
 * host loads it with @pulumi/pulumi/cmd/run-plugin, which calls the exported function with the
 * engine's address in process.argv. Pulumi.yaml's own program is infra/ and does not load this.
 */
import { main } from "@pulumi/pulumi/provider";
import { AzureAwsVpnProvider } from "./provider";

export = (): Promise<void> => main(new AzureAwsVpnProvider(), process.argv.slice(2));
