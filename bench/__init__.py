"""Benchmarks: ``python -m bench`` (see bench/run.py). Not tests: nothing here asserts a time."""
