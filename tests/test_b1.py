"""Every page a job seeker can reach reads as B1 Dutch (DOMAIN.md §8, issue 11).

The test signs in as each demo job seeker and as a few generated ones, follows every link from
the home page that stays on the site (job seeker role only; no sign-out, no downloads), takes
the visible text of <main> and holds each page to three checks:

- on average at most 15 words a sentence;
- Flesch–Douma reading ease of at least 60 (textstat with language "nl": 206.835 − 0.93 ×
  words per sentence − 77 × syllables per word, Douma 1960);
- every word common Dutch (wordfreq Zipf frequency of 3 or more) or in docs/glossary-b1.md,
  the reviewed list of words Kring explains. Names people typed (contacts, moments, people,
  organisations, occupations) are not Kring's words and are left out.

Small print (sources of a questionnaire or an indicator), code and text marked as another
language are not held to B1: they are for the coach and for whoever wants to check the source.
Set KRING_B1_REPORT=path to write the per-page scores and the worst sentences to a file.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import textstat
from django.core.management import call_command
from django.test import Client
from wordfreq import zipf_frequency

from kring.accounts.models import Organisation, Role, Scope, User
from kring.network.models import Contact, NetworkProfile, Snapshot
from kring.network.services import network_changed, snapshot_create, tie_set
from kring.offers.models import Offer
from tests.conftest import client_for, make_grant, make_user

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary-b1.md"
MAX_WORDS_PER_SENTENCE = 15
MIN_READING_EASE = 60
MIN_ZIPF = 3.0
MIN_SENTENCE_WORDS = 3
# Numbers for a job seeker are whole numbers or words; a decimal ("0.94", "0,94") is a coach's.
# A number right after a code in capitals is a version ("WCAG 2.1"), not a measure.
DECIMAL = re.compile(r"(?<![A-Z] )(?<![\d.,])\d+[.,]\d")
# Pages of one kind look alike: reading two of each (two contacts, two moments) is enough.
PAGES_PER_PATTERN = 2
# Not pages to read: signing out, switching language, downloads and machine interfaces.
SKIP_PREFIXES = ("/logout/", "/i18n/", "/api/", "/django-admin/", "/static/", "/health")
SKIP_PATTERNS = (
    re.compile(r"/export/[a-z-]+/$"),  # the GraphML, GEXF and CSV files themselves
    re.compile(r"\.zip$"),
)
# Block elements end a sentence even where the text has no full stop (a heading, a label).
BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "label", "legend",
    "caption", "option", "button", "summary", "figcaption", "div", "section", "a", "title",
    "text", "tr", "br", "blockquote", "span", "strong", "em",
}  # fmt: skip
# Not held to B1: small print with sources, code, and anything that is not shown.
SKIPPED = {"script", "style", "code", "template", "noscript", "small"}
# Classes that mark text not held to B1: sources, and files for a coach or a program.
SKIPPED_CLASSES = {"source", "for-programs"}
VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area"}
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")


class MainText(HTMLParser):
    """Collect the visible text of <main> as short pieces, one per block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_main = 0
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.pieces: list[str] = []
        self.current: list[str] = []

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.pieces.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "main":
            self.in_main += 1
        if not self.in_main:
            return
        classes = (values.get("class") or "").split()
        skipped = (
            tag in SKIPPED
            or bool(SKIPPED_CLASSES.intersection(classes))
            or (values.get("lang") or "nl").split("-")[0] != "nl"
            or "hidden" in values
            or values.get("aria-hidden") == "true"
        )
        if tag in BLOCKS:
            self._flush()
        if tag == "input" and not self.skip_depth:
            for name in ("placeholder", "value"):
                if name == "value" and values.get("type") not in {"submit", "button"}:
                    continue
                if values.get(name):
                    self.pieces.append(" ".join((values[name] or "").split()))
        if tag in VOID:
            return
        if skipped:
            self.skip_depth += 1
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        if not self.in_main or tag in VOID:
            return
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if tag in BLOCKS:
            self._flush()
        if tag == "main":
            self._flush()
            self.in_main -= 1

    def handle_data(self, data: str) -> None:
        if self.in_main and not self.skip_depth:
            self.current.append(data)


