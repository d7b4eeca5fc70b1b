"""/desk/insights/ against a known dataset: every number, in the HTML tables and in each CSV, and with the
date and channel filters."""
import base64
import csv
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from storydesk.cli import main
from storydesk.insights import charts
from storydesk.insights.table import Table, shortened
from storydesk.models import (
    Consent,
    Contributor,
    Decision,
    EngagementPoll,
    PostEngagement,
    Publication,
    Slot,
    Story,
    StoryTheme,
    Submission,
    Verdict,
)

UTC = dt.UTC
RANGE = {"from": "2026-03-02", "to": "2026-03-15"}


def at(day: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=UTC)


@pytest.fixture
def dataset(campaign, staff_user):
    """Five stories in range (A–E), one after it (F) and one merged duplicate (G), with fixed times."""
    ama, ben = staff_user("moderator", username="ama"), staff_user("moderator", username="ben")
    contributor = Contributor.objects.create(campaign=campaign, first_name="Kofi")

    def story(key, arrived, channel, country, language, status, *, screened=True, themes=(), website=False,
              instagram=False, decisions=()):
        made = Story.objects.create(campaign=campaign, contributor=contributor, status=status,
                                    status_changed_at=arrived, country=country, language=language,
                                    status_token=f"token-{key}")
        Story.objects.filter(pk=made.pk).update(created_at=arrived)  # created_at is auto_now_add
        Submission.objects.create(campaign=campaign, story=made, channel=channel, source_key=key,
                                  received_at=arrived)
        if screened:
            Verdict.objects.create(story=made, step="sign_check", outcome="pass")
        for name in themes:
            StoryTheme.objects.create(story=made, name=name, score=0.5)
        for scope, given in (("website", website), ("instagram", instagram)):
            Consent.objects.create(story=made, scope=scope, channel=channel, given_at=arrived if given else None)
        for action, actor, hours in decisions:
            decision = Decision.objects.create(story=made, actor=actor, action=action)
            Decision.objects.filter(pk=decision.pk).update(created_at=arrived + dt.timedelta(hours=hours))
        return made

    a = story("A", at(2, 10), "web", "GH", "en", "received", screened=False, website=True)
    b = story("B", at(2, 12), "web", "GH", "en", "in_review", website=True, instagram=True)
    c = story("C", at(3, 9), "email", "KE", "fr", "approved", themes=["taking action"], website=True,
              decisions=[("assign", ben, 1), ("approve", ama, 2)])
    story("D", at(9, 8), "email", "KE", "en", "rejected", themes=["taking action"],
          decisions=[("reject", ben, 10)])
    e = story("E", at(10), "instagram", "IN", "", "approved", themes=["educating oneself"], instagram=True,
              decisions=[("needs_info", ama, 4), ("approve", ben, 6)])
    Consent.objects.filter(story=e, scope="instagram").update(withdrawn_at=at(12))
    f = story("F", at(20), "web", "GH", "en", "in_review", website=True)  # after the range
    story("G", at(4), "web", "GH", "en", "merged", website=True)  # folded into another story

    slot = Slot.objects.create(campaign=campaign, target="instagram", starts_at=at(5, 17), story=c, state="published")
    Publication.objects.create(story=c, target="instagram", slot=slot, state="published", published_at=at(5, 17),
                               external_id="17900000000000001", permalink="https://www.instagram.com/p/C5tory/")

    # Instagram numbers: C as the daily poll read it; A went out on the last day, not read yet (blank, not
    # zero); B's post was deleted on Instagram. H went out before the range and F after it: neither counts.
    for made, name in ((a, "Yaw"), (b, "Kwesi"), (c, "Kofi")):
        made.display_name = name
        made.save(update_fields=["display_name"])
    PostEngagement.objects.create(publication=c.publications.get(), likes=120, comments=14, reach=3050,
                                  read_at=at(14, 4))
    Publication.objects.create(story=a, target="instagram", state="published", published_at=at(15, 23),
                               external_id="17900000000000003")
    gone = Publication.objects.create(story=b, target="instagram", state="published", published_at=at(11, 17),
                                      external_id="17900000000000004")
    PostEngagement.objects.create(publication=gone, likes=7, comments=0, reach=None, read_at=at(12, 4),
                                  gone_at=at(13, 4))
    h = story("H", dt.datetime(2026, 2, 20, tzinfo=UTC), "web", "GH", "en", "approved", website=True,
              instagram=True)
    for made, when, media in ((h, dt.datetime(2026, 2, 25, 17, tzinfo=UTC), "17900000000000002"),
                              (f, at(21, 17), "17900000000000005")):
        out = Publication.objects.create(story=made, target="instagram", state="published", published_at=when,
                                         external_id=media)
        PostEngagement.objects.create(publication=out, likes=999, comments=99, reach=9999, read_at=at(22, 4))
    EngagementPoll.objects.create(started_at=at(14, 4), finished_at=at(14, 4), outcome="done", posts_read=2)
    Slot.objects.create(campaign=campaign, target="instagram", starts_at=at(12, 17), story=e, state="planned")
    Slot.objects.create(campaign=campaign, target="gallery", starts_at=at(11, 17), story=b, state="planned")
    Slot.objects.create(campaign=campaign, target="gallery", starts_at=at(6, 17))  # open: nothing planned


