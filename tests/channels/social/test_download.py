"""Downloading a post's photo: a hard size cap, timeouts, http(s) only, and never an address that isn't on
the public internet — checked after DNS and after every redirect, before any connection is opened."""
from __future__ import annotations

import importlib
import ipaddress
import socket
import threading
import time

import pytest

import storydesk.settings
from storydesk.channels.social.download import (
    AddressRefused,
    DownloadPolicy,
    NotFound,
    TooLarge,
    Unreachable,
    download,
    parse_networks,
    refusal,
)
from tests.channels.social.conftest import photo_answer, photo_bytes
from tests.channels.social.platform_server import Answer
from tests.fixtures.waiting import wait_for

LOCAL = parse_networks(["127.0.0.1/32"])
MB = 1024 * 1024


def policy(**fields) -> DownloadPolicy:
    return DownloadPolicy(**{"allowed_networks": LOCAL, "connect_timeout": 2, "read_timeout": 2, **fields})


def fake_resolver(monkeypatch, answers: dict[str, list[str]]) -> list[str]:
    """Names resolve to these addresses (and only these names); returns the names looked up, in order."""
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        try:  # a literal address (as the socket layer passes it on) stands for itself: no lookup
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            asked.append(host)
            addresses = answers[host]
        family = {4: socket.AF_INET, 6: socket.AF_INET6}
        return [(family[ipaddress.ip_address(a).version], socket.SOCK_STREAM, 6, "", (a, port)) for a in addresses]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_photo_comes_down_whole(server):
    server.on("GET", "/p.jpg", photo_answer())
    got = download(f"{server.url}/p.jpg", policy())
    assert got.data == photo_bytes()
    assert got.content_type == "image/jpeg"


def test_this_machine_is_refused_unless_allowed_and_nothing_connects(server, only_this_machine):
    server.on("GET", "/p.jpg", photo_answer())
    with pytest.raises(AddressRefused, match="loopback"):
        download(f"{server.url}/p.jpg", policy(allowed_networks=()))
    assert only_this_machine == []  # refused before any socket was connected
    assert server.requests() == []


@pytest.mark.parametrize("address, why", [
    ("10.0.0.1", "private network"),
    ("169.254.169.254", "link-local"),
    ("192.168.1.1", "private network"),
    ("::1", "loopback"),
    ("::ffff:10.0.0.1", "private network"),
    ("100.64.0.1", "reserved"),
])
def test_a_name_that_resolves_inside_is_refused_before_any_connect(monkeypatch, only_this_machine, address, why):
    asked = fake_resolver(monkeypatch, {"photos.example": [address]})
    with pytest.raises(AddressRefused, match=why):
        download("https://photos.example/sign.jpg", policy())
    assert asked == ["photos.example"]
    assert only_this_machine == []


def test_one_private_address_among_public_ones_refuses_the_name(monkeypatch, only_this_machine):
    fake_resolver(monkeypatch, {"cdn.example": ["93.184.216.34", "10.0.0.1"]})
    with pytest.raises(AddressRefused, match="10.0.0.1"):
        download("https://cdn.example/sign.jpg", policy())
    assert only_this_machine == []


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://[::1]:8080/x.jpg",
                                 "http://10.1.2.3/x.jpg", "http://0.0.0.0/x.jpg"])
def test_literal_inside_addresses_are_refused_without_a_lookup(monkeypatch, only_this_machine, url):
    asked = fake_resolver(monkeypatch, {})
    with pytest.raises(AddressRefused):
        download(url, policy(allowed_networks=()))
    assert asked == [] and only_this_machine == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://photos.example/x.jpg", "gopher://x/1", "//x.jpg"])
def test_only_http_and_https(url):
    with pytest.raises(AddressRefused, match="http or https"):
        download(url, policy())


def test_a_redirect_to_a_private_address_is_refused_before_connecting_there(server, monkeypatch, only_this_machine):
    server.on("GET", "/p.jpg", Answer(302, body=b"", headers={"Location": "http://internal.example/admin.jpg"}))
    asked = fake_resolver(monkeypatch, {"internal.example": ["10.0.0.1"]})
    with pytest.raises(AddressRefused, match="private network"):
        download(f"{server.url}/p.jpg", policy())
    assert "internal.example" in asked
    assert [a[0] for a in only_this_machine] == ["127.0.0.1"]  # the first hop only
    assert len(server.requests("/p.jpg")) == 1


def test_a_redirect_to_the_metadata_service_is_refused(server, only_this_machine):
    server.on("GET", "/p.jpg", Answer(301, body=b"", headers={"Location": "http://169.254.169.254/latest/"}))
    with pytest.raises(AddressRefused, match="link-local"):
        download(f"{server.url}/p.jpg", policy())
    assert len(only_this_machine) == 1


