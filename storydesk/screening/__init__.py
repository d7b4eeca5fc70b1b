"""Screening: ordered steps run over each story; humans decide what they show."""
