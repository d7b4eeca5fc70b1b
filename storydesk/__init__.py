"""storydesk: a self-hosted desk for photo-story campaigns."""
