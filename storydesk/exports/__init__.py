"""Exports: rows of domain data, streamed in constant memory."""