EXPECTED = {
    "funnel": [["Received", "5", ""], ["Screened", "4", "1"], ["In review", "4", "0"], ["Approved", "2", "2"],
               ["Published", "1", "1"]],
    "per-day": [["2026-03-02", "web form", "2"], ["2026-03-03", "e-mail", "1"], ["2026-03-09", "e-mail", "1"],
                ["2026-03-10", "Instagram", "1"]],
    "per-week": [["2026-03-02", "e-mail", "1"], ["2026-03-02", "web form", "2"], ["2026-03-09", "e-mail", "1"],
                 ["2026-03-09", "Instagram", "1"]],
    # Countries and languages by name (the row's title holds the code).
    "countries": [["Ghana", "2"], ["Kenya", "2"], ["India", "1"]],
    "themes": [["2026-03-02", "taking action", "1"], ["2026-03-09", "educating oneself", "1"],
               ["2026-03-09", "taking action", "1"]],
    "languages": [["English", "3"], ["unknown", "1"], ["French", "1"]],
    # First decisions: C by ama after 2 h, D by ben after 10 h, E by ama after 4 h (ben's later approval
    # and the assignment are not first decisions). Nearest rank: median of 2, 4, 10 is 4; p90 is 10 — shown
    # as the ranges that hold them.
    "moderation": [["All moderators", "3", "4–6 h", "8–12 h"], ["ama", "2", "2–3 h", "4–6 h"],
                   ["ben", "1", "8–12 h", "8–12 h"]],
    "waits": [["2–3 h", "1"], ["4–6 h", "1"], ["8–12 h", "1"]],
    "publishing": [["2026-03-02", "Instagram", "1", "1"], ["2026-03-09", "Gallery", "1", "0"],
                   ["2026-03-09", "Instagram", "1", "0"]],
    # Website: A, B, C; Instagram: B (E withdrew); neither: D, E — of five stories.
    "consent": [["Website", "3", "60.0"], ["Instagram", "1", "20.0"], ["Both", "1", "20.0"], ["Neither", "2", "40.0"]],
    # Instagram posts that went out in the range, on every channel; reach adds up per post.
    "engagement": [["Kofi, 2026-03-05", "120", "14", "3050", "2026-03-14 04:00"],
                   ["Kwesi, 2026-03-11", "7", "0", "", "2026-03-12 04:00 (post deleted on Instagram)"],
                   ["Yaw, 2026-03-15", "", "", "", ""],
                   ["Total (3 posts)", "127", "14", "3050", ""]],
}


# The CSVs: each column of names followed by its codes, for a script to join on.
IN_THE_CSV = {
    "per-day": [["2026-03-02", "web form", "web", "2"], ["2026-03-03", "e-mail", "email", "1"],
                ["2026-03-09", "e-mail", "email", "1"], ["2026-03-10", "Instagram", "instagram", "1"]],
    "per-week": [["2026-03-02", "e-mail", "email", "1"], ["2026-03-02", "web form", "web", "2"],
                 ["2026-03-09", "e-mail", "email", "1"], ["2026-03-09", "Instagram", "instagram", "1"]],
    "countries": [["Ghana", "GH", "2"], ["Kenya", "KE", "2"], ["India", "IN", "1"]],
    "languages": [["English", "en", "3"], ["unknown", "", "1"], ["French", "fr", "1"]],
    "publishing": [["2026-03-02", "Instagram", "instagram", "1", "1"], ["2026-03-09", "Gallery", "gallery", "1", "0"],
                   ["2026-03-09", "Instagram", "instagram", "1", "0"]],
}


