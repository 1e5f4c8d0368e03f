"""Benchmark scripts (run them as `.venv/bin/python bench/<name>.py --help`) and the settings
and URLs they serve the portal with."""
