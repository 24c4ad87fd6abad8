"""Flask commands, one module per area; each validates its input and exits 2 on bad input."""
from flask import Flask


def init_app(app: Flask) -> None:
    from . import accounts, bench, impact, knowledge, matching, notify, operations, research, survey

    for module in (accounts, bench, impact, knowledge, matching, notify, operations, research, survey):
        for command in module.COMMANDS:
            app.cli.add_command(command)
