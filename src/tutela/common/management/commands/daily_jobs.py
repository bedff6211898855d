"""`tutela daily_jobs`: what must run once a day, in one command for cron or a systemd timer —
check the audit chain, remind owners of mitigating actions falling due, and destroy the cases
whose retention period has ended. Every job runs even when one fails; the command then exits
non-zero and names the failed jobs."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

DAILY_JOBS = ("audit_verify", "send_risk_action_reminders", "cases_retention")


class Command(BaseCommand):
    help = "Run the daily jobs (audit chain check, action reminders, case retention)."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = []
        for job in DAILY_JOBS:
            self.stdout.write(f"== {job}")
            try:
                call_command(job, stdout=self.stdout, stderr=self.stderr)
            except Exception as error:  # every failure is reported below
                self.stderr.write(f"{job} failed: {error}")
                failed.append(job)
        if failed:
            raise CommandError(f"Failed: {', '.join(failed)}")
        self.stdout.write(self.style.SUCCESS("Daily jobs done."))
