"""Training factbot's claim verifier: run from the repo root as `python -m training.train` (see train.py)."""
