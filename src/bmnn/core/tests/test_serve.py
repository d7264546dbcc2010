"""`bmnn serve`: loopback by default, LAN only when asked, and a static wrapper that cannot be walked out of."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bmnn.core.management.commands import serve
from bmnn.scanner import facts
from bmnn.scanner.facts.base import empty_machine


@pytest.fixture
def fake_waitress(monkeypatch):
    calls = []
    import waitress

    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr(facts, "collect", lambda: empty_machine())  # no interface up: "isolated"
    return calls


def run_serve(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("serve", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_serve_binds_loopback_port_8000_by_default(fake_waitress):
    out, _ = run_serve()
    (app, kwargs), = fake_waitress
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 8000 and kwargs["threads"] == 8
    assert isinstance(app, serve.StaticFiles)
    assert "http://127.0.0.1:8000/" in out and "đang chạy" in out and "serving" in out


def test_serve_accepts_host_port_and_threads(fake_waitress):
    run_serve("--host", "localhost", "--port", "8123", "--threads", "3")
    (_, kwargs), = fake_waitress
    assert (kwargs["host"], kwargs["port"], kwargs["threads"]) == ("localhost", 8123, 3)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "may-chu.local"])
def test_serve_refuses_non_loopback_address_without_allow_lan(fake_waitress, host):
    with pytest.raises(CommandError, match="--allow-lan"):
        run_serve("--host", host)
    assert fake_waitress == []


def test_serve_binds_lan_address_with_allow_lan_and_warns(fake_waitress, settings):
    _, err = run_serve("--host", "192.168.1.10", "--allow-lan")
    (_, kwargs), = fake_waitress
    assert kwargs["host"] == "192.168.1.10"
    assert "mạng LAN độc lập" in err
    assert "192.168.1.10" in settings.ALLOWED_HOSTS


def test_serve_forces_debug_off(fake_waitress, settings):
    settings.DEBUG = True
    run_serve()
    assert settings.DEBUG is False


def fake_verdict(monkeypatch, value):
    monkeypatch.setattr(facts, "verdict", lambda machine: {"value": value, "evidence": ["Kết nối đang mở tới 8.8.8.8"]})


@pytest.mark.parametrize(("value", "label"), [("connected", "Đang kết nối Internet, mạng ngoài"),
                                              ("was_connected", "Đã từng kết nối Internet, mạng ngoài")])
def test_serve_warns_and_says_which_when_the_machine_is_or_was_connected(fake_waitress, monkeypatch, value, label):
    fake_verdict(monkeypatch, value)
    _, err = run_serve()
    assert "CẢNH BÁO" in err and f"«{label}» [{value}]" in err and "8.8.8.8" in err
    assert fake_waitress  # a warning, not a refusal: the inspector decides


@pytest.mark.parametrize("value", ["isolated", "independent_lan", "unknown"])
def test_serve_says_nothing_about_the_network_otherwise(fake_waitress, monkeypatch, value):
    fake_verdict(monkeypatch, value)
    _, err = run_serve()
    assert err == ""


def test_serve_judges_the_real_scanner_facts_when_offline(fake_waitress):
    _, err = run_serve()
    assert err == ""


def test_serve_rejects_an_impossible_port(fake_waitress):
    with pytest.raises(CommandError):
        run_serve("--port", "70000")


@pytest.mark.parametrize("host,expected", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                           ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                           ("10.0.0.5", False), ("example", False)])
def test_is_loopback(host, expected):
    assert serve.is_loopback(host) is expected


def call_static(path, method="GET"):
    captured = {}

    def start_response(status, headers):
        captured["status"], captured["headers"] = status, dict(headers)

    def django_app(environ, start_response_):
        start_response_("200 OK", [("Content-Type", "text/plain")])
        return [b"django"]

    body = b"".join(serve.StaticFiles(django_app, "/static/")({"PATH_INFO": path, "REQUEST_METHOD": method},
                                                              start_response))
    return captured["status"], captured["headers"], body


def test_static_wrapper_serves_a_packaged_stylesheet_with_its_type():
    status, headers, body = call_static("/static/bmnn/css/bmnn.css")
    assert status == "200 OK"
    assert headers["Content-Type"].startswith("text/css")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert int(headers["Content-Length"]) == len(body) > 0


def test_static_wrapper_serves_javascript_as_javascript():
    status, headers, _ = call_static("/static/bmnn/js/bmnn.js")
    assert status == "200 OK" and headers["Content-Type"].startswith("text/javascript")


def test_static_wrapper_serves_an_app_asset_through_the_finders():
    status, _, _ = call_static("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    assert status == "200 OK"


@pytest.mark.parametrize("path", [
    "/static/../settings.py", "/static/bmnn/../../settings.py", "/static/bmnn/%2e%2e/%2e%2e/settings.py",
    "/static/%2fetc%2fpasswd", "/static//etc/passwd", "/static/bmnn\\..\\..\\settings.py",
    "/static/bmnn/css/bmnn.css%00.txt", "/static/C:/Windows/win.ini", "/static/.hidden",
])
def test_static_wrapper_refuses_traversal(path):
    status, _, body = call_static(path)
    assert status == "404 Not Found" and b"SECRET" not in body and b"import" not in body


def test_static_wrapper_never_lists_a_directory():
    status, _, _ = call_static("/static/bmnn/css/")
    assert status == "404 Not Found"
    status, _, _ = call_static("/static/bmnn")
    assert status == "404 Not Found"


def test_static_wrapper_answers_head_without_body_and_refuses_post():
    status, headers, body = call_static("/static/bmnn/css/bmnn.css", "HEAD")
    assert status == "200 OK" and body == b"" and int(headers["Content-Length"]) > 0
    status, _, _ = call_static("/static/bmnn/css/bmnn.css", "POST")
    assert status.startswith("405")


def test_static_wrapper_passes_other_paths_to_django():
    status, _, body = call_static("/tai-lieu/")
    assert status == "200 OK" and body == b"django"


def test_serve_on_every_address_accepts_the_machines_own_addresses_as_host(fake_waitress, settings):
    run_serve("--host", "0.0.0.0", "--allow-lan")
    assert "127.0.0.1" in settings.ALLOWED_HOSTS and "[::1]" in settings.ALLOWED_HOSTS
