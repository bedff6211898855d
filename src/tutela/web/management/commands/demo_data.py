"""`tutela demo_data --scale small|large --seed N`: realistic, reproducible demo data."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from tutela.accounts.demo import DEMO_PASSWORD
from tutela.common.demo import DemoContext
from tutela.common.registry import app_modules
from tutela.organizations.reference_data import reference_data_load


class Command(BaseCommand):
    help = "Generate demo data for every module, with one demo user per role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["small", "large"], default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--large-only",
            metavar="APP",
            action="append",
            default=[],
            help="With --scale large: only these apps (e.g. violations) at large scale, the "
            "others small; a benchmark of one module need not wait for every module's data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rng = random.Random(options["seed"])  # noqa: S311 — demo data, not secrets
        scale = options["scale"]
        reference_data_load()
        context = DemoContext(rng=rng, scale=scale)
        with transaction.atomic():
            for module in app_modules("demo", providing="generate"):
                app = module.__name__.split(".")[1]
                large_only = options["large_only"]
                context.scale = scale if not large_only or app in large_only else "small"
                module.generate(context)
            context.scale = scale
        people = context
        for note in context.notes:
            self.stdout.write(note)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({scale}, seed {options['seed']})."))
        self.stdout.write(f"Demo logins — password for all: {DEMO_PASSWORD}")
        width = max(len(login.email) for login in people.logins)
        for login in people.logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role} — {login.scope}")
        self.stdout.write(
            "Administrator, secretariat, custodian, intake officer, investigator and screening "
            "officer enrol an authenticator app (TOTP) at their first sign-in."
        )
