"""Photo intake: check an upload is a photo we can use, and make its metadata-free public copies."""
