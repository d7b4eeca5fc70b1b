"""A caption as a story's answer, and the keyword in an author's reply."""
import pytest

from storydesk.channels.social.mastodon.status import post_from_status
from storydesk.channels.social.post import Post, answer_text, mentions_keyword, web_url


@pytest.mark.parametrize("caption, answer", [
    ("#HeForShe #YearOfMaleAllyship\nEquality matters because my daughters deserve every door. @HeForShe",
     "Equality matters because my daughters deserve every door."),
    ("I stand with my #sisters because it is right. #HeForShe @HeForShe@mastodon.social",
     "I stand with my sisters because it is right."),
    ("Thanks to @maria@social.example for teaching me. #YearOfMaleAllyship", "Thanks to maria for teaching me."),
    ("@HeForShe, #HeForShe — equality is for everyone!", "equality is for everyone!"),
    ("#HeForShe #YearOfMaleAllyship", ""),
    ("Line one #tag\n\n\n\nLine two", "Line one\n\nLine two"),
])
def test_tags_and_mentions_leave_the_answer_but_sentences_still_read(caption, answer):
    assert answer_text(caption) == answer


def test_the_post_keeps_every_tag_and_mention():
    post = Post("mastodon", "uri", "url", "Why? #HeForShe because. @HeForShe @a@b.example #YearOfMaleAllyship", "@k@x")
    assert post.hashtags == ["HeForShe", "YearOfMaleAllyship"]
    assert post.mentions == ["@HeForShe", "@a@b.example"]
    assert post.source_key == "mastodon:uri"


@pytest.mark.parametrize("text, found", [
    ("#YesHeForShe", True), ("@HeForShe #yesheforshe of course!", True), ("yes! #YESHEFORSHE 🙌", True),
    ("#YesHeForSheNot", False), ("##YesHeForShe", False), ("YesHeForShe", False), ("no thanks", False),
])
def test_the_reply_keyword_is_a_whole_tag_in_any_case(text, found):
    assert mentions_keyword(text, "#YesHeForShe") is found


def test_a_hostile_servers_links_never_become_script_links(settings):
    assert web_url("javascript:alert(1)") == "" and web_url(" JavaScript:alert(1)") == ""
    assert web_url("https://mastodon.example/@kofi") == "https://mastodon.example/@kofi"
    post = post_from_status({"id": "1", "uri": "https://evil.example/s/1", "url": "javascript:alert(document.cookie)",
                             "content": "<p>hi</p>", "account": {"acct": "x@evil.example", "url": "data:text/html,x"}},
                            "https://mastodon.example")
    assert post.url == "https://evil.example/s/1" and post.profile_url == ""
