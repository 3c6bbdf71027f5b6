/**
 * The plugin entry (package.json's main, compiled to bin/provider/index.js by `npm run build`):
 * Pulumi's Node.js language host loads the package folder with @pulumi/pulumi/cmd/run-plugin,
 * which requires main and calls the exported function with the engine's address in
 * process.argv. JavaScript, so nothing is compiled at start whichever directory the CLI starts
 * it in. Library users import provider/library.ts instead (package.json's exports). Pulumi.yaml's
 * own program is infra/ and does not load this.
 */
import { main } from "@pulumi/pulumi/provider";
import { AzureAwsVpnProvider } from "./provider";

export = (): Promise<void> => main(new AzureAwsVpnProvider(), process.argv.slice(2));
