"""Small typed readers of environment variables that fail loudly on nonsense."""

from __future__ import annotations

import base64
import binascii
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


@dataclass(frozen=True)
class Database:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    def as_django(self) -> dict[str, object]:
        config: dict[str, object] = {"ENGINE": self.engine, "NAME": self.name}
        if self.engine.endswith("postgresql"):
            config.update(
                USER=self.user,
                PASSWORD=self.password,
                HOST=self.host,
                PORT=self.port,
                CONN_MAX_AGE=60,
                CONN_HEALTH_CHECKS=True,
                # Parameters travel separately from the SQL, so psycopg prepares a statement the connection
                # has run a few times and PostgreSQL stops planning the busy pages' queries on every request.
                OPTIONS={"server_side_binding": True},
            )
        else:
            # WAL lets readers and one writer work at once; the timeout waits for the writer rather than
            # failing.
            if self.name != ":memory:":
                config["CONN_MAX_AGE"] = 60  # reuse the connection (and its pragmas) across requests
            config["OPTIONS"] = {
                "timeout": 20,
                # Memory-mapped reads and a 32 MB page cache per connection: big caseloads are read from
                # memory rather than through a system call per page. secure_delete overwrites every deleted
                # or replaced row with zeros at once, so no earlier version of a person's data stays in the
                # file's free space to outlive their erasure.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768; PRAGMA secure_delete=ON;",
                "transaction_mode": "IMMEDIATE",
            }
        return config


def parse_database_url(url: str, var_dir: Path) -> Database:
    """Accept sqlite:///relative/or/absolute.db, sqlite:///:memory: and postgres(ql)://user:pw@host:port/name."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        raw_path = unquote(parts.path)
        if raw_path in ("/:memory:", ":memory:"):
            return Database("django.db.backends.sqlite3", ":memory:")
        # sqlite:///var/x.db is relative to the project; sqlite:////abs/x.db is absolute.
        path = Path(raw_path[1:]) if raw_path.startswith("/") else Path(raw_path)
        if not path.is_absolute():
            path = var_dir.parent / path
        if not raw_path.strip("/"):
            raise ImproperlyConfigured(
                "DATABASE_URL sqlite:/// needs a file name, e.g. sqlite:///var/cpi.sqlite3"
            )
        return Database("django.db.backends.sqlite3", str(path))
    if scheme in ("postgres", "postgresql", "pgsql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(
                "DATABASE_URL for PostgreSQL needs a database name: postgres://user@host:5432/NAME"
            )
        return Database(
            "django.db.backends.postgresql",
            name,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            host=parts.hostname or "",
            port=str(parts.port or ""),
        )
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:/// or postgres://"
    )


def local_secret_key(var_dir: Path) -> str:
    """Generate a key once into var/ so local sessions survive restarts; never used in production."""
    path = var_dir / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if key:
            return key
    var_dir.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def secret_key_problem(key: str) -> str:
    """Why `key` is too weak to sign sessions and links in production, or "" if it will do: at least 50
    characters, at least 12 different ones, not one short piece repeated ("abcdef" * 10), and at least
    192 bits by the spread of its characters (a random hex key of 64 has 256)."""
    if key.startswith("django-insecure"):
        return "it is Django's insecure development key"
    if len(key) < 50:
        return f"it has {len(key)} characters, fewer than 50"
    counts = Counter(key)
    if len(counts) < 12:
        return f"it uses only {len(counts)} different characters"
    if key in (key + key)[1:-1]:
        return "it is a short piece repeated"
    bits = -sum(n * math.log2(n / len(key)) for n in counts.values())
    if bits < 192:
        return f"its characters carry about {bits:.0f} bits, fewer than 192"
    return ""


def master_key(raw: str, var_dir: Path, *, production: bool) -> bytes:
    """CPI_MASTER_KEY: 32 random bytes in URL-safe base64. It wraps every person's own key (see
    audit/keys.py). Production must set it; locally one is generated once into var/ (kept apart from the
    database)."""
    if not raw:
        if production:
            raise ImproperlyConfigured(
                "CPI_PRODUCTION=1 needs CPI_MASTER_KEY (32 random bytes, URL-safe base64). Generate one "
                "with: python -c 'import base64, os; "
                "print(base64.urlsafe_b64encode(os.urandom(32)).decode())'"
            )
        path = var_dir / "master_key"
        if path.exists() and path.read_text().strip():
            raw = path.read_text().strip()
        else:
            var_dir.mkdir(parents=True, exist_ok=True)
            raw = base64.urlsafe_b64encode(os.urandom(32)).decode()
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(raw)
    try:
        key = base64.urlsafe_b64decode(raw.strip().encode())
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise ImproperlyConfigured(
            "CPI_MASTER_KEY must be 32 random bytes in URL-safe base64 (44 characters)."
        )
    return key
