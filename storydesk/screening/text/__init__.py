"""What text_check looks at in an answer, one concern per module: language, profanity, personal data, spam."""
