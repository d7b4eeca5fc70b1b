"""Benchmarks: `storydesk bench NAME` runs one on a throwaway data folder and prints its numbers.
Results and the commands that made them are kept in docs/benchmarks.md."""
