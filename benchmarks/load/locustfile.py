"""Deadline night and the tests' night as browsers live them (issue 14), for benchmarks/load/run.py.

**Candidate** (deadline night): a new person arrives on the public home, signs up (allauth's
form), waits for the confirmation e-mail the Celery worker really sends (the runner points
Django's file e-mail backend at a folder; `Mailbox` reads it as a mail client would), follows
its link and confirms, walks the nine steps of the dossier posting each form as the browser
does (CSRF token from the page; the five indispensable documents sent one request each, as
static/js/documents.js does, 0.5 to 5 MB), pays with the sandbox provider (its checkout page,
its signed callback), submits, and downloads the receipt. A journey counts as complete only
when the receipt PDF comes back; then the virtual user starts again as a new person.

**JuryReader**: a demo jury account (password, then the TOTP code computed from the demo's
secret) browses its session's home, an intake's list and dossiers, reads a document, and
scores dossiers it has not reviewed yet. On deadline night the dossiers before the jury are
the live session's submitted ones: those load_demo submitted and those the virtual
candidates submit during the run (the jury list has no phase gate; a dossier is taken into
review by the first submitted review, as when a member reads early).

**VideoCandidate** (the tests' night, `run.py --scenario tests`): a demo candidate of the live
session (load_demo --phase tests) logs in; if their choice asks for the deferred video
interview, opens the recording page, runs its upload-speed check, starts the take and sends
the recording in 2-second parts while answering (as record.js: one part every 2 s, paused
during the preparation time), moves through the questions and ends the take; if a slot test
is open for booking that day, opens the booking page and books a slot (the next free one if
another candidate took it first).

**Think time** (`LOAD_THINK`, a factor, 1 by default): the pauses are a person reading and
typing, not a robot: a few seconds to read a page, 20 to 60 s to type a form of several
fields, 15 to 30 s to choose the files, a minute or more for a juror to read a dossier. A
dossier takes 5 to 7 minutes from sign-up to receipt this way: candidates on deadline night
have their documents ready, and many filled the dossier before. Faster think times would
model robots, not deadline night, and would make the server's figures look worse than the
night it is sized for; slower ones would hide the load. Arrivals: the runner spreads the
users' start over `--ramp` seconds (60 s by default): a crowd arrives over minutes, not in
the same second.

Every request (and each journey, e-mail wait and booking outcome) is written to LOAD_LOG for
the runner, which computes the percentiles, per step of the load. BareView measures the
ceiling (`/__bare__/`) in the same run.
"""

import base64
import csv
import email
import hashlib
import hmac
import ipaddress
import itertools
import json
import os
import random
import re
import struct
import sys
import time
from collections import defaultdict
from pathlib import Path

import gevent
from locust import HttpUser, LoadTestShape, constant, events, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
from benchmarks.load.uploads import FILES

THINK = float(os.environ.get("LOAD_THINK", "1"))
RUN_ID = os.environ.get("LOAD_RUN_ID", str(int(time.time())))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_numbers = itertools.count()


def think(low: float, high: float) -> None:
    gevent.sleep(random.uniform(low, high) * THINK)


# --- the request log the runner reads -------------------------------------------------

_log = open(os.environ["LOAD_LOG"], "a", buffering=1) if os.environ.get("LOAD_LOG") else None  # noqa: SIM115


SERVER_CPU = re.compile(r"\bcpu;dur=([\d.]+)")


_rows = csv.writer(_log) if _log is not None else None


def record(kind: str, name: str, ms: float, size: int = 0, error: str = "", cpu: str = "") -> None:
    if _rows is not None:  # CSV-quoted: a name or an error may hold a comma
        error = error.replace("\n", " ")[:200]
        _rows.writerow([f"{time.time():.3f}", kind, name, f"{ms:.1f}", size, error, cpu])


