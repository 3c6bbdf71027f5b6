// The same VPN as VpnStack, composed from the package's parts as Vpn composes them: the Azure side,
// the AWS side with a customer gateway at the Azure gateway's public IP, then one TunnelPair between
// the two gateways (the AWS tunnels' outside addresses feed the Azure local network gateways and
// connections inside it) and the test hosts. The settings are the repository's dev stack
// (Pulumi.dev.yaml); the topology Vpn would compute for them (`npm run plan` shows it) is written
// out: one Azure gateway instance, one AWS VPN connection (c1) with two tunnels.
using System.Collections.Generic;
using Pulumi;
using Pulumi.Azureawsvpn;
using Pulumi.Azureawsvpn.Inputs;

public static class ComposedStack
{
    public static Dictionary<string, object?> Build()
    {
        var azureSide = new AzureSide("vpn-azure", new AzureSideArgs
        {
            Location = "eastus",
            ResourceGroupName = "rg-azure-aws",
            VnetName = "vnet-azure",
            VnetAddressSpace = { "172.10.0.0/16" },
            WorkloadSubnets = { new NamedCidrArgs { Name = "subnet-01", Cidr = "172.10.1.0/24" } },
            GatewaySubnetCidr = "172.10.0.0/27",
            GatewayName = "vpn-azure-aws",
            PublicIpNames = { "pip-vpn-azure-aws" }, // one instance: active-standby
            PublicIpZones = { "1", "2", "3" },
            GatewaySku = GatewaySku.VpnGw1AZ,
            GatewayGeneration = GatewayGeneration.Generation1,
            // Bgp: none, the routing is static.
        });

        var awsSide = new AwsSide("vpn-aws", new AwsSideArgs
        {
            AwsRegion = "us-east-1",
            VpcName = "vpc-azure-aws",
            VpcCidr = "10.0.0.0/16",
            Subnets = { new AwsSubnetConfigArgs { Name = "subnet-aws-01", Cidr = "10.0.1.0/24", AvailabilityZone = "us-east-1a" } },
            AmazonSideAsn = 64512,
            Attachment = AwsAttachment.VirtualPrivateGateway,
            Routing = RoutingMode.Static,
            AzurePrefixes = { "172.10.0.0/16" },
            // One customer gateway per Azure gateway instance, at that instance's public IP.
            CustomerGatewayIps = { azureSide.PublicIpAddresses.Apply(ips => ips[0]) },
            CustomerGatewayAsn = 65000,
        });

        var pair = new TunnelPair("vpn-tunnels-c1", new TunnelPairArgs
        {
            AwsRegion = "us-east-1",
            Connection = new TunnelPairConnectionArgs
            {
                Number = 1,
                AzureInstance = 0,
                Tunnels =
                {
                    new TunnelPairTunnelArgs
                    {
                        Id = "c1t1", Index = 0, TunnelNumber = 1, AzureInstance = 0,
                        InsideCidr = "169.254.21.0/30", AwsInsideAddress = "169.254.21.1", AzureInsideAddress = "169.254.21.2",
                        LocalNetworkGatewayName = "lng-azure-aws", ConnectionName = "cn-azure-aws",
                    },
                    new TunnelPairTunnelArgs
                    {
                        Id = "c1t2", Index = 1, TunnelNumber = 2, AzureInstance = 0,
                        InsideCidr = "169.254.22.0/30", AwsInsideAddress = "169.254.22.1", AzureInsideAddress = "169.254.22.2",
                        LocalNetworkGatewayName = "lng-azure-aws-standby", ConnectionName = "cn-azure-aws-standby",
                    },
                },
            },
            CustomerGatewayId = awsSide.CustomerGatewayIds.Apply(ids => ids[0]),
            VpnGatewayId = awsSide.VpnGatewayId,
            Attachment = AwsAttachment.VirtualPrivateGateway,
            TunnelBandwidth = TunnelBandwidth.Standard,
            Routing = RoutingMode.Static,
            AzurePrefixes = { "172.10.0.0/16" },
            AwsPrefixes = { "10.0.0.0/16" },
            // Vpn's default IPsec/IKE profile (README, "IPsec profile") written out: Ipsec takes
            // overrides of that profile, so any of these may be left out, or Ipsec altogether.
            Ipsec = new VpnIpsecArgs
            {
                IkeVersion = IkeVersion.Ikev2,
                Phase1 = new VpnIpsecPhase1Args { Encryption = Encryption.Aes256, Integrity = Integrity.Sha2384, DhGroup = 20, LifetimeSeconds = 28800 },
                Phase2 = new VpnIpsecPhase2Args { Encryption = Encryption.Aes256Gcm16, Integrity = Integrity.Sha2256, PfsGroup = 20, LifetimeSeconds = 3600 },
                DpdTimeoutSeconds = 45,
                DpdTimeoutAction = DpdTimeoutAction.Restart,
                StartupAction = StartupAction.Start,
                AzureConnectionMode = AzureConnectionMode.Default,
                UsePolicyBasedTrafficSelectors = false,
            },
            AwsAsn = 64512,
            Location = "eastus",
            ResourceGroupName = azureSide.ResourceGroupName,
            AzureGatewayId = azureSide.GatewayId,
            // AzureIpConfigurationIds and ApipaByInstance: BGP only (AzureSide's ipConfigurationIds and bgp).
            KeyRotation = { 0, 0 }, // no key rotated yet: tunnel 1, tunnel 2
        });

        var hosts = new TestHosts("vpn-test", new TestHostsArgs
        {
            AwsRegion = "us-east-1",
            Location = "eastus",
            ResourceGroupName = azureSide.ResourceGroupName,
            AzureSubnetId = azureSide.WorkloadSubnetIds.Apply(ids => ids[0]),
            AzurePrefixes = { "172.10.0.0/16" },
            VpcId = awsSide.VpcId,
            AwsPrefixes = { "10.0.0.0/16" },
            AwsSubnetId = awsSide.SubnetIds.Apply(ids => ids[0]),
            AwsRouteTableId = awsSide.RouteTableIds.Apply(ids => ids[0]),
            AdminCidr = "203.0.113.10/32",
            SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICx4L2j3KUhRrNaPWZNW8tFR5WFtgYIeTfcAsa7Y7YFf dev@example",
            NamePrefix = "vpc-azure-aws",
        });

        // The stack outputs: one per part, holding what a consumer reads from that part.
        return new Dictionary<string, object?>
        {
            ["azureSide"] = new Dictionary<string, object?> { ["gatewayId"] = azureSide.GatewayId, ["publicIpAddresses"] = azureSide.PublicIpAddresses },
            ["awsSide"] = new Dictionary<string, object?> { ["vpcId"] = awsSide.VpcId, ["gatewayId"] = awsSide.GatewayId },
            ["tunnelPair"] = new Dictionary<string, object?> { ["vpnConnectionId"] = pair.VpnConnectionId, ["tunnels"] = pair.Tunnels },
            ["testHosts"] = new Dictionary<string, object?> { ["awsPrivateIp"] = hosts.AwsPrivateIp, ["azurePrivateIp"] = hosts.AzurePrivateIp },
        };
    }
}
