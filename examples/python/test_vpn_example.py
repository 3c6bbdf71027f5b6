"""vpn_example under Pulumi's mocks (pytest): what the program asks Pulumi to build, offline.

The documented pattern: set the mocks first, then import the program and run it, then assert on
what the mocks saw and on the resources' outputs with @pulumi.runtime.test. Under mocks the Vpn is
a remote component: the mocks see its registration (type token, name, args) and answer its
outputs; its children are the package plugin's work, which the repository's engine test
(tests/engine/examples-python.test.ts) deploys for real against its fake cloud.

The expected args are read from the repository's Pulumi.dev.yaml (two folders up), each key
mapped to the Vpn arg of the same name: the example must stay the dev stack. The mocks answer the
Vpn's outputs with examples/verify-outputs.dev.json, the dev stack's outputs as the CLI prints
them.
"""
import json
import re
from pathlib import Path

import pulumi
import pulumi_azureawsvpn as azureawsvpn
import yaml

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
VPN_TYPE = "azureawsvpn:index:Vpn"
# The dev stack's outputs (the outputs contract), as the mocks' answer for the Vpn's outputs.
CONTRACT = json.loads((REPOSITORY / "examples" / "verify-outputs.dev.json").read_text(encoding="utf-8"))


def dev_settings() -> dict:
    """The repository's Pulumi.dev.yaml as Vpn args (the schema's camelCase names, as the mocks see them)."""
    config = yaml.safe_load((REPOSITORY / "Pulumi.dev.yaml").read_text(encoding="utf-8"))["config"]
    renamed = {"azure-native:location": "azureLocation", "aws:region": "awsRegion"}
    args = {}
    for key, value in config.items():
        if key in renamed:
            args[renamed[key]] = value
        else:
            namespace, name = key.split(":", 1)
            assert namespace == "azure-aws-vpn", f"unexpected config key {key}"
            args[name] = value
    return args


class VpnMocks(pulumi.runtime.Mocks):
    """Records every registration; answers the Vpn with the outputs contract, anything else with its inputs."""

    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.registered.append(args)
        if args.typ == VPN_TYPE:
            return ["", CONTRACT]
        return [f"{args.name}-id", args.inputs]

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


MOCKS = VpnMocks()
pulumi.runtime.set_mocks(MOCKS, project="vpn-example-python", stack="dev", preview=False)

# Imported after set_mocks, as Pulumi's testing guide does: the program runs against the mocks.
import vpn_example  # noqa: E402

VPN = vpn_example.deploy()


def after_registration(check):
    """Runs check once the Vpn is registered (registrations are asynchronous: its URN resolves then)."""
    return VPN.urn.apply(lambda _urn: check([r for r in MOCKS.registered if r.typ == VPN_TYPE]))


@pulumi.runtime.test
def test_one_vpn_component_named_vpn():
    """One Vpn, a remote component (not a custom resource), named as the TypeScript stack names it."""

    def check(vpns):
        assert len(vpns) == 1
        assert vpns[0].name == "vpn"
        assert vpns[0].custom is False
        # Nothing else: its children are the plugin's, not the program's.
        assert [r.typ for r in MOCKS.registered] == [VPN_TYPE]

    return after_registration(check)


@pulumi.runtime.test
def test_vpn_args_are_the_dev_stack():
    """Every arg the mocks saw, by the schema's names: exactly the dev stack's settings."""

    def check(vpns):
        seen = {key: value for key, value in vpns[0].inputs.items() if value is not None}
        assert seen == dev_settings()

    return after_registration(check)


@pulumi.runtime.test
def test_settings_values_spelled_out():
    """A few values in full, so a failure here reads without Pulumi.dev.yaml at hand."""

    def check(vpns):
        seen = vpns[0].inputs
        assert seen["azureLocation"] == "eastus"
        assert seen["awsRegion"] == "us-east-1"
        assert seen["routing"] == "static"
        assert seen["gatewaySku"] == "VpnGw1AZ"
        assert seen["vnetAddressSpace"] == ["172.10.0.0/16"]
        assert seen["awsSubnets"] == [{"name": "subnet-aws-01", "cidr": "10.0.1.0/24", "availabilityZone": "us-east-1a"}]
        assert seen["activeActive"] is False
        assert seen["testVms"] is True

    return after_registration(check)


def all_checked(*checked: pulumi.Output) -> pulumi.Output:
    """Waits for every check. Each check is its own apply: Output.all would hand back the SDK's
    output types (AzureContract...) as plain dicts."""
    return pulumi.Output.all(*checked)


def snake_case(name: str) -> str:
    """The SDK's attribute for a contract field: gatewayPublicIps is gateway_public_ips."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def check_contract(outputs: dict) -> pulumi.Output:
    """The outputs contract, by name, through the SDK's output types (snake_case attributes)."""

    def fields(output_type, section, *names):
        """Checks that a value is the SDK's output type and that each named field is the contract's."""

        def check(value):
            assert isinstance(value, output_type)
            for name in names:
                assert getattr(value, snake_case(name)) == CONTRACT[section][name], name

        return check

    def check_tunnels(value):
        assert all(isinstance(t, azureawsvpn.outputs.TunnelContract) for t in value)
        assert [(t.id, t.inside_cidr, t.aws_outside_ip) for t in value] == [
            (t["id"], t["insideCidr"], t["awsOutsideIp"]) for t in CONTRACT["tunnels"]
        ]

    def equals(expected):
        def check(value):
            assert value == expected

        return check

    return all_checked(
        outputs["contractVersion"].apply(equals(CONTRACT["contractVersion"])),
        outputs["routing"].apply(equals(CONTRACT["routing"])),
        outputs["azure"].apply(fields(azureawsvpn.outputs.AzureContract, "azure", "resourceGroupName", "vnetName", "vnetAddressSpace", "gatewayPublicIps")),
        outputs["aws"].apply(fields(azureawsvpn.outputs.AwsContract, "aws", "region", "vpcId", "gatewayKind", "routeTableIds")),
        outputs["tunnels"].apply(check_tunnels),
        outputs["testHosts"].apply(fields(azureawsvpn.outputs.TestHostsContract, "testHosts", "pingFromAzure")),
    )


@pulumi.runtime.test
def test_vpn_outputs_are_the_contract():
    """The Vpn's outputs, through the SDK's output types, are what the mocks answered."""
    return check_contract(vpn_example.contract_outputs(VPN))


@pulumi.runtime.test
def test_stack_exports_the_vpn_outputs():
    """The stack outputs: the contract's names (monitoring is off), each one the Vpn's output of that name."""
    exported = pulumi.runtime.settings.get_root_resource().outputs
    assert sorted(exported) == sorted(CONTRACT)
    return check_contract(exported)
