"""The publishing tests' guard: any HTTP call to a non-loopback host fails before it leaves the machine."""
import httpx
import pytest


def test_a_call_to_the_internet_fails_the_test_at_once():
    with pytest.raises(AssertionError, match="a test tried to reach graph.facebook.com"):
        httpx.get("https://graph.facebook.com/v24.0/me", timeout=0.1)


def test_loopback_is_allowed(graph):
    response = httpx.get(graph.base + "/17841400000000001/content_publishing_limit",
                         headers={"Authorization": "Bearer test-token-not-real"}, timeout=2)
    assert response.json()["data"][0]["config"]["quota_total"] == 50
