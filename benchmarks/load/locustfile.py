"""The deadline-night mix (issue 14). Each user class is one kind of visitor; add a class
(or a @task) per new request type: the video chunk upload (video_interview) and the slot
booking (interviews) once they land, the jury readers once the runner creates TOTP devices.

Candidates log in (accounts created verified by the runner: LOAD_PASSWORD), walk the nine
steps of the dossier and their home. BareView measures the ceiling in the same run."""

import os
import re
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))
from benchmarks.load.uploads import FILES

PASSWORD = os.environ.get("LOAD_PASSWORD", "load-password-1234")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEPS = [
    "identite",
    "parcours",
    "titre",
    "bourse",
    "voeux",
    "pieces",
    "referents",
    "consentements",
    "verification",
]
_next = iter(range(10**9))
UPLOAD = re.compile(r'action="(/candidat/\d+/dossier/pieces/(\d+)/envoi/)"')


class Candidate(HttpUser):
    weight = int(os.environ.get("LOAD_CANDIDATE_WEIGHT", "10"))
    wait_time = between(1, 3)

    def on_start(self):
        self.number = next(_next) % int(os.environ.get("LOAD_ACCOUNTS", "200"))
        page = self.client.get("/accounts/login/", name="login form")
        token = CSRF.search(page.text)
        self.client.post(
            "/accounts/login/",
            {
                "login": f"load{self.number}@example.org",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
        )

    def page(self, url, name):
        """A page the candidate must see logged in: landing on the login form is an error."""
        with self.client.get(url, name=name, catch_response=True) as response:
            if "/accounts/login/" in response.url:
                response.failure("not logged in (login refused)")
            return response

    @task(2)
    def home(self):
        self.page("/candidat/", "candidate home")

    @task(9)  # one round of four uploads per walk through the nine steps: the journey
    def uploads(self):
        page = self.page("/candidat/dossier/pieces/", "step pieces")
        token = CSRF.search(page.text)
        targets = UPLOAD.findall(page.text)
        if not token or not targets:
            return
        for (action, type_pk), (size, content) in zip(targets[:4], FILES.items(), strict=False):
            with self.client.post(
                action,
                data={"csrfmiddlewaretoken": token.group(1)},
                files={f"doc{type_pk}-file": (f"piece-{size}.pdf", content, "application/pdf")},
                name=f"upload {size}",
                catch_response=True,
            ) as response:
                if response.history or response.status_code in (301, 302):
                    response.success()
                else:
                    response.failure(f"upload refused ({response.status_code})")

    @task(9)
    def steps(self):
        for step in STEPS:
            self.page(f"/candidat/dossier/{step}/", f"step {step}")


class BareView(HttpUser):
    """Only in the ceiling phase (LOAD_BARE=1)."""

    weight = int(os.environ.get("LOAD_BARE_WEIGHT", "0"))
    wait_time = between(0, 0)

    @task
    def bare(self):
        self.client.get("/__bare__/", name="bare view")
