"""One package per platform whose API more than one part of storydesk talks to: its one client, its one reading
of the platform's errors and its one budget of calls, shared by whoever calls it (intake, publishing, insights).

`instagram/` is the Graph API, used by Instagram intake (channels/social/instagram), publishing
(publishing/targets/instagram.py) and the daily metrics poll (insights/instagram_metrics.py). Mastodon, Bluesky
and X each have one client already: their connector in channels/social/<name>/ serves both intake and the
permission request (channels/social/permission.py goes through the same connector), so they need no package here.
"""
