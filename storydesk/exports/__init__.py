"""Exports: rows of domain data, streamed in constant memory; every CSV through spreadsheet.py."""
