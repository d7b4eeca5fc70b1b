"""The staff desk (the full moderation desk grows here)."""
