"""Benchmarks of mccdesk (run with bench/run; goals are printed, never asserted)."""