class _Tables(HTMLParser):
    """Each insight section's table body as rows of cell text, keyed by the section's id."""

    def __init__(self):
        super().__init__()
        self.tables, self.section, self.in_body, self.cell = {}, None, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "insight" in (attrs.get("class") or ""):
            self.section = attrs["id"]
            self.tables[self.section] = []
        elif tag == "tbody" and self.section:
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.tables[self.section].append([])
        elif tag in ("td", "th") and self.in_body:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "section":
            self.section = None
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


# The counts over time as the page shows them: a row per period, a column per channel or theme (their
# CSVs keep EXPECTED's one row per period and series).
ON_THE_PAGE = {
    "per-day": [["2026-03-02", "0", "0", "2"], ["2026-03-03", "1", "0", "0"], ["2026-03-09", "1", "0", "0"],
                ["2026-03-10", "0", "1", "0"]],  # email, instagram, web
    "per-week": [["2026-03-02", "1", "0", "2"], ["2026-03-09", "1", "1", "0"]],
    "themes": [["2026-03-02", "0", "1"], ["2026-03-09", "1", "1"]],  # educating oneself, taking action
}


def page_tables(client, **query) -> dict:
    response = client.get(reverse("desk:insights"), query)
    assert response.status_code == 200
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def csv_rows(client, slug, **query) -> list[list[str]]:
    response = client.get(reverse("desk:insights-csv", args=[slug]), query)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.clock
def test_every_number_on_the_dashboard(dataset, login, client):
    login("manager")
    assert page_tables(client, **RANGE) == {**EXPECTED, **ON_THE_PAGE}
    html = client.get(reverse("desk:insights"), RANGE).content.decode()
    per_day = html[html.index('id="per-day"'):html.index('id="per-week"')]
    assert re.findall(r'<th scope="col">([^<]*)</th>', per_day) == ["Day", "e-mail", "Instagram", "web form"]
    countries = html[html.index('id="countries"'):html.index('id="themes"')]
    assert '<th scope="row" title="GH">Ghana</th>' in countries and ">GH<" not in countries
    languages = html[html.index('id="languages"'):html.index('id="moderation"')]
    assert '<th scope="row" title="en">English</th>' in languages
    assert '<option value="email">e-mail</option>' in html and '<option value="web">web form</option>' in html


@pytest.mark.clock
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_every_csv_has_the_dashboard_numbers(dataset, login, client, slug):
    login("manager")
    header, *rows = csv_rows(client, slug, **RANGE)
    assert rows == {**EXPECTED, **IN_THE_CSV}[slug]
    assert len(header) == len(rows[0])
    if slug == "countries":
        assert header == ["Country", "Country code", "Stories"]


@pytest.mark.clock
def test_the_channel_filter(dataset, login, client):
    login("manager")
    tables = page_tables(client, channel="email", **RANGE)
    assert tables["funnel"] == [["Received", "2", ""], ["Screened", "2", "0"], ["In review", "2", "0"],
                                ["Approved", "1", "1"], ["Published", "1", "0"]]
    assert tables["countries"] == [["Kenya", "2"]]
    assert tables["moderation"] == [["All moderators", "2", "2–3 h", "8–12 h"], ["ama", "1", "2–3 h", "2–3 h"],
                                    ["ben", "1", "8–12 h", "8–12 h"]]
    assert csv_rows(client, "per-day", channel="email", **RANGE)[1:] == [["2026-03-03", "e-mail", "email", "1"],
                                                                        ["2026-03-09", "e-mail", "email", "1"]]
    # Instagram posts are the campaign's own, whatever channel their stories arrived on.
    assert tables["engagement"] == EXPECTED["engagement"]