class Links(HTMLParser):
    """Collect the same-site links of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def sentences(html: str) -> list[str]:
    parser = MainText()
    parser.feed(html)
    parser.close()
    found = []
    for piece in parser.pieces:
        for sentence in SENTENCE_END.split(piece):
            if WORD.search(sentence) or any(c.isdigit() for c in sentence):
                found.append(sentence.strip())
    return found


def words(text: str) -> list[str]:
    return WORD.findall(text)


def glossary() -> set[str]:
    """The words in the first column of docs/glossary-b1.md (a word and its forms, comma-separated)."""
    known: set[str] = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2 or not cells[0] or set(cells[0]) <= {"-", " "} or cells[0] == "word":
            continue
        known.update(form.strip().lower() for form in cells[0].split(",") if form.strip())
    return known


def names_in_database() -> set[str]:
    """Words people typed: contacts, moments, people, organisations, occupations and regions."""
    texts: list[str] = []
    texts += Contact.objects.values_list("label", flat=True)
    texts += Contact.objects.values_list("occupation", flat=True)
    texts += Snapshot.objects.values_list("name", flat=True)
    texts += User.objects.values_list("name", flat=True)
    texts += User.objects.values_list("email", flat=True)
    texts += Organisation.objects.values_list("name", flat=True)
    for profile in NetworkProfile.objects.all():
        texts += [profile.target_occupation, profile.region, profile.languages]
    # Local offers: the names, places and web addresses an organisation typed.
    for name, region, website in Offer.objects.values_list("name", "region", "website"):
        texts += [name, region, website]
    return {word.lower() for text in texts for word in words(text or "")}


@dataclass
class PageScore:
    url: str
    sentences: list[str]
    words_per_sentence: float
    reading_ease: float
    unknown_words: set[str] = field(default_factory=set)
    decimals: list[str] = field(default_factory=list)


def known(word: str, allowed: set[str], names: set[str]) -> bool:
    """Return whether a word is common Dutch, a glossary word or (part of) a typed name.

    The map shortens long names ("Klantman…"), so a start or an end of a name counts too.
    """
    if word in allowed or zipf_frequency(word, "nl") >= MIN_ZIPF:
        return True
    return any(name.startswith(word) or name.endswith(word) for name in names)


def score(url: str, page_sentences: list[str], allowed: set[str], names: set[str]) -> PageScore:
    # A label, a button or a heading of one or two words is not a sentence: counting them would
    # make every page look easy. Their words are still checked below.
    real = [s for s in page_sentences if len(words(s)) >= MIN_SENTENCE_WORDS]
    text = " ".join(s if s[-1] in ".!?" else s + "." for s in real)
    counts = [len(words(s)) for s in real]
    textstat.set_lang("nl")
    unknown = {
        word.lower()
        for sentence in page_sentences
        for word in words(sentence)
        if not known(word.lower(), allowed, names)
    }
    return PageScore(
        url=url,
        sentences=page_sentences,
        words_per_sentence=sum(counts) / len(counts) if counts else 0.0,
        reading_ease=float(textstat.flesch_reading_ease(text)) if text else 100.0,
        unknown_words=unknown,
        decimals=[s for s in page_sentences if DECIMAL.search(s)],
    )


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def crawl(client: Client) -> Iterator[tuple[str, str]]:
    """Yield (path, html) for every page reachable from the home page by links."""
    queue = ["/"]
    seen: set[str] = set()
    per_pattern: dict[str, int] = {}
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        assert response.status_code == 200, (path, response.status_code)
        if "text/html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        yield path, html
        links = Links()
        links.feed(html)
        for href in links.hrefs:
            target, _fragment = urldefrag(href)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            if parts.path.startswith(SKIP_PREFIXES) or any(
                p.search(parts.path) for p in SKIP_PATTERNS
            ):
                continue
            full = parts.path + (f"?{parts.query}" if parts.query else "")
            key = pattern(parts.path)
            if full in seen or full in queue:
                continue
            if per_pattern.get(key, 0) >= PAGES_PER_PATTERN:
                continue
            per_pattern[key] = per_pattern.get(key, 0) + 1
            queue.append(full)


def generated_jobseekers(organisation: Organisation) -> list[User]:
    """An empty network, a single contact, and a mixed random one with a saved moment."""
    empty = make_user(Role.JOBSEEKER, organisation=organisation, name="Nina")
    single = make_user(Role.JOBSEEKER, organisation=organisation, name="Tom")
    Contact.objects.create(owner=single, label="Zus", quadrant="family", ring=1, role="sibling")
    network_changed(single)
    mixed = make_user(Role.JOBSEEKER, organisation=organisation, name="Fatima")
    rng = random.Random(7)
    people = []
    for index, quadrant in enumerate(["family", "friends", "work_school_club", "professional"] * 4):
        people.append(
            Contact.objects.create(
                owner=mixed,
                label=f"Persoon {index}",
                quadrant=quadrant,
                ring=rng.choice([0, 1, 2, 3, 4]),
                role={"family": "relative", "friends": "friend"}.get(quadrant, "other")
                if quadrant != "professional"
                else "job_coach",
                influence=rng.choice([-2, -1, 0, 1, 2]),
                knows_searching=rng.choice(["yes", "no", "unknown"]),
                employment=rng.choice(["employed", "job_seeking", "benefits", "unknown"]),
                functions=rng.sample(["emotional", "practical", "advice", "job_leads"], 2),
                sector=rng.choice(["", "F", "Q", "G"]),
                approachable=rng.choice(["yes", "maybe", "no"]),
            )
        )
    network_changed(mixed)
    snapshot_create(actor=mixed, jobseeker=mixed, name="Eerste keer")
    tie_set(jobseeker=mixed, first_id=people[0].pk, second_id=people[1].pk, strength=2)
    snapshot_create(actor=mixed, jobseeker=mixed, name="Later")
    return [empty, single, mixed]


@pytest.fixture
def jobseekers(db: None, settings: object) -> list[User]:
    call_command("seed_demo", quiet=True)
    demo = list(User.objects.filter(role=Role.JOBSEEKER).order_by("email"))
    organisation = Organisation.objects.get(name="Gemeente Demostad")
    return demo + generated_jobseekers(organisation)


def test_it_holds_every_jobseeker_page_to_b1(jobseekers: list[User]) -> None:
    allowed = glossary()
    names = names_in_database()
    scores: list[PageScore] = []
    for jobseeker in jobseekers:
        client = client_for(jobseeker)
        client.cookies["django_language"] = "nl"
        for path, html in crawl(client):
            scores.append(score(f"{jobseeker.name}: {path}", sentences(html), allowed, names))
    assert len(scores) > 20, [s.url for s in scores]
    report = os.environ.get("KRING_B1_REPORT")
    if report:
        write_report(Path(report), scores)
    problems = []
    for page in scores:
        if page.words_per_sentence > MAX_WORDS_PER_SENTENCE:
            problems.append(f"{page.url}: {page.words_per_sentence:.1f} words a sentence")
        if page.reading_ease < MIN_READING_EASE:
            problems.append(f"{page.url}: reading ease {page.reading_ease:.0f}")
        if page.unknown_words:
            problems.append(f"{page.url}: uncommon words {sorted(page.unknown_words)}")
        if page.decimals:
            problems.append(f"{page.url}: decimals {page.decimals}")
    assert not problems, "\n".join(problems)


def write_report(path: Path, scores: list[PageScore]) -> None:
    textstat.set_lang("nl")
    lines = ["# B1 report", "", "| page | words/sentence | reading ease | uncommon words |"]
    lines.append("|---|---|---|---|")
    for page in scores:
        lines.append(
            f"| {page.url} | {page.words_per_sentence:.1f} | {page.reading_ease:.0f} | "
            f"{', '.join(sorted(page.unknown_words))} |"
        )
    every = {s for page in scores for s in page.sentences}
    longest = sorted(every, key=lambda s: -len(words(s)))[:10]
    hardest = sorted(
        (s for s in every if len(words(s)) >= 5),
        key=lambda s: textstat.flesch_reading_ease(s if s[-1] in ".!?" else s + "."),
    )[:10]
    lines += ["", "## Longest sentences", ""]
    lines += [f"- ({len(words(s))} words) {s}" for s in longest]
    lines += ["", "## Lowest reading ease (sentences of 5 words or more)", ""]
    lines += [
        f"- ({textstat.flesch_reading_ease(s if s[-1] in '.!?' else s + '.'):.0f}) {s}"
        for s in hardest
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_it_offers_a_jobseeker_everyday_sectors_and_stores_the_sbi_letter(
    jobseeker: User,
) -> None:
    from kring.network.forms import ContactForm

    contact = Contact.objects.create(owner=jobseeker, label="Anna", quadrant="friends", ring=2)
    client = client_for(jobseeker)
    client.cookies["django_language"] = "nl"
    url = f"/jobseekers/{jobseeker.pk}/contacts/{contact.pk}/"
    html = client.get(url).content.decode()
    assert "zorg en welzijn" in html
    assert "magazijn en vervoer" in html
    for code_word in ("delfstoffenwinning", "ISCO-08", "B · ", "(E)"):
        assert code_word not in html, code_word
    # The coach's page offers the SBI sections with their letters, and the occupation code.
    coach = make_user(Role.COACH)
    make_grant(jobseeker, coach, Scope.EDIT)
    coach_client = client_for(coach)
    coach_client.cookies["django_language"] = "nl"
    for coach_page in (url, f"/jobseekers/{jobseeker.pk}/profile/"):
        assert "B · delfstoffenwinning" in coach_client.get(coach_page).content.decode()
    assert "ISCO-08" in coach_client.get(url).content.decode()
    data = ContactForm(owner=jobseeker, instance=contact).initial
    data.update({"sector": "Q", "version": contact.version, "label": "Anna"})
    posted = client.post(url, {k: v for k, v in data.items() if v is not None})
    assert posted.status_code in (200, 302)
    contact.refresh_from_db()
    assert contact.sector == "Q"


# Words that are Dutch and not English: a page in English that shows one has a string left
# untranslated (or an English msgid that is Dutch). Names people typed are left out.
DUTCH_MARKERS = {"je", "het", "een", "niet", "zijn", "wie", "mensen", "kies", "ook", "naar"}


def test_it_keeps_the_english_interface_complete(jobseekers: list[User]) -> None:
    names = names_in_database()
    # What an organisation wrote about its local offers stays in the words it wrote them in.
    typed = [
        text for row in Offer.objects.values_list("description", "contact_route") for text in row
    ]
    leftovers = []
    for jobseeker in (jobseekers[0], jobseekers[-1]):
        client = client_for(jobseeker)
        client.cookies["django_language"] = "en"
        for path, html in crawl(client):
            assert '<html lang="en">' in html, path
            for sentence in sentences(html):
                dutch = {w.lower() for w in words(sentence)} & DUTCH_MARKERS - names
                if dutch and not any(sentence.rstrip(" …") in text for text in typed):
                    leftovers.append(f"{path}: {sentence}")
    assert not leftovers, "\n".join(leftovers)
