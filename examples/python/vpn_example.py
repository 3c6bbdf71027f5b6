"""The repository's dev stack as a Python program: one azureawsvpn.Vpn.

Every arg is a key of the repository's Pulumi.dev.yaml under the Vpn arg of the same name
(snake_case here; azure-native:location is azure_location, aws:region is aws_region), so this
program deploys what `pulumi up` deploys for the TypeScript stack `dev`. The stack outputs are the
outputs contract under the names the TypeScript program exports (contractVersion, routing, azure,
aws, tunnels, testHosts; monitoring is off), which `npm run verify` reads.
"""
import pulumi
import pulumi_azureawsvpn as azureawsvpn

# The Vpn's name: every child's name starts with it ("vpn-azure-gateway", "vpn-aws-vpc", ...).
VPN_NAME = "vpn"


def deploy() -> azureawsvpn.Vpn:
    """Declares the Vpn and exports its outputs."""
    vpn = azureawsvpn.Vpn(
        VPN_NAME,
        azureawsvpn.VpnArgs(
            azure_location="eastus",
            aws_region="us-east-1",
            resource_group_name="rg-azure-aws",
            vnet_name="vnet-azure",
            # 172.10.0.0/16 is public address space (the reference document's choice).
            vnet_address_space=["172.10.0.0/16"],
            azure_subnets=[azureawsvpn.VpnAzureSubnetArgs(name="subnet-01", cidr="172.10.1.0/24")],
            gateway_subnet_cidr="172.10.0.0/27",
            gateway_name="vpn-azure-aws",
            public_ip_name="pip-vpn-azure-aws",
            gateway_sku=azureawsvpn.GatewaySku.VPN_GW1_AZ,
            gateway_generation=azureawsvpn.GatewayGeneration.GENERATION1,
            vpc_name="vpc-azure-aws",
            vpc_cidr="10.0.0.0/16",
            aws_subnets=[
                # t3.micro (the AWS test host) is not offered in every us-east-1 zone.
                azureawsvpn.VpnAwsSubnetArgs(name="subnet-aws-01", cidr="10.0.1.0/24", availability_zone="us-east-1a"),
            ],
            routing=azureawsvpn.RoutingMode.STATIC,
            active_active=False,
            test_vms=True,
            # Documentation range and an example key: replace both with yours before a real `pulumi up`.
            admin_cidr="203.0.113.10/32",
            ssh_public_key="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICx4L2j3KUhRrNaPWZNW8tFR5WFtgYIeTfcAsa7Y7YFf dev@example",
        ),
    )
    for name, value in contract_outputs(vpn).items():
        pulumi.export(name, value)
    return vpn


def contract_outputs(vpn: azureawsvpn.Vpn) -> dict:
    """The outputs contract: the Vpn's outputs under the names the TypeScript program exports."""
    return {
        "contractVersion": vpn.contract_version,
        "routing": vpn.routing,
        "azure": vpn.azure,
        "aws": vpn.aws,
        "tunnels": vpn.tunnels,
        "testHosts": vpn.test_hosts,
    }
