"""Demo frameworks: the shipped library, and at the large scale 500 reportable action points."""

from __future__ import annotations

import random

import pytest

from tutela.common.demo import DemoContext
from tutela.frameworks import demo
from tutela.frameworks.models import Framework
from tutela.organizations.reference_data import reference_data_load

pytestmark = pytest.mark.django_db


def test_the_large_scale_adds_a_500_action_point_framework_once() -> None:
    reference_data_load()
    context = DemoContext(rng=random.Random(1), scale="large")
    demo.generate(context)
    demo.generate(context)
    large = Framework.objects.get(slug=demo.LARGE_SLUG)
    assert (large.owner_body.acronym, large.status) == ("HLCM", "published")
    assert large.nodes.filter(reportable=True, type="action_point").count() == 500
    assert large.nodes.get(ref_id="7.12").text.startswith("Action point 7.12: ")
    assert Framework.objects.filter(slug="rights-up-front", status="published").count() == 1