@events.request.add_listener
def _on_request(request_type, name, response_time, response_length, exception=None, response=None, **_kwargs):
    # The web thread's CPU for this request, from the portal's Server-Timing header
    # (PORTAL_SERVER_TIMING, set by the runner): which request types cost the web tier.
    timing = SERVER_CPU.search(response.headers.get("Server-Timing", "")) if response is not None else None
    record(
        request_type,
        name,
        response_time or 0,
        response_length or 0,
        str(exception) if exception else "",
        timing.group(1) if timing else "",
    )


@events.test_start.add_listener
def _on_start(**_kwargs):
    record("START", "start", 0)


def event(kind: str, name: str, ms: float = 0, error: str = "") -> None:
    """A non-HTTP outcome (a journey, an e-mail's delay): in Locust's table and the log."""
    events.request.fire(
        request_type=kind,
        name=name,
        response_time=ms,
        response_length=0,
        exception=Exception(error) if error else None,
        context={},
    )


# --- the load's shape -------------------------------------------------------------------


class Steps(LoadTestShape):
    """LOAD_STEPS = "users:seconds,…": each step's users for its seconds, reached over
    LOAD_RAMP seconds from the step before (users keep their journey between steps)."""

    def __init__(self):
        super().__init__()
        self.steps = [
            tuple(int(x) for x in s.split(":")) for s in os.environ.get("LOAD_STEPS", "1:10").split(",")
        ]
        self.ramp = max(float(os.environ.get("LOAD_RAMP", "60")), 1)

    def tick(self):
        elapsed, start, previous = self.get_run_time(), 0, 0
        for users, seconds in self.steps:
            if elapsed < start + seconds:
                return users, max((users - previous) / self.ramp, 0.5)
            start, previous = start + seconds, users
        return None


# --- the mailbox ----------------------------------------------------------------------------


