from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "kring.offers"
    label = "offers"
    verbose_name = _("Local offers")

    def seed_demo(self, users: dict[str, Any]) -> None:
        """Give the demo organisation its list of local offers (seed_demo calls this)."""
        from kring.offers.demo import seed_offers

        seed_offers(users)
