"""The Pulumi program: `pulumi up` in this folder runs this file (runtime python, Pulumi.yaml)."""
from vpn_example import deploy

deploy()
