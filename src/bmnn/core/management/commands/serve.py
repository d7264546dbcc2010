"""`bmnn serve`: the production server (waitress: pure Python, runs on Windows too).

Binds 127.0.0.1:8000 by default. A non-loopback address (other machines can
connect) needs --allow-lan, because the law allows only a standalone computer or
an independent LAN. DEBUG is forced off. Static files are served from the
installed package through Django's staticfiles finders (`StaticFiles` below), so
there is no collectstatic step and no extra dependency."""

from __future__ import annotations

import ipaddress
import mimetypes
import os
import posixpath
from email.utils import formatdate
from functools import lru_cache
from urllib.parse import unquote

from django.conf import settings

import bmnn
from django.core.management.base import BaseCommand, CommandError

LAN_WARNING = (
    "CẢNH BÁO: máy chủ sẽ nhận kết nối từ các máy khác trong mạng. Theo quy định bảo vệ bí mật nhà nước, "
    "chỉ được dùng trên mạng LAN độc lập, không kết nối Internet (chạy `bmnn check` để kiểm tra). "
    "WARNING: other machines can connect; only an independent LAN without Internet access is lawful."
)

# Verdicts of bmnn.scanner.facts that make `serve` warn at start (it still starts: the inspector decides).
WARN_VERDICTS = {
    "connected": "Không được lưu giữ, xử lý bí mật nhà nước trên máy tính kết nối Internet, mạng viễn thông hoặc "
                 "mạng khác ngoài mạng LAN độc lập (Điều 5 Luật BVBMNN). / WARNING: this machine "
                 "looks connected beyond an independent LAN.",
    "was_connected": "Máy đã từng kết nối mạng ngoài mạng LAN độc lập: cần xác minh trước khi xử lý bí mật nhà nước "
                     "(khoản 5 Điều 5 Luật BVBMNN 2018 cấm cả máy đã từng kết nối). / WARNING: this machine was "
                     "connected beyond an independent LAN in the past.",
}

# Explicit types for what the package ships: some Windows registries map .js to text/plain,
# which browsers refuse under X-Content-Type-Options: nosniff.
PACKAGE_STATIC = os.path.join(os.path.dirname(os.path.abspath(bmnn.__file__)), "static")

CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".map": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
    ".ico": "image/x-icon", ".gif": "image/gif", ".jpg": "image/jpeg", ".woff2": "font/woff2", ".woff": "font/woff",
    ".ttf": "font/ttf", ".txt": "text/plain; charset=utf-8", ".html": "text/html; charset=utf-8",
}


def is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything, so treat it as reaching the LAN


def display_url(host: str, port: int) -> str:
    host = host.strip("[]")
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def content_type(path: str) -> str:
    ext = os.path.splitext(path)[1].lower()
    return CONTENT_TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def safe_relative(path: str) -> str | None:
    """The URL path below STATIC_URL as a clean relative path, or None if it tries to leave it."""
    path = unquote(path)
    if not path or "\x00" in path or "\\" in path or path.startswith("/"):
        return None
    parts = path.split("/")
    if any(p in ("", ".", "..") or p.startswith(".") or ":" in p for p in parts):
        return None  # no traversal, no hidden files, no drive letters or streams (Windows)
    return posixpath.join(*parts)


@lru_cache(maxsize=1024)
def find_static(relative: str) -> str | None:
    """The absolute path of a packaged static file, or None. Directories are never served.

    Looks in the apps' static directories (Django's finders, e.g. the API docs'
    assets) and in the package's own `bmnn/static`, which is not an app's."""
    from django.contrib.staticfiles import finders
    from django.core.exceptions import SuspiciousFileOperation
    from django.utils._os import safe_join

    try:
        found = finders.find(relative) or safe_join(PACKAGE_STATIC, relative)
    except SuspiciousFileOperation:
        return None
    if isinstance(found, list):
        found = found[0] if found else None
    return found if found and os.path.isfile(found) else None


