"""Benchmarks behind `make bench`: each module's `main()` returns rows for one table."""
