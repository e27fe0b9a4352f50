"""`python -m factbot.interfaces.cli` runs the CLI (as the `factbot` script does)."""

from factbot.interfaces.cli import main

main()
