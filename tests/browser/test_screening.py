"""The browser encoder (encode.js) gives bit-identical encodings to the Python encoder on the
shared test vectors, and a screening officer checks a candidate whose name never leaves the
browser."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.harness import email_of, enrol_two_factor, sign_in

pytestmark = pytest.mark.browser

VECTORS_PATH = (
    Path(__file__).resolve().parents[2] / "src" / "tutela" / "screening" / "encoding_vectors.json"
)

CHECK_PATH = "/screening/checks/new/"
ENCODE_ALL = """async (vectors) => {
  const box = document.getElementById("screening-encoder");
  const schema = await window.TutelaScreening.loadSchema(box.dataset.schema);
  const out = [];
  for (const v of vectors) {
    out.push({
      normalised_given: window.TutelaScreening.normalise(v.given, schema),
      normalised_family: window.TutelaScreening.normalise(v.family, schema),
      encoding: await window.TutelaScreening.encode(
        {given: v.given, family: v.family, date_of_birth: v.date_of_birth},
        new TextEncoder().encode(v.key), schema),
    });
  }
  return out;
}"""


def test_screening_officer_encodes_in_the_browser(
    page: Page, base_url: str, tutela_server: Any
) -> None:
    # A screening officer must enrol a second factor first (TUTELA_TWO_FACTOR_ROLES); one test
    # signs in once and walks both checks.
    sign_in(page, base_url, email_of("screening_officer"), next_path=CHECK_PATH)
    enrol_two_factor(page)
    expect(page).to_have_url(f"{base_url}{CHECK_PATH}")
    _vectors_are_bit_identical(page)
    _officer_checks_a_candidate(page, base_url, Path(tutela_server.var_dir))


def _vectors_are_bit_identical(page: Page) -> None:
    vectors: list[dict[str, Any]] = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))["vectors"]
    page.wait_for_load_state("load")
    found = page.evaluate(ENCODE_ALL, vectors)
    for vector, result in zip(vectors, found, strict=True):
        assert result["normalised_given"] == vector["normalised_given"], vector["given"]
        assert result["normalised_family"] == vector["normalised_family"], vector["family"]
        assert result["encoding"] == vector["encoding"], (vector["given"], vector["family"])


def _officer_checks_a_candidate(page: Page, base_url: str, var_dir: Path) -> None:
    key = (var_dir / "screening-demo.key").read_bytes()
    page.goto(f"{base_url}{CHECK_PATH}")
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.post_data or ""))
    page.get_by_label("Given name(s)").fill("Оксана")
    page.get_by_label("Family name(s)").fill("Мельник")
    page.get_by_label("Date of birth").fill("1988-02-11")
    page.get_by_label("Key file").set_input_files(
        files=[{"name": "screening-demo.key", "mimeType": "text/plain", "buffer": key}]
    )
    page.get_by_role("button", name="Encode").click()
    encoding_box = page.get_by_label("Encoding")
    expect(encoding_box).not_to_have_value("")
    expect(page.get_by_label("Given name(s)")).to_have_value("")
    page.get_by_label("Your reference for the candidate").fill("Application 77")
    page.locator("#main").get_by_role("button", name="Check", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check result")
    expect(page.locator("#main")).to_contain_text("WFP-2024-17")
    expect(page.locator("#main")).to_contain_text("Application 77")
    posted = " ".join(sent)
    for secret in ["Оксана", "%D0%9E", "Мельник", "1988-02-11", "Oksana"]:
        assert secret not in posted
