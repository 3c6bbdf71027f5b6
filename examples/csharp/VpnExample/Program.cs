// A C# Pulumi program using the azureawsvpn component package (see ../README.md): the repository's
// dev stack as one Vpn (VpnStack) or composed from its parts (ComposedStack, AAV_EXAMPLE_FORM=composed).
using System;
using System.Collections.Generic;
using Pulumi;
using Pulumi.Azureawsvpn;
using Pulumi.Azureawsvpn.Inputs;

return await Deployment.RunAsync(() =>
    Environment.GetEnvironmentVariable("AAV_EXAMPLE_FORM") == "composed" ? ComposedStack.Build() : VpnStack.Build());

public static class VpnStack
{
    public static Dictionary<string, object?> Build()
    {
        var vpn = new Vpn("vpn", new VpnArgs
        {
            AzureLocation = "eastus",
            AwsRegion = "us-east-1",
            VnetAddressSpace = { "172.10.0.0/16" },
            AzureSubnets =
            {
                new VpnAzureSubnetArgs { Name = "subnet-01", Cidr = "172.10.1.0/24" },
            },
            GatewaySubnetCidr = "172.10.0.0/27",
            VpcCidr = "10.10.0.0/16",
            AwsSubnets =
            {
                new VpnAwsSubnetArgs { Name = "subnet-01", Cidr = "10.10.1.0/24", AvailabilityZone = "us-east-1a" },
            },
            Routing = RoutingMode.Static,
            ActiveActive = false,
            GatewaySku = GatewaySku.VpnGw1AZ,
            Ipsec = new VpnIpsecArgs
            {
                Phase2 = new VpnIpsecPhase2Args { PfsGroup = 20 },
            },
            KeyRotation = { { "c1t1", 0 } },
        });

        return new Dictionary<string, object?>
        {
            ["contractVersion"] = vpn.ContractVersion,
            ["routing"] = vpn.Routing,
            ["azure"] = vpn.Azure,
            ["aws"] = vpn.Aws,
            ["tunnels"] = vpn.Tunnels,
        };
    }
}
