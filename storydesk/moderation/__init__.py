"""Moderation rules that read but never write: what the public caption hides, what a display name may say."""
