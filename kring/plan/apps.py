from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "kring.plan"
    label = "plan"
    verbose_name = _("Plan")

    def seed_demo(self, users: dict[str, Any]) -> None:
        """Give the demo job seeker Sanne her asks and outcomes (seed_demo calls this)."""
        from kring.plan.demo import seed_plan

        seed_plan(users)
