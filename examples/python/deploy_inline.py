"""Runs vpn_example.deploy as a Pulumi Automation API inline program: `pulumi up` without a Python
language host. The Automation API serves the language runtime itself, in this process, and drives
the CLI with `--client`; the Vpn is built by the package's plugin, which the CLI must find (a
plugin it can start, or an entry of PULUMI_DEBUG_PROVIDERS).

The repository's engine test (tests/engine/examples-python.test.ts) runs it against its fake cloud.
Everything comes from the environment:

  AAV_WORK_DIR      the project folder (its Pulumi.yaml names the backend)
  AAV_PROJECT       the project name
  AAV_STACK         the stack (created when missing)
  AAV_PULUMI_HOME   PULUMI_HOME for the CLI (optional)
  AAV_CLI_ROOT      a folder whose bin/pulumi is the CLI (optional: `pulumi` on PATH otherwise)
  AAV_RESULT        where to write the result, JSON (optional: stdout)
  AAV_OPERATION     up (default), preview or destroy

The CLI's own variables (PULUMI_CONFIG_PASSPHRASE, PULUMI_DEBUG_PROVIDERS, ...) pass through: the
CLI inherits this process's environment.

The result: {"ok", "outputs" (the stack outputs' values), "steps" ([{op, urn, type}] the engine
began, "same" left out), "errors" (error diagnostics, or the operation's error), "seconds"}.
"""
import json
import os
import sys
import time

from pulumi import automation as auto

import vpn_example


def run() -> dict:
    started = time.monotonic()
    steps: list = []
    errors: list = []

    def on_event(event: auto.EngineEvent) -> None:
        pre = event.resource_pre_event
        if pre is not None and pre.metadata.op != auto.OpType.SAME:
            steps.append({"op": pre.metadata.op.value, "urn": pre.metadata.urn, "type": pre.metadata.type})
        diagnostic = event.diagnostic_event
        if diagnostic is not None and diagnostic.severity == "error":
            errors.append(diagnostic.message.strip())

    cli_root = os.environ.get("AAV_CLI_ROOT")
    stack = auto.create_or_select_stack(
        stack_name=os.environ["AAV_STACK"],
        project_name=os.environ["AAV_PROJECT"],
        program=vpn_example.deploy,
        opts=auto.LocalWorkspaceOptions(
            work_dir=os.environ["AAV_WORK_DIR"],
            pulumi_home=os.environ.get("AAV_PULUMI_HOME"),
            pulumi_command=auto.PulumiCommand(root=cli_root) if cli_root else None,
        ),
    )
    operation = os.environ.get("AAV_OPERATION", "up")
    outputs: dict = {}
    try:
        if operation == "up":
            result = stack.up(on_event=on_event, color="never")
            outputs = {name: output.value for name, output in result.outputs.items()}
        elif operation == "preview":
            stack.preview(on_event=on_event, color="never")
        elif operation == "destroy":
            stack.destroy(on_event=on_event, color="never")
        else:
            raise ValueError(f"AAV_OPERATION={operation!r}: up, preview or destroy")
        ok = True
    except Exception as error:  # the CLI's failure: reported in the result, not raised
        if not errors:
            errors.append(str(error))
        ok = False
    return {"ok": ok, "outputs": outputs, "steps": steps, "errors": errors, "seconds": time.monotonic() - started}


def main() -> int:
    result = run()
    text = json.dumps(result, default=str)
    destination = os.environ.get("AAV_RESULT")
    if destination:
        with open(destination, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        print(text)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
