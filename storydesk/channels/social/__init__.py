"""Public posts as stories: one connector per platform (mastodon/, bluesky/, instagram/, x/) behind one interface
(connector.py; registry.py lists them), the post every connector hands over (post.py), what a post becomes
(receive.py), the polling of feeds with their cursors (poll.py), asking an author's permission on the platform
(permission.py), platform API calls and their errors (api.py, errors.py, ratelimit.py) and the safe download
of a post's photos (download.py)."""