class Mailbox:
    """The e-mails Django's file backend wrote (EMAIL_FILE_PATH, LOAD_MAIL_DIR), indexed by
    recipient: what a candidate's mail client would show. One reader for every user of this
    process, at most one folder scan a second."""

    def __init__(self, folder):
        self.folder = Path(folder) if folder else None
        self.seen: dict[str, int] = {}
        self.by_recipient: dict[str, list[str]] = {}
        self.scanned = 0.0

    def _scan(self):
        if self.folder is None or time.monotonic() - self.scanned < 1:
            return
        self.scanned = time.monotonic()
        for path in self.folder.iterdir():
            size = path.stat().st_size
            if self.seen.get(path.name) == size:
                continue
            self.seen[path.name] = size
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(raw)
                body = ""
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        body += (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
                for recipient in (message.get("To") or "").split(","):
                    self.by_recipient.setdefault(recipient.strip().lower(), []).append(body)

    def wait_for(self, address: str, pattern: re.Pattern, timeout: float = 600):
        """The first match of `pattern` in an e-mail to `address`, and the seconds waited."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            self._scan()
            for body in self.by_recipient.get(address.lower(), []):
                match = pattern.search(body)
                if match:
                    return match, time.monotonic() - started
            gevent.sleep(1)
        return None, time.monotonic() - started


MAILBOX = Mailbox(os.environ.get("LOAD_MAIL_DIR"))
CONFIRM_LINK = re.compile(r"(/accounts/confirm-email/[^/\s]+/)")


# --- what every browser does ------------------------------------------------------------------


class Browser(HttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        self.client.headers["Accept-Language"] = "fr-FR,fr;q=0.9,en;q=0.5"
        self.new_person()

    def new_person(self):
        """A new person at another address (deadline night: homes, not one building). The
        runner's portal trusts one proxy (AXES_PROXY_COUNT=1), which this header plays."""
        self.client.cookies.clear()
        n = next(_numbers)
        # A valid address of 10.0.0.0/8 (10.0.0.1 onwards): the n-th person once wrote
        # "10.0.1.256", which allauth rightly refused (403, "Unable to determine client IP").
        self.client.headers["X-Forwarded-For"] = str(ipaddress.IPv4Address("10.0.0.1") + n % (2**24 - 2))
        return n

    def get(self, url, name, *, expect="text/html", **kwargs):
        """A page the browser shows: 200, of the expected type, not the login form."""
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
            elif "/accounts/login/" in response.url and "login" not in name:
                response.failure("sent to the login form")
            elif expect not in response.headers.get("Content-Type", ""):
                response.failure(f"{response.headers.get('Content-Type')} instead of {expect}")
            return response

    def post(self, url, data, name, *, to=None, csrf=None, **kwargs):
        """A form posted: the answer must be the redirect that says it was accepted (to a
        URL containing `to` when given); a page again means the form was refused."""
        data = {**data, "csrfmiddlewaretoken": csrf or ""}
        with self.client.post(
            url, data=data, name=name, allow_redirects=False, catch_response=True, **kwargs
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code not in (301, 302, 303):
                response.failure(f"{response.status_code}, no redirect: {_errors(response.text)}")
                return None
            if to and to not in location:
                response.failure(f"redirected to {location}, not {to}")
                return None
            return location

    @staticmethod
    def token(response) -> str:
        match = CSRF.search(response.text or "")
        return match.group(1) if match else ""


def _errors(html: str) -> str:
    """The form's error messages, for the failure's text."""
    found = re.findall(r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>(.*?)</', html or "", re.S)
    # An error page (403 of a refused CSRF token, 429, 500) has no form: its title says which.
    found = found or re.findall(r"<h1[^>]*>(.*?)</h1>", html or "", re.S)[:1]
    return " | ".join(re.sub(r"<[^>]+>|\s+", " ", f).strip() for f in found)[:180] or "no error shown"


def _options(html: str, select_name: str) -> list[tuple[str, str]]:
    match = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S)
    if not match:
        return []
    return [
        (v, label.strip())
        for v, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)<', match.group(1))
    ]


# --- deadline night: the candidate ----------------------------------------------------------------

DOCUMENT = re.compile(r'data-required="([01])" id="doctype-(\d+)"')
UPLOAD_SIZES = ["5MB", "3MB", "1.5MB", "0.5MB", "0.5MB"]


class Candidate(Browser):
    weight = 10

    @task
    def journey(self):
        started = time.monotonic()
        n = self.new_person()
        self.email = f"candidat.{RUN_ID}.{n}@load.example.org"
        try:
            self.sign_up(n)
            year = self.dossier()
            self.pay(year)
            self.submit(year)
        except _Abandon as reason:
            event("JOURNEY", "journey abandoned", (time.monotonic() - started) * 1000, error=str(reason))
            think(5, 10)  # the person gives up; another arrives
            return
        event("JOURNEY", "journey complete", (time.monotonic() - started) * 1000)

    def need(self, value, why):
        if not value:
            raise _Abandon(why)
        return value

    # -- account -----------------------------------------------------------------------------------
    def sign_up(self, n):
        self.get("/", "public home")
        think(3, 8)
        page = self.get("/accounts/signup/", "signup form")
        think(20, 40)  # name, e-mail address, the password twice
        password = f"Load-{RUN_ID}-{n}-Soiree!"
        sent = time.monotonic()
        location = self.post(
            "/accounts/signup/",
            {
                "first_name": random.choice(["Camille", "Lina", "Yanis", "Jade", "Hugo", "Inès"]),
                "last_name": f"Charge{n}",
                "email": self.email,
                "password1": password,
                "password2": password,
            },
            "signup",
            csrf=self.token(page),
            to="/accounts/confirm-email/",
        )
        self.need(location, "sign-up refused")
        self.get(location, "verification sent page")
        match, _waited = MAILBOX.wait_for(self.email, CONFIRM_LINK)
        arrived = time.monotonic() - sent
        if match is None:
            event("MAIL", "confirmation e-mail arrives", arrived * 1000, error="no e-mail after 10 minutes")
            raise _Abandon("no confirmation e-mail")
        event("MAIL", "confirmation e-mail arrives", arrived * 1000)
        think(5, 15)  # opens the mail client, clicks the link
        page = self.get(match.group(1), "confirm e-mail page")
        location = self.post(match.group(1), {}, "confirm e-mail", csrf=self.token(page))
        self.need(location, "confirmation refused")
        self.get(location, "account home")  # → the candidate's home

    # -- the nine steps ----------------------------------------------------------------------------
    def dossier(self):
        home = self.get("/candidat/", "candidate home")
        think(3, 8)
        match = self.need(
            re.search(r"/candidat/(\d{4})/dossier/identite/", home.text or ""), "no dossier link"
        )
        year = match.group(1)
        base = f"/candidat/{year}/dossier"
        url = f"{base}/identite/"
        page = self.get(url, "step identity")
        think(30, 60)
        url = self.save(
            url,
            page,
            "identity",
            {
                "first_name": "Camille",
                "last_name": f"Charge{random.randrange(10**6)}",
                "birth_date": f"{random.randint(1998, 2004)}-{random.randint(1, 12):02d}-"
                f"{random.randint(1, 28):02d}",
                "phone": "+33 6 " + " ".join(str(random.randint(10, 99)) for _ in range(4)),
                "address": "12 rue Jean Jaurès\n30100 Alès",
                "nationality": "française",
            },
        )
        page = self.get(url, "step path")
        think(30, 60)
        url = self.save(
            url,
            page,
            "path",
            {
                "bac_series": "STI2D",
                "bac_year": "2020",
                "path_since_bac": "2020-2022 : BTS Bâtiment, lycée Jean-Baptiste Dumas, Alès, diplômé.",
            },
        )
        page = self.get(url, "step title")
        titles = [v for v, _label in _options(page.text, "listed_title")]
        self.need(titles, "no listed title offered")
        think(20, 40)
        url = self.save(
            url,
            page,
            "title",
            {
                "title_choice": "listed",
                "listed_title": random.choice(titles),
                "title_name": "",
                "title_description": "",
                "title_establishment": "Lycée Jean-Baptiste Dumas",
                "ects": "120",
            },
        )
        page = self.get(url, "step scholarship")
        think(5, 10)
        url = self.save(url, page, "scholarship", {"declared": "0"})
        # Choices: a 1st-year program (two for a third of the candidates), each added with "Add".
        page = self.get(url, "step choices")
        intakes = [v for v, label in _options(page.text, "intake") if "2" not in label]
        self.need(intakes, "no 1st-year intake offered")
        for intake in random.sample(intakes, k=2 if random.random() < 0.3 else 1):
            think(10, 20)
            self.need(
                self.post(url, {"intake": intake}, "add choice", csrf=self.token(page)), "choice refused"
            )
            page = self.get(url, "step choices")
        think(3, 6)
        self.documents(f"{base}/pieces/")
        url = f"{base}/referents/"
        page = self.get(url, "step referees")
        think(30, 60)
        self.need(
            self.post(
                url,
                {
                    "kind": "origin_establishment",
                    "name": "Mme Dupont",
                    "email": f"prof.{random.randrange(10**9)}@lycee.example.org",
                    "position": "Responsable du BTS",
                    "establishment": "Lycée Jean-Baptiste Dumas",
                },
                "add referee",
                csrf=self.token(page),
            ),
            "referee refused",
        )
        self.get(url, "step referees")
        think(3, 6)
        url = f"{base}/consentements/"
        page = self.get(url, "step consents")
        think(5, 15)
        url = self.save(url, page, "consents", {"share": "on", "recording": "on"})
        self.get(url, "step verification")
        think(10, 20)
        return year

    def save(self, url, page, step, data):
        """ "Save and continue": the redirect leads to the next step."""
        return self.need(
            self.post(url, {**data, "continue": ""}, f"save {step}", csrf=self.token(page)), f"{step} refused"
        )

    def documents(self, url):
        page = self.get(url, "step documents")
        wanted = [pk for required, pk in DOCUMENT.findall(page.text or "") if required == "1"]
        self.need(wanted, "no document asked")
        think(15, 30)  # chooses the files
        token = self.token(page)
        sizes = random.sample(UPLOAD_SIZES, k=len(UPLOAD_SIZES))
        for type_pk, size in zip(wanted, itertools.cycle(sizes), strict=False):
            action = url.replace("/pieces/", f"/pieces/{type_pk}/envoi/")
            with self.client.post(
                action,
                data={"csrfmiddlewaretoken": token},
                files={f"doc{type_pk}-file": (f"piece-{type_pk}.pdf", FILES[size], "application/pdf")},
                headers={"X-Requested-With": "XMLHttpRequest"},
                name=f"upload {size}",
                catch_response=True,
            ) as response:
                if response.status_code != 204:
                    response.failure(f"{response.status_code}: {_errors(response.text)}")
                    raise _Abandon("upload refused")
        self.get(url, "step documents")  # documents.js reloads once every file is received
        think(3, 6)

    # -- payment, submission, receipt -----------------------------------------------------------------
    def pay(self, year):
        page = self.get(f"/paiement/{year}/", "pay page")
        think(5, 10)
        location = self.post(
            f"/paiement/{year}/",
            {"provider": "sandbox"},
            "choose sandbox",
            csrf=self.token(page),
            to="/paiement/test/",
        )
        checkout = self.get(self.need(location, "payment refused"), "sandbox checkout")
        match = self.need(re.search(r'name="token" value="([^"]+)"', checkout.text or ""), "no payment token")
        think(10, 20)  # types the (test) card
        location = self.post(
            "/paiement/test/retour/",
            {"token": match.group(1), "holder": "Camille Charge", "card": "4242 4242 4242 4242"},
            "sandbox pay",
            csrf=self.token(checkout),
            to="/dossier/verification/",
        )
        self.need(location, "payment not confirmed")

    def submit(self, year):
        url = f"/candidat/{year}/dossier/verification/"
        page = self.get(url, "step verification")
        think(10, 20)  # reads the summary, ticks nothing more, submits
        location = self.post(url, {}, "submit", csrf=self.token(page), to="/candidat/")
        self.need(location, "submission refused")
        home = self.get(location, "candidate home")
        self.need("recepisse" in (home.text or "") or "dossier" in (home.text or ""), "no submitted dossier")
        think(3, 8)
        receipt = self.get(f"/candidat/{year}/dossier/recepisse.pdf", "receipt pdf", expect="application/pdf")
        self.need(receipt.status_code == 200 and receipt.content[:4] == b"%PDF", "no receipt")


class _Abandon(Exception):
    """The person gives up (a refusal, no e-mail): the journey is not complete."""


# --- the jury ----------------------------------------------------------------------------------------

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # admissions/demo.py: the demo's staff share it
JURY_ACCOUNTS = [
    "jury.bat@demo.imt-mines-ales.fr",
    "jury.infres@demo.imt-mines-ales.fr",
    "president@demo.imt-mines-ales.fr",
]
DEMO_PASSWORD = "Demo-Portail-2021"  # printed by load_demo
_last_code: dict[str, int] = {}  # account → last TOTP counter used (allauth refuses a code twice)
_reviewed: dict[str, set[str]] = defaultdict(set)  # account → the dossiers its readers opened to score


def totp(secret: str, counter: int) -> str:
    """RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it."""
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class JuryReader(Browser):
    fixed_count = int(os.environ.get("LOAD_READERS", "3"))

    def on_start(self):
        super().on_start()
        self.account = JURY_ACCOUNTS[next(_readers) % len(JURY_ACCOUNTS)]
        page = self.get("/accounts/login/", "login form")
        think(5, 10)
        location = self.post(
            "/accounts/login/",
            {"login": self.account, "password": DEMO_PASSWORD},
            "login",
            csrf=self.token(page),
            to="/accounts/2fa/authenticate/",
        )
        if not location:
            raise StopUser()
        page = self.get(location, "two-factor form")
        think(5, 10)  # takes out the phone

        # The code of the moment it is typed (allauth accepts the current 30 s window only), one
        # per window per account: a second reader of the account waits for the next window.
        def spent_or_late(counter):  # a window already used, or its last 5 s (the post would miss it)
            return counter <= _last_code.get(self.account, -1) or time.time() % 30 > 25

        while spent_or_late(counter := int(time.time() // 30)):
            gevent.sleep(1)
        _last_code[self.account] = counter
        if not self.post(
            location, {"code": totp(DEMO_TOTP_SECRET, counter)}, "two-factor", csrf=self.token(page)
        ):
            raise StopUser()
        # Shared by the readers of one account (two when a reader was replaced): a member does
        # not score the same dossier from two browsers.
        self.reviewed = _reviewed[self.account]

    @task
    def read(self):
        home = self.get("/jury/", "jury home")
        intakes = re.findall(r'href="(/jury/promotion/\d+/)"', home.text or "")
        think(3, 8)
        if not intakes:
            think(20, 40)
            return
        listing = self.get(random.choice(intakes), "jury list")
        wishes = list(dict.fromkeys(re.findall(r'href="(/jury/dossier/\d+/)"', listing.text or "")))
        think(5, 15)
        fresh = [w for w in wishes if w not in self.reviewed]
        if not fresh:
            think(20, 40)
            return
        url = random.choice(fresh)
        self.reviewed.add(url)
        page = self.get(url, "jury dossier")
        documents = re.findall(r'href="(/jury/document/\d+/)"', page.text or "")
        think(10, 20)
        for document in random.sample(documents, k=min(2, len(documents))):
            self.get(document, "file jury document", expect="")
            think(20, 40)  # reads it
        think(30, 60)
        fields = re.findall(
            r'name="(score_\d+)"[^>]*max="([\d.]+)"|max="([\d.]+)"[^>]*name="(score_\d+)"', page.text
        )
        if not fields or f"{url}evaluation/" not in page.text:
            return  # already reviewed, or nothing to score
        scores = {}
        for name1, max1, max2, name2 in fields:
            top = float(max1 or max2)
            scores[name1 or name2] = f"{random.randint(0, int(top * 4)) / 4:.2f}"
        proposals = [v for v, _label in _options(page.text, "proposal")]
        data = {**scores, "comment": "Dossier solide, motivation claire.", "submit": ""}
        if proposals:
            data["proposal"] = random.choice(proposals)
        self.post(f"{url}evaluation/", data, "jury review", csrf=self.token(page), to=url)
        self.get(url, "jury dossier")


_readers = itertools.count()


# --- the tests' night: video interview and bookings ----------------------------------------------------

_accounts = iter(
    Path(os.environ["LOAD_TESTS_ACCOUNTS"]).read_text().split()
    if os.environ.get("LOAD_TESTS_ACCOUNTS")
    else []
)
VIDEO_LINK = re.compile(r'href="(/entretien-video/\d{4}/choix/\d+/)"')
BOOK_LINK = re.compile(r'href="(/entretiens/candidature/\d+/[\w-]+/)"')


def _clip_parts():
    """The recording (LOAD_VIDEO_CLIP: WebM made by the runner with ffmpeg at MediaRecorder's
    bit rate), cut into the 2-second parts record.js sends."""
    path = os.environ.get("LOAD_VIDEO_CLIP")
    if not path:
        return []
    data = Path(path).read_bytes()
    seconds = float(os.environ.get("LOAD_VIDEO_SECONDS", "300"))
    size = max(int(len(data) / (seconds / 2)), 1)
    return [data[i : i + size] for i in range(0, len(data), size)]


PARTS = _clip_parts()


class VideoCandidate(Browser):
    weight = 10

    @task
    def tests_night(self):
        account = next(_accounts, None)
        if account is None:
            event("TESTS", "no candidate left to play", 0)
            raise StopUser()
        self.new_person()
        page = self.get("/accounts/login/", "login form")
        think(5, 15)
        if not self.post(
            "/accounts/login/",
            {"login": account, "password": os.environ.get("LOAD_TESTS_PASSWORD", "")},
            "login",
            csrf=self.token(page),
        ):
            return
        home = self.get("/candidat/", "candidate home")
        think(5, 10)
        for link in dict.fromkeys(BOOK_LINK.findall(home.text or "")):
            self.book(link)
        for link in dict.fromkeys(VIDEO_LINK.findall(home.text or "")):
            self.record(link)
        think(5, 10)

    def book(self, url):
        page = self.get(url, "book page")
        slots = re.findall(r'name="slot" value="(\d+)"', page.text or "")
        if not slots:
            event("TESTS", "booking: no slot open", 0)
            return
        think(10, 30)  # chooses a slot
        for slot in slots[:3]:
            location = self.post(url, {"slot": slot}, "book slot", csrf=self.token(page))
            if location and "/mon-creneau/" in location:
                self.get(location, "my booking")
                event("TESTS", "booking: booked", 0)
                return
            event("TESTS", "booking: slot taken, next one", 0)
            page = self.get(url, "book page")
        event("TESTS", "booking: gave up after 3 slots taken", 0)

    def record(self, url):
        page = self.get(url, "video record page")
        match = re.search(
            r'<script id="video-config" type="application/json">(.*?)</script>', page.text or "", re.S
        )
        if not match or not PARTS:
            event("TESTS", "video: nothing to record", 0)
            return
        config = json.loads(match.group(1))
        headers = {"X-CSRFToken": config["csrf"]}
        think(20, 40)  # reads, checks the camera and the microphone
        with self.client.post(
            config["speed"],
            data=b"\0" * 256 * 1024,
            headers={**headers, "Content-Type": "application/octet-stream"},
            name="video speed test",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(str(response.status_code))
        think(30, 60)  # practises (practice answers stay in the browser), ticks "I am ready"
        with self.client.post(
            config["start"], headers=headers, name="video start", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:150]}")
                return
            take = response.json()
        base = f"{config['takeBase']}{take['take']}/"
        lease, segment, index, started = (
            take["lease"],
            str(take["segment"]),
            take["next_chunk"],
            time.monotonic(),
        )
        parts = iter(PARTS[index:])
        for number, question in enumerate(take["questions"]):
            if number < take["current"]:
                continue
            gevent.sleep(question["preparation"])  # preparation: the recorder is paused, nothing sent
            if number > take["current"]:
                self.client.post(
                    f"{base}question/",
                    data={"lease": lease, "index": number, "offset": f"{time.monotonic() - started:.2f}"},
                    headers=headers,
                    name="video question",
                )
            answer = question["answer"] * random.uniform(0.6, 1.0)  # "I have finished answering"
            for _ in range(max(int(answer // 2), 1)):
                part = next(parts, None)
                if part is None:
                    break
                tick = time.monotonic()
                with self.client.post(
                    f"{base}partie/{index}/",
                    data=part,
                    headers={
                        **headers,
                        "X-Take-Lease": lease,
                        "X-Take-Segment": segment,
                        "X-Chunk-Sha256": hashlib.sha256(part).hexdigest(),
                        "Content-Type": "video/webm;codecs=vp8,opus",
                    },
                    name="video chunk",
                    catch_response=True,
                ) as response:
                    if response.status_code != 200:
                        response.failure(f"{response.status_code}: {response.text[:150]}")
                        return
                index += 1
                gevent.sleep(max(0, 2 - (time.monotonic() - tick)))  # the recorder's next 2 s
        with self.client.post(
            f"{base}fin/",
            data={"lease": lease, "parts": index},
            headers=headers,
            name="video end",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:150]}")
                return
        event("TESTS", "video: take recorded", (time.monotonic() - started) * 1000)


# --- the ceiling -------------------------------------------------------------------------------------------


class BareView(HttpUser):
    """The runner's ceiling phase only (selected by name on Locust's command line)."""

    wait_time = constant(0)

    def on_start(self):
        # LOAD_BARE_COOKIE: a signed-in candidate's session (the runner's second ceiling): the
        # same bare view, with the session and the user loaded as every candidate page does.
        cookie = os.environ.get("LOAD_BARE_COOKIE")
        if cookie:
            name, value = cookie.split("=", 1)
            self.client.cookies.set(name, value)

    @task
    def bare(self):
        self.client.get("/__bare__/", name="bare view")
