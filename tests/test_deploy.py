"""Deployment limits: what .streamlit/config.toml sets, and a length limit on every text input."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
PAGES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")), ROOT / "src" / "advisor" / "webapp.py"]
TEXT_WIDGETS = {"chat_input", "text_input", "text_area"}


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_the_server_listens_on_the_loopback_with_cors_and_xsrf(config: dict) -> None:
    server = config["server"]
    assert server["address"] == "localhost"
    assert server["enableCORS"] is True
    assert server["enableXsrfProtection"] is True
    assert server["enableStaticServing"] is False
    assert set(server["allowedHosts"]) <= {"localhost", "127.0.0.1"}
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False


def test_upload_and_message_limits_are_small(config: dict) -> None:
    server = config["server"]
    assert server["maxUploadSize"] <= 2  # MB; Streamlit's default is 200
    assert server["maxMessageSize"] <= 16  # MB; default 200
    assert server["maxWidgetStateSize"] <= 2  # MB; default 25


def test_every_setting_is_an_option_of_the_installed_streamlit(config: dict) -> None:
    from streamlit import config as streamlit_config

    known = set(streamlit_config._config_options_template)
    settings = {f"{section}.{key}" for section, values in config.items() for key in values}
    assert settings <= known, settings - known


def _text_widget_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in TEXT_WIDGETS
    ]


def test_every_text_input_has_a_length_limit() -> None:
    calls = [(path, call) for path in PAGES for call in _text_widget_calls(path)]
    assert len(calls) >= 5  # chat, comment, flag reason, correction, source (and sign-in)
    unlimited = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, call in calls
        if not any(keyword.arg == "max_chars" for keyword in call.keywords)
    ]
    assert unlimited == []


def test_the_question_limit_of_the_chat_is_the_api_limit() -> None:
    from advisor.api import MAX_QUESTION_CHARS

    source = (ROOT / "app_pages" / "ask.py").read_text(encoding="utf-8")
    assert "chat_input(" in source
    assert "max_chars=MAX_QUESTION_CHARS" in source
    assert MAX_QUESTION_CHARS == 2000


def test_the_deployment_guide_sets_the_headers_streamlit_cannot() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for header in (
        'add_header X-Frame-Options "DENY"',
        "add_header Content-Security-Policy",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        'add_header X-Content-Type-Options "nosniff"',
        "add_header Referrer-Policy",
        "proxy_set_header Upgrade $http_upgrade",
    ):
        assert header in guide, header
