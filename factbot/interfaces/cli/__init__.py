"""The command-line interface: `factbot COMMAND` (click)."""

from factbot.interfaces.cli.main import main

__all__ = ["main"]
