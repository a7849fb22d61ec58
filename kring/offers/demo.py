"""The demo organisation's local offers (sociale kaart) and a few referrals; safe to run again.

Invented places of the kinds a Dutch town has, in the invented town of Demostad. Routes are
"via your coach" or a site under example.org: no real address, phone number or organisation.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kring.accounts.models import User
from kring.offers.models import Offer, Referral, ReferralOutcome

DEMO_REGION = "Demostad"

# (name, kind, region, target groups, gaps, contact route, website, description)
DEMO_OFFERS: list[tuple[str, str, str, list[str], list[str], str, str, str]] = [
    (
        "Jobclub Demostad",
        "job_club",
        DEMO_REGION,
        [],
        [],
        "Meld je aan via je klantmanager. Je kunt ook een keer komen kijken.",
        "https://jobclub.demostad.example.org",
        "Elke dinsdagochtend zoek je samen met anderen naar werk. Je oefent gesprekken. "
        "Je deelt tips over banen. Een coach helpt mee.",
    ),
    (
        "Jobclub 50+",
        "job_club",
        DEMO_REGION,
        ["50plus"],
        [],
        "Meld je aan via je klantmanager.",
        "",
        "Voor mensen boven de 50 die werk zoeken. Je leert van elkaar. "
        "Werkgevers komen vertellen wat zij zoeken.",
    ),
    (
        "Groep Samen Verder",
        "peer_group",
        DEMO_REGION,
        [],
        [],
        "Kom op donderdagmiddag naar buurthuis De Linde. Je hoeft je niet aan te melden.",
        "",
        "Praat met mensen die ook werk zoeken. Je staat er niet alleen voor. "
        "We drinken koffie en vertellen wat goed werkt.",
    ),
    (
        "Maatje Demostad",
        "buddy",
        DEMO_REGION,
        [],
        [],
        "Vraag het aan via je klantmanager of via de website.",
        "https://maatje.demostad.example.org",
        "Een vrijwilliger trekt een half jaar met je op. Jullie spreken elke week af. "
        "Je maatje kent ook mensen die je verder kunnen helpen.",
    ),
    (
        "Vrijwilligerspunt Demostad",
        "volunteer_centre",
        DEMO_REGION,
        [],
        [],
        "Loop binnen op maandag of woensdag. Of kijk op de website.",
        "https://vrijwilligerspunt.demostad.example.org",
        "Hier vind je vrijwilligerswerk dat bij je past. Zo doe je ervaring op. "
        "Je leert nieuwe mensen kennen. Vaak krijg je ook een referentie.",
    ),
    (
        "Buurthuis De Linde",
        "neighbourhood_centre",
        DEMO_REGION,
        [],
        [],
        "Loop binnen op een werkdag tussen 9 en 17 uur.",
        "",
        "Een huis in de wijk waar iedereen welkom is. Er is koffie en een eettafel. "
        "Er is ook een groep die samen klussen doet.",
    ),
    (
        "Dorpshuis Het Anker",
        "neighbourhood_centre",
        "Buurdorp",
        [],
        [],
        "Loop binnen op dinsdag of vrijdag.",
        "",
        "Het huis van het dorp. Je kunt er koffie drinken, kaarten en mee helpen met feesten.",
    ),
    (
        "Taalcafé in de bibliotheek",
        "language_cafe",
        DEMO_REGION,
        ["newcomers"],
        [],
        "Kom op vrijdagochtend naar de bibliotheek. Het is gratis.",
        "",
        "Oefen Nederlands met vrijwilligers en andere mensen. We praten over gewone dingen. "
        "Je leert zo ook de stad kennen.",
    ),
    (
        "Wandelgroep Stap voor Stap",
        "sports_club",
        DEMO_REGION,
        [],
        [],
        "Kom op maandag om 10 uur naar het park bij het station.",
        "",
        "Elke week lopen we samen een uur. Daarna drinken we koffie. Iedereen kan meedoen.",
    ),
    (
        "Sportclub Demostad",
        "sports_club",
        DEMO_REGION,
        ["youth"],
        [],
        "Meld je aan via de website. Je klantmanager kan helpen met de kosten.",
        "https://sportclub.demostad.example.org",
        "Sporten voor weinig geld. De club zoekt ook mensen die willen helpen. "
        "Zo leer je snel mensen kennen.",
    ),
    (
        "Eigen Kracht-conferentie",
        "professional_conference",
        "",
        [],
        [],
        "Vraag het aan je coach. Je coach vraagt het aan bij de Eigen Kracht Centrale.",
        "https://eigenkracht.example.org",
        "Je nodigt mensen uit die je willen helpen. Samen maken jullie een plan. "
        "Iemand van buiten helpt bij de voorbereiding.",
    ),
    (
        "Kringloopwinkel De Tweede Ronde",
        "other",
        DEMO_REGION,
        [],
        ["quadrant:work_school_club", "function:reference"],
        "Via je klantmanager. Je begint met een gesprek in de winkel.",
        "",
        "Werk een paar ochtenden per week mee in de winkel. Je krijgt vaste collega's. "
        "Na drie maanden krijg je een referentie.",
    ),
]


@transaction.atomic
def seed_offers(users: dict[str, User]) -> None:
    """Give the demo organisation its offers (unless it has some) and a few referrals."""
    organisation_id = users["admin@demo.kring.test"].organisation_id
    if organisation_id is None:  # the demo admin always has the demo organisation
        return
    if not Offer.objects.of(organisation_id).exists():
        Offer.objects.bulk_create(
            Offer(
                organisation_id=organisation_id,
                name=name,
                kind=kind,
                region=region,
                target_groups=groups,
                gaps=gaps,
                contact_route=route,
                website=website,
                description=description,
            )
            for name, kind, region, groups, gaps, route, website, description in DEMO_OFFERS
        )
    offers = {offer.name: offer for offer in Offer.objects.of(organisation_id)}
    today = timezone.localdate()
    # (job seeker, coach, offer, days ago, outcome)
    for email, coach, name, days, outcome in [
        ("sanne@demo.kring.test", "coach1@demo.kring.test", "Vrijwilligerspunt Demostad", 40,
         ReferralOutcome.JOINED),
        ("sanne@demo.kring.test", "coach1@demo.kring.test", "Jobclub Demostad", 5,
         ReferralOutcome.PENDING),
        ("joke@demo.kring.test", "coach2@demo.kring.test", "Maatje Demostad", 12,
         ReferralOutcome.PENDING),
    ]:  # fmt: skip
        jobseeker, offer = users[email], offers.get(name)
        if offer is None or Referral.objects.of(jobseeker).filter(offer_name=name).exists():
            continue
        Referral.objects.create(
            jobseeker=jobseeker,
            offer=offer,
            offer_name=offer.name,
            referred_by=users[coach],
            referred_on=today - timedelta(days=days),
            outcome=outcome,
            outcome_on=today - timedelta(days=days - 14) if outcome != "pending" else None,
        )
