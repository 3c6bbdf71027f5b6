// Unit tests of the C# program with Pulumi's .NET mocks: no engine, no cloud. The component is a
// remote component (the package's plugin builds its children), so under mocks the Vpn itself is
// what the program registers; these tests pin what the program asks of it.
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Moq;
using Pulumi;
using Pulumi.Testing;
using Xunit;

public class VpnStackTests
{
    private static Mock<IMocks> Mocks()
    {
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) => (args.Name + "_id", (object)args.Inputs));
        mocks.Setup(m => m.CallAsync(It.IsAny<MockCallArgs>()))
            .ReturnsAsync((MockCallArgs args) => (object)args.Args);
        return mocks;
    }

    private class TestStack : Stack
    {
        public TestStack()
        {
            VpnStack.Build();
        }
    }

    private class ComposedTestStack : Stack
    {
        public ComposedTestStack()
        {
            ComposedStack.Build();
        }
    }

    // The composed parts' outputs, as the plugin would answer them: ids the next part takes.
    private static Mock<IMocks> ComposedMocks()
    {
        var mocks = new Mock<IMocks>();
        mocks.Setup(m => m.NewResourceAsync(It.IsAny<MockResourceArgs>()))
            .ReturnsAsync((MockResourceArgs args) =>
            {
                var outputs = args.Inputs.ToBuilder();
                switch (args.Type)
                {
                    case "azureawsvpn:index:AzureSide":
                        outputs["gatewayId"] = "gateway-id";
                        outputs["publicIpAddresses"] = ImmutableArray.Create<object>("198.51.100.7");
                        outputs["ipConfigurationIds"] = ImmutableArray.Create<object>("ipconfig-1");
                        outputs["workloadSubnetIds"] = ImmutableArray.Create<object>("azure-subnet-id");
                        break;
                    case "azureawsvpn:index:AwsSide":
                        outputs["customerGatewayIds"] = ImmutableArray.Create<object>("cgw-1");
                        outputs["vpnGatewayId"] = "vgw-1";
                        outputs["vpcId"] = "vpc-1";
                        outputs["subnetIds"] = ImmutableArray.Create<object>("subnet-1");
                        outputs["routeTableIds"] = ImmutableArray.Create<object>("rtb-1");
                        break;
                }
                return (args.Name + "_id", (object)outputs.ToImmutable());
            });
        return mocks;
    }

    [Fact]
    public async Task ComposesTheSidesAndOnePairWiredByIds()
    {
        var mocks = ComposedMocks();
        var resources = await Deployment.TestAsync<ComposedTestStack>(mocks.Object, new TestOptions { IsPreview = false });

        Assert.Single(resources.OfType<Pulumi.Azureawsvpn.AzureSide>());
        Assert.Single(resources.OfType<Pulumi.Azureawsvpn.AwsSide>());
        Assert.Single(resources.OfType<Pulumi.Azureawsvpn.TunnelPair>());
        // The AWS side's customer gateway is at the Azure gateway's public IP.
        mocks.Verify(m => m.NewResourceAsync(It.Is<MockResourceArgs>(a =>
            a.Type == "azureawsvpn:index:AwsSide"
            && (string)((ImmutableArray<object>)a.Inputs["customerGatewayIps"])[0] == "198.51.100.7")), Times.Once);
        // The pair takes that customer gateway, the virtual private gateway and the Azure gateway.
        mocks.Verify(m => m.NewResourceAsync(It.Is<MockResourceArgs>(a =>
            a.Type == "azureawsvpn:index:TunnelPair"
            && (string)a.Inputs["customerGatewayId"] == "cgw-1"
            && (string)a.Inputs["vpnGatewayId"] == "vgw-1"
            && (string)a.Inputs["azureGatewayId"] == "gateway-id")), Times.Once);
    }

    [Fact]
    public async Task RegistersOneVpnWithTheDocumentsDesign()
    {
        var mocks = Mocks();
        var resources = await Deployment.TestAsync<TestStack>(mocks.Object, new TestOptions { IsPreview = false });

        var vpn = resources.OfType<Pulumi.Azureawsvpn.Vpn>().Single();
        Assert.Equal("vpn", vpn.GetResourceName());
        mocks.Verify(m => m.NewResourceAsync(It.Is<MockResourceArgs>(a =>
            a.Type == "azureawsvpn:index:Vpn"
            && (string)a.Inputs["routing"] == "static"
            && (string)a.Inputs["vpcCidr"] == "10.10.0.0/16"
            && !(bool)a.Inputs["activeActive"])), Times.Once);
    }

    [Fact]
    public async Task PassesTheAzureLocationAndSubnets()
    {
        var mocks = Mocks();
        await Deployment.TestAsync<TestStack>(mocks.Object, new TestOptions { IsPreview = false });
        mocks.Verify(m => m.NewResourceAsync(It.Is<MockResourceArgs>(a =>
            a.Type == "azureawsvpn:index:Vpn" && (string)a.Inputs["azureLocation"] == "eastus"
            && ((ImmutableArray<object>)a.Inputs["azureSubnets"]).Length == 1)), Times.Once);
    }
}
