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
