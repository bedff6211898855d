import pytest


@pytest.fixture(autouse=True)
def easy_proof_of_work(settings: object) -> None:
    """Cheap proofs of work in tests (production asks 16 bits)."""
    settings.TUTELA_CASES_POW_BITS = 4  # type: ignore[attr-defined]
