"""Benchmarks and evaluations of factbot: run each from the repo root as `python -m benchmarks.NAME`."""
