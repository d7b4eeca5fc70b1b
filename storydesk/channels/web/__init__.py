"""The public web form: a photo, an answer and consent, no account needed."""
