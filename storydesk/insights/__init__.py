"""Insights: the campaign's numbers, each an aggregate query (queries), drawn as inline SVG (charts) beside
the table it comes from (desk view)."""
