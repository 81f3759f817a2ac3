"""The cluster's nginx configuration: sticky sessions, WebSockets, loopback only, and valid for nginx."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from advisor.cluster import nginx_config


def test_the_proxy_is_sticky_passes_websockets_and_listens_on_the_loopback(tmp_path: Path) -> None:
    conf = nginx_config(tmp_path, 8080, [8511, 8512, 8513])
    assert "hash $advisor_route consistent;" in conf
    assert 'add_header Set-Cookie "advisor_route=$advisor_route' in conf
    assert [line.strip() for line in conf.splitlines() if line.strip().startswith("server 1")] == [
        "server 127.0.0.1:8511;",
        "server 127.0.0.1:8512;",
        "server 127.0.0.1:8513;",
    ]
    assert "listen 127.0.0.1:8080;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # overwritten, never appended
    listens = [line for line in conf.splitlines() if "listen" in line]
    assert all("127.0.0.1" in line for line in listens)


@pytest.mark.skipif(shutil.which("nginx") is None, reason="Debian's nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    (tmp_path / "nginx-tmp").mkdir()
    (tmp_path / "nginx.conf").write_text(nginx_config(tmp_path, 8080, [8511, 8512]), encoding="utf-8")
    result = subprocess.run(
        ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
