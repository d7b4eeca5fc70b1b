"""Benchmarks: `storydesk bench NAME` runs one on a throwaway data folder and prints its numbers. Each
benchmark's data generator and local server sit beside it; sample photos, labelled answers and the throwaway
mail server come from tests/support. Not part of the installed package: run from a source checkout.
Results and the commands that made them are kept in docs/benchmarks.md."""
