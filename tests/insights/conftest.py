"""The fake Messages API, and settings that point the real SDK at it."""

from __future__ import annotations

import pytest

from tests.insights.fake_anthropic import FakeAnthropic, serve
from trainer.settings import Settings


@pytest.fixture
def fake_api():
    fake = FakeAnthropic()
    server = serve(fake)
    yield fake
    server.shutdown()


@pytest.fixture
def claude_settings(fake_api, demo_sqlite_url) -> Settings:
    return Settings(
        database_url=demo_sqlite_url,
        data_dir=None,
        config_home=None,
        anthropic_api_key="sk-ant-test-not-a-real-key",
        anthropic_base_url=fake_api.url,
        insights_timeout_s=0.5,
    )
