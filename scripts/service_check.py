"""Exit 0 when the named server answers at the URL (postgres or redis), 1 otherwise."""
import sys


def main(kind: str, url: str) -> int:
    try:
        if kind == "postgres":
            import psycopg

            # Connect to the server's maintenance database: the test database is made by the tests.
            with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3) as conn:
                conn.execute("SELECT 1")
        else:
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
