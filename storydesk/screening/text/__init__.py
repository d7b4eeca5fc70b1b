"""What text_check looks at in an answer, one concern per module: language, offence (profanity, offensive_words
and own_words), personal data, spam."""
