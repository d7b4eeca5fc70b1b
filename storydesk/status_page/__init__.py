"""What participants see without an account: their story's private status page."""
