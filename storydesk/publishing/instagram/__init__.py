"""What an Instagram post is made of: the post image (render), its caption and alt text (caption) and the image's
signed address Instagram fetches it from (image_url). The Graph API client is storydesk.platforms.instagram."""
