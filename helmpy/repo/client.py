"""HTTP access to chart repositories (requests is imported lazily).

Credentials rule (Helm's, and security.md's): a repository's username/password and client
certificate go only to URLs with the repository's own scheme, host and port, unless the entry
has ``pass_credentials_all``. Redirects to another origin lose them too.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from helmpy.errors import HelmpyError
from helmpy.repo.index import IndexFile, loads, url_join
from helmpy.repo.repofile import RepoEntry, store_index

MAX_INDEX_BYTES = 512 * 1024 * 1024
MAX_CHART_BYTES = 100 * 1024 * 1024
USER_AGENT = "Helm/4.2.3 (helmpy)"


class FetchError(HelmpyError):
    """A download that failed (status, transport or size)."""


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


def same_origin(a: str, b: str) -> bool:
    return _origin(a) == _origin(b)


@dataclass
class Getter:
    """Downloads for one repository entry (or none, for a bare URL)."""

    entry: RepoEntry | None = None

    def _session(self, url: str) -> Any:
        import requests

        session = requests.Session()
        session.headers["User-Agent"] = USER_AGENT
        session.trust_env = True
        entry = self.entry
        trusted = entry is not None and (entry.pass_credentials_all or same_origin(entry.url, url))
        if entry is not None and trusted:
            if entry.username or entry.password:
                session.auth = (entry.username, entry.password)
            if entry.cert_file and entry.key_file:
                session.cert = (entry.cert_file, entry.key_file)
        if entry is not None:
            if entry.insecure_skip_tls_verify:
                session.verify = False
            elif entry.ca_file:
                session.verify = entry.ca_file
        return session

    def get(self, url: str, limit: int = MAX_CHART_BYTES) -> bytes:
        import requests

        session = self._session(url)
        try:
            # Follow redirects by hand so credentials never cross to a foreign origin.
            current = url
            for _ in range(10):
                # verify passed per request: requests would let REQUESTS_CA_BUNDLE from the
                # environment override a session-level --ca-file.
                response = session.get(current, stream=True, timeout=120, allow_redirects=False,
                                       verify=session.verify)
                if response.is_redirect or response.is_permanent_redirect:
                    target = requests.compat.urljoin(current, response.headers["Location"])
                    response.close()
                    if not (self.entry and (self.entry.pass_credentials_all
                                            or same_origin(self.entry.url, target))):
                        session.auth = None
                        session.cert = None
                    current = target
                    continue
                break
            if response.status_code != 200:
                response.close()
                raise FetchError(f"failed to fetch {url} : {response.status_code} "
                                 f"{response.reason}")
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_content(1 << 16):
                total += len(chunk)
                if total > limit:
                    response.close()
                    raise FetchError(f"{url}: response larger than {limit} bytes")
                chunks.append(chunk)
            return b"".join(chunks)
        except requests.RequestException as err:
            raise FetchError(f"Get \"{url}\": {err}") from err
        finally:
            session.close()


def index_url(repo_url: str) -> str:
    """Where a repository's index lives (query strings kept, as Helm does)."""
    parts = urlsplit(repo_url)
    base = parts._replace(query="").geturl()
    joined = url_join(base.rstrip("/") + "/", "index.yaml")
    return urlsplit(joined)._replace(query=parts.query).geturl()


def download_index(entry: RepoEntry, cache_dir: Path | None) -> tuple[IndexFile, bytes]:
    """Fetch, validate and (when ``cache_dir`` is given) cache a repository's index."""
    data = Getter(entry).get(index_url(entry.url), MAX_INDEX_BYTES)
    if cache_dir is not None:
        from helmpy.repo.repofile import reuse_parsed

        unchanged = reuse_parsed(cache_dir, entry.name, data)
        if unchanged is not None:
            return unchanged, data
    index = loads(data, index_url(entry.url))
    if cache_dir is not None:
        store_index(cache_dir, entry.name, data, index)
    return index, data


def download_to(url: str, dest_dir: Path, entry: RepoEntry | None,
                filename: str | None = None) -> Path:
    """Download a chart archive into ``dest_dir`` under a safe file name."""
    from helmpy.repoformat.metadata import safe_path_segment

    name = filename or unquote(os.path.basename(urlsplit(url).path))  # Go's URL.Path is decoded
    if not name.endswith(".tgz") or not safe_path_segment(name):
        raise FetchError(f"refusing to save {url!r}: unsafe file name {name!r}")
    data = Getter(entry).get(url)
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / name
    if target.is_symlink():
        raise FetchError(f"refusing to write through symbolic link {target}")
    target.write_bytes(data)
    return target