class StaticFiles:
    """WSGI middleware: GET/HEAD under STATIC_URL from the finders, everything else to Django."""

    def __init__(self, application, prefix: str | None = None):
        self.application = application
        self.prefix = prefix or settings.STATIC_URL

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith(self.prefix):
            return self.application(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self._plain(start_response, "405 Method Not Allowed", b"405", [("Allow", "GET, HEAD")])
        relative = safe_relative(path[len(self.prefix):])
        found = find_static(relative) if relative else None
        if not found:
            return self._plain(start_response, "404 Not Found", "Không tìm thấy / Not found".encode())
        stat = os.stat(found)
        headers = [
            ("Content-Type", content_type(found)),
            ("Content-Length", str(stat.st_size)),
            ("Last-Modified", formatdate(stat.st_mtime, usegmt=True)),
            ("Cache-Control", "public, max-age=3600"),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if environ.get("HTTP_IF_MODIFIED_SINCE") == headers[2][1]:
            start_response("304 Not Modified", headers[2:])
            return [b""]
        start_response("200 OK", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return [b""]
        handle = open(found, "rb")
        wrapper = environ.get("wsgi.file_wrapper")
        return wrapper(handle, 64 * 1024) if wrapper else _chunks(handle)

    @staticmethod
    def _plain(start_response, status: str, body: bytes, extra=()):
        start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body))),
                                ("X-Content-Type-Options", "nosniff"), *extra])
        return [body]


def _chunks(handle):
    with handle:
        while chunk := handle.read(64 * 1024):
            yield chunk


class Command(BaseCommand):
    help = "Chạy máy chủ web của bmnn (waitress). Mặc định chỉ nhận kết nối từ chính máy này (127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Địa chỉ lắng nghe (mặc định 127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Cổng (mặc định 8000).")
        parser.add_argument("--threads", type=int, default=8, help="Số luồng xử lý (mặc định 8).")
        parser.add_argument("--allow-lan", action="store_true",
                            help="Cho phép lắng nghe trên địa chỉ mạng LAN (chỉ dùng trong mạng LAN độc lập).")

    def handle(self, *args, host, port, threads, allow_lan, **options):
        if not 0 < port < 65536:
            raise CommandError(f"Cổng không hợp lệ: {port} / invalid port.")
        if threads < 1:
            raise CommandError("Số luồng phải từ 1 trở lên / --threads must be at least 1.")
        if not is_loopback(host):
            if not allow_lan:
                raise CommandError(
                    f"Từ chối lắng nghe trên {host}: địa chỉ này cho phép máy khác kết nối. Thêm --allow-lan nếu máy "
                    f"nằm trong mạng LAN độc lập. / Refusing to bind {host} without --allow-lan.")
            self.stderr.write(LAN_WARNING)
            self._allow_host(host)
        # Never a debug page with settings and stack traces in production.
        settings.DEBUG = False
        self._warn_if_connected()

        import waitress
        from django.core.wsgi import get_wsgi_application

        application = StaticFiles(get_wsgi_application())
        url = display_url(host, port)
        self.stdout.write(f"bmnn đang chạy tại {url} (nhấn Ctrl+C để dừng)\nbmnn is serving at {url} (Ctrl+C to stop)")
        waitress.serve(application, host=host.strip("[]"), port=port, threads=threads, ident="bmnn",
                       clear_untrusted_proxy_headers=True)

    def _warn_if_connected(self) -> None:
        """Rule G1: the system runs only where there is no outside connection; say so loudly if there is or was one.

        The scanner's facts and verdict, as `bmnn check` uses them; collected without a probe (nothing sent)."""
        from bmnn.core.management.commands.check import verdict_label
        from bmnn.scanner import facts

        answer = facts.verdict(facts.collect())
        value = answer["value"]
        if value not in WARN_VERDICTS:
            return
        self.stderr.write(f"CẢNH BÁO: kết luận kiểm tra mạng «{verdict_label(value)}» [{value}]. {WARN_VERDICTS[value]} "
                          "Chạy `bmnn check` để xem chi tiết.\n" + "\n".join(f"  - {e}" for e in answer["evidence"]))

    @staticmethod
    def _allow_host(host: str) -> None:
        """Accept the Host header browsers on the LAN will send: the bound address, or every local address."""
        addresses = [host.strip("[]")]
        if addresses[0] in ("0.0.0.0", "::"):
            import socket

            import psutil

            addresses = [a.address.split("%", 1)[0] for infos in psutil.net_if_addrs().values() for a in infos
                         if a.family in (socket.AF_INET, socket.AF_INET6)]
        hosts = [f"[{a}]" if ":" in a else a for a in addresses]  # Django compares IPv6 hosts with brackets
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *(h for h in hosts if h not in settings.ALLOWED_HOSTS)]
