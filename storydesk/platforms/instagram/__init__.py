"""The Instagram Graph API, once: `client.Graph` (every call, its timeouts and size cap, the token in a header),
`errors.GraphError` (Meta's numbered errors sorted into what to do about them) and `usage` (Meta's usage
headers, and the one pause every caller of the account respects). Settings: STORYDESK_INSTAGRAM_API_BASE,
STORYDESK_INSTAGRAM_ACCESS_TOKEN, STORYDESK_INSTAGRAM_ACCOUNT_ID and the other STORYDESK_INSTAGRAM_* values."""
