"""Interfaces: thin adapters (CLI, web server, Slack) over the `FactBot` facade."""
