from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "kring.exchange"
    label = "exchange"
    verbose_name = "Import and export"