def test_instagram_posts_link_to_instagram_on_the_desk_only(dataset, login, client):
    login("manager")
    html = client.get(reverse("desk:insights"), RANGE).content.decode()
    assert '<a href="https://www.instagram.com/p/C5tory/" rel="noopener">Kofi, 2026-03-05</a>' in html
    assert "stopped early" not in html  # the last poll read every post


@pytest.mark.clock
def test_the_date_range_and_an_unknown_channel(dataset, login, client):
    login("manager")
    tables = page_tables(client, **{"from": "2026-03-09", "to": "2026-03-31", "channel": "carrier-pigeon"})
    # Unknown channel: every channel. From the 9th: D, E and F (G is merged).
    assert tables["funnel"][0] == ["Received", "3", ""]
    assert tables["per-week"] == [["2026-03-09", "1", "1", "0"], ["2026-03-16", "0", "0", "1"]]  # email, ig, web
    assert csv_rows(client, "per-week", **{"from": "2026-03-09", "to": "2026-03-31"})[1:] == [
        ["2026-03-09", "e-mail", "email", "1"], ["2026-03-09", "Instagram", "instagram", "1"],
        ["2026-03-16", "web form", "web", "1"]]


def chart_svgs(html: str) -> list[str]:
    """The SVG of every chart image in a page (charts are data-URI images, so nothing is fetched)."""
    return [base64.b64decode(data).decode("utf-8")
            for data in re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)"', html)]


def test_each_chart_is_drawn_from_its_table(dataset, login, client):
    login("manager")
    html = client.get(reverse("desk:insights"), RANGE).content.decode()
    # One chart per table embedded; the countries' world map is an image at its own address (below).
    assert len(chart_svgs(html)) == len(EXPECTED)
    # The funnel's bars carry the table's numbers as their labels.
    funnel = chart_svgs(html[html.index('id="funnel"'):html.index('id="per-day"')])
    assert len(funnel) == 1 and ">Received</text>" in funnel[0] and ">5</text>" in funnel[0]
    countries = html[html.index('id="countries"'):html.index('id="themes"')]
    assert 'alt="World map: stories per country, 3 countries shaded.' in countries