def test_a_redirect_to_another_scheme_is_refused(server):
    server.on("GET", "/p.jpg", Answer(302, body=b"", headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(AddressRefused, match="http or https"):
        download(f"{server.url}/p.jpg", policy())


def test_redirects_are_followed_to_the_photo_and_counted(server):
    server.on("GET", "/a.jpg", Answer(302, body=b"", headers={"Location": "/b.jpg"}))
    server.on("GET", "/b.jpg", photo_answer())
    got = download(f"{server.url}/a.jpg", policy())
    assert got.data == photo_bytes() and got.url.endswith("/b.jpg") and len(got.redirects) == 1
    server.on("GET", "/loop.jpg", Answer(302, body=b"", headers={"Location": "/loop.jpg"}))
    with pytest.raises(NotFound, match="redirected more than"):
        download(f"{server.url}/loop.jpg", policy())


def test_the_socket_goes_to_the_checked_address_after_one_lookup(server, monkeypatch, only_this_machine):
    """No second lookup between the check and the connect (a name can't answer differently the second time)."""
    port = server.url.rsplit(":", 1)[1]
    server.on("GET", "/p.jpg", photo_answer())
    asked = fake_resolver(monkeypatch, {"photos.example": ["127.0.0.1"]})
    got = download(f"http://photos.example:{port}/p.jpg", policy())
    assert got.data == photo_bytes()
    assert asked == ["photos.example"]
    assert only_this_machine == [("127.0.0.1", int(port))]
    assert server.requests("/p.jpg")[0].headers["host"] == f"photos.example:{port}"


def test_a_50_mb_stream_is_cut_off_at_20_mb(server):
    """No Content-Length: the cap is enforced while reading, and the rest is never read."""
    def fifty_mb():
        chunk = b"\xff" * MB
        for _ in range(50):
            yield chunk

    server.on("GET", "/huge.jpg", Answer(headers={"Content-Type": "image/jpeg"}, chunks=fifty_mb))
    with pytest.raises(TooLarge, match="stopped downloading it at 20 MB"):
        download(f"{server.url}/huge.jpg", policy())
    sent = wait_for(lambda: server.streamed.get("/huge.jpg"))  # the server noticed the client leave …
    assert sent < 30 * MB  # … long before the end (socket buffers hold a little)


def test_a_declared_50_mb_file_is_not_downloaded_at_all(server):
    server.on("GET", "/huge.jpg", Answer(body=b"x" * 1000, headers={"Content-Length": str(50 * MB)}))
    with pytest.raises(TooLarge, match="50 MB, more than the 20 MB"):
        download(f"{server.url}/huge.jpg", policy())


def test_a_server_that_doesnt_answer_in_time_is_a_passing_failure(server):
    server.on("GET", "/slow.jpg", Answer(body=b"late", delay=1.5))
    with pytest.raises(Unreachable) as caught:
        download(f"{server.url}/slow.jpg", policy(read_timeout=0.3))
    assert caught.value.passing and "took too long" in caught.value.message


def test_gone_and_broken_photos_say_so(server):
    server.on("GET", "/gone.jpg", Answer(404, {"error": "Record not found"}))
    server.on("GET", "/down.jpg", Answer(503, body=b"<html>down</html>"))
    with pytest.raises(NotFound, match="answered 404") as gone:
        download(f"{server.url}/gone.jpg", policy())
    assert not gone.value.passing
    with pytest.raises(Unreachable, match="answered 503"):
        download(f"{server.url}/down.jpg", policy())


def test_what_counts_as_inside():
    assert refusal(ipaddress.ip_address("93.184.216.34")) == ""
    assert refusal(ipaddress.ip_address("2606:4700::1111")) == ""
    assert "loopback" in refusal(ipaddress.ip_address("127.0.0.2"))
    assert "link-local" in refusal(ipaddress.ip_address("fe80::1"))
    assert "private" in refusal(ipaddress.ip_address("172.16.5.4"))
    assert "private" in refusal(ipaddress.ip_address("fd00::1"))
    assert "reserved" in refusal(ipaddress.ip_address("224.0.0.1"))
    assert refusal(ipaddress.ip_address("127.0.0.1"), LOCAL) == ""  # only what the allow-list names
    assert refusal(ipaddress.ip_address("127.0.0.2"), LOCAL) != ""


def test_the_allow_list_is_off_by_default(monkeypatch):
    monkeypatch.delenv("STORYDESK_MEDIA_ALLOWED_NETWORKS", raising=False)
    assert importlib.reload(storydesk.settings).STORYDESK_MEDIA_ALLOWED_NETWORKS == []
    assert DownloadPolicy().allowed_networks == ()


@pytest.fixture
def trickling_server():
    """A raw HTTP server that sends its status line and headers one byte every 0.2 s (about 9 s in all)."""
    listener = socket.create_server(("127.0.0.1", 0))
    head = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nX-Slow: " + b"a" * 20 + b"\r\nContent-Length: 4\r\n\r\n"
    stop = threading.Event()

    def serve():
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            for byte in head + b"\xff\xd8\xff\xd9":
                if stop.wait(0.2):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return  # the client hung up: what the deadline should make it do

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    listener.close()
    thread.join(5)


def test_the_deadline_cuts_off_headers_that_trickle_in(trickling_server):
    started = time.monotonic()
    with pytest.raises(Unreachable) as caught:
        download(f"{trickling_server}/p.jpg", policy(read_timeout=2, total_seconds=1))
    assert time.monotonic() - started < 2.5  # not the ~9 s the headers take to arrive
    assert caught.value.passing and "longer than 1 s" in caught.value.message


def test_6to4_addresses_are_refused_whatever_they_wrap():
    assert "6to4" in refusal(ipaddress.ip_address("2002:7f00:1::1"))  # 127.0.0.1 inside
    assert "6to4" in refusal(ipaddress.ip_address("2002:808:808::1"))  # 8.8.8.8: refused all the same
