"""The API's limit on requests without a token keeps no address: a daily keyed hash of it."""

from __future__ import annotations

from django.test import RequestFactory

from tutela.config.api import PseudonymousAnonThrottle


def test_the_cache_key_holds_no_address_and_is_stable() -> None:
    throttle = PseudonymousAnonThrottle("3/m")
    request = RequestFactory().get("/api/v1/health", REMOTE_ADDR="203.0.113.7")
    key = throttle.get_cache_key(request)
    assert key is not None
    assert "203.0.113.7" not in key
    assert key == throttle.get_cache_key(request)
    other = RequestFactory().get("/api/v1/health", REMOTE_ADDR="203.0.113.8")
    assert throttle.get_cache_key(other) != key


def test_requests_over_the_limit_are_refused() -> None:
    throttle = PseudonymousAnonThrottle("3/m")
    request = RequestFactory().get("/api/v1/health", REMOTE_ADDR="203.0.113.9")
    allowed = [throttle.allow_request(request) for _ in range(4)]
    assert allowed == [True, True, True, False]