def test_the_world_map_has_its_own_address_so_the_page_stays_light(dataset, login, client):
    login("manager")
    html = client.get(reverse("desk:insights"), RANGE).content.decode()
    src = re.search(r'<img class="chart" src="(/desk/insights/countries-map\.svg\?[^"]+)"', html).group(1)
    assert len(html) < 300_000  # the map alone is about 1 MB
    response = client.get(src.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    svg = response.content.decode()
    assert "<script" not in svg and "world map" in svg
    # The range's three countries are shaded (pygal puts them in its one series); no other is.
    shaded = set(re.findall(r'class="([a-z]{2}) country map-element[^"]*serie-0', svg))
    assert shaded == {"gh", "ke", "in"}
    assert client.get(reverse("desk:insights-map"), {"from": "2027-01-01", "to": "2027-01-02"}).status_code == 404


def test_charts_fetch_nothing_and_run_no_script(dataset, login, client):
    login("manager")
    html = client.get(reverse("desk:insights"), RANGE).content.decode()
    assert "<script" not in html.split("<main", 1)[1]
    for svg in chart_svgs(html):
        assert "<script" not in svg
        # The SVG namespace names the format; it is not a link, and nothing else is.
        assert re.findall(r"https?://[^\s\"'<>)]+", svg.replace("http://www.w3.org/2000/svg", "")) == []
        assert "<?xml-stylesheet" not in svg and "@import" not in svg


def test_a_chart_for_any_table():
    """Tables the charts module does not know still get a sensible chart, or none, and never an error."""
    def kinds(table):
        return re.findall(r'alt="(\w+(?: \w+)?):', str(charts.for_table(table)))

    assert kinds(Table("waits", "Waits", ("Wait", "Decisions"), [("under 1 h", 3), ("1–4 h", 5)])) == ["Bar chart"]
    # Text ranges in the value columns: the one numeric column is drawn.
    assert kinds(Table("moderation", "Time", ("Moderator", "Decisions", "Median", "90th percentile"),
                       [("All moderators", 3, "2–3 h", "9–10 h")])) == ["Bar chart"]
    assert kinds(Table("likes-by-week", "Likes by week", ("Week of", "Likes", "Comments"),
                       [("2026-03-02", 10, 2), ("2026-03-09", 4, 1)])) == ["Line chart"]
    assert kinds(Table("notes", "Notes", ("Who", "Said"), [("ama", "hello")])) == []
    assert kinds(Table("empty", "Empty", ("Day", "Stories"), [])) == []
    assert kinds(Table("ragged", "Ragged", ("Only",), [("x",), ()])) == []
    assert kinds(Table("countries", "Countries", ("Country", "Stories"), [("unknown", 4), ("ZZ", 1)])) == ["Bar chart"]


def test_an_unknown_table_is_not_found(login, client, campaign):
    login("manager")
    assert client.get(reverse("desk:insights-csv", args=["salaries"])).status_code == 404


@pytest.mark.slow
def test_the_report_has_the_same_numbers_in_one_self_contained_file(dataset, tmp_path, capsys):
    assert main(["report", "--from", RANGE["from"], "--to", RANGE["to"], "--out", str(tmp_path / "r")]) == 0
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    parser = _Tables()
    parser.feed(html)
    # On paper: no daily table (the weekly one says the same).
    assert parser.tables == {slug: rows for slug, rows in {**EXPECTED, **ON_THE_PAGE}.items() if slug != "per-day"}
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html
    assert "<script" not in html


@pytest.mark.clock
def test_the_csv_links_keep_the_filters(dataset, login, client):
    login("manager")
    html = client.get(reverse("desk:insights"), {"channel": "email", **RANGE}).content.decode()
    assert 'href="/desk/insights/funnel.csv?channel=email&amp;from=2026-03-02&amp;to=2026-03-15"' in html


@pytest.mark.clock
def test_the_report_covers_the_campaign_by_default(campaign, tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path)]) == 0
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    start, end = campaign.spec.start, campaign.spec.end
    assert f"from {start.day} {start:%b %Y} to {end.day} {end:%b %Y}" in html
    assert f"Wrote {tmp_path / 'index.html'}" in capsys.readouterr().err


def test_only_managers_and_admins_hold_insights_and_see_the_link(login, client, campaign):
    holders = {g.name for g in Group.objects.filter(permissions__codename="view_insights")}
    assert holders == {"manager", "admin"}  # given by migration 0008 and the roles table
    login("moderator", "mo")
    assert reverse("desk:insights") not in client.get(reverse("desk:stories")).content.decode()
    login("manager", "mana")
    assert f'href="{reverse("desk:insights")}"' in client.get(reverse("desk:stories")).content.decode()


def test_long_tables_are_shortened_for_print_with_their_total_kept():
    rows = [(f"Story {i}", i) for i in range(100)] + [("Total (100 posts)", 4950)]
    short = shortened(Table("engagement", "Posts", ("Post", "Likes"), rows), 40)
    assert short.rows == rows[:39] + [("Total (100 posts)", 4950)]
    assert "61 rows before the last are left out" in short.note
    assert shortened(Table("funnel", "Funnel", ("Stage", "Stories"), rows[:5]), 40).rows == rows[:5]


@pytest.mark.clock
def test_a_csv_neutralises_cells_a_spreadsheet_would_run(campaign, staff_user, login, client):
    moderator = staff_user("moderator", username="+ama")  # a valid Django username, and a formula to Excel
    contributor = Contributor.objects.create(campaign=campaign, first_name="Esi")
    made = Story.objects.create(campaign=campaign, contributor=contributor, status="in_review",
                                status_changed_at=at(2), country="GH", language="en", status_token="token-formula")
    Story.objects.filter(pk=made.pk).update(created_at=at(2))
    Submission.objects.create(campaign=campaign, story=made, channel="web", source_key="formula", received_at=at(2))
    decision = Decision.objects.create(story=made, actor=moderator, action="approve")
    Decision.objects.filter(pk=decision.pk).update(created_at=at(2, 3))
    login("manager")
    rows = csv_rows(client, "moderation", **RANGE)
    assert ["'+ama", "1", "3–4 h", "3–4 h"] in rows
