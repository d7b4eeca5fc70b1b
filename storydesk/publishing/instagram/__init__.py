"""Instagram content publishing: the Graph API client, the post image, its caption and its signed address."""
