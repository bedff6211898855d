"""`tutela send_risk_action_reminders`: e-mail the owners of actions due within seven days;
run it daily."""

from typing import Any

from django.core.management.base import BaseCommand

from tutela.risks.services import action_reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the owner of each pending mitigating action that falls due within seven days. "
        "Each action is reminded once per due date, so the command can run every day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = action_reminders_send()
        self.stdout.write(f"Reminders sent: {sent}")
