"""Run the test suite on SQLite, then on PostgreSQL.

PostgreSQL is used when it answers at BMNN_TEST_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/test). When it does not, this says so
loudly and the PostgreSQL leg is reported as SKIPPED — never as passed."""

import os
import subprocess
import sys
import tempfile

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def pytest(label: str, extra_env: dict[str, str]) -> int:
    env = {**os.environ, **extra_env}
    env.setdefault("BMNN_DATA_DIR", tempfile.mkdtemp(prefix=f"bmnn-test-{label}-"))
    print(f"\n=== Kiểm thử trên {label} / tests on {label} ===", flush=True)
    workers = os.environ.get("BMNN_TEST_WORKERS", "2")
    args = [sys.executable, "-m", "pytest", "-q", "-n", workers, *sys.argv[1:]]
    return subprocess.call(args, env=env)


def postgres_reachable(url: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def main() -> int:
    status = pytest("SQLite", {"BMNN_DATABASE_URL": ""})
    url = os.environ.get("BMNN_TEST_POSTGRES_URL", DEFAULT_URL)
    problem = postgres_reachable(url)
    if problem:
        print(f"\n=== PostgreSQL SKIPPED: không kết nối được {url} ({problem}). "
              f"Phần kiểm thử PostgreSQL BỊ BỎ QUA, không được tính là đạt. ===", flush=True)
    else:
        status = pytest("PostgreSQL", {"BMNN_DATABASE_URL": url}) or status
    print("\n=== KẾT QUẢ / RESULT: " + ("ĐẠT / PASSED" if status == 0 else "KHÔNG ĐẠT / FAILED")
          + (" (PostgreSQL skipped)" if problem else "") + " ===", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
