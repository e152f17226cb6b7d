"""Locust users of `make load` (tools/dev.py load): members on the portal and
coordinators on the back-end tandem kanban, with Odoo's own /my as reference.

RM_LOAD_DATA names the JSON file that tools/load_data.py wrote; RM_LOAD_SESSIONS
a file where the sessions of the people who log in are kept between the
warm-up and the measured run. The users start logged in, as people who work
in Odoo all day: the measure is of the pages, not of the logins (whose
password hashing is meant to be slow).
"""

import itertools
import json
import os
import random
import re
import sys
import time
import uuid
from datetime import date, timedelta
from xml.etree import ElementTree

from locust import HttpUser, between, events, task

# isort: split
# After Locust, which patches the network for gevent first.
import requests

DATA = json.loads(open(os.environ["RM_LOAD_DATA"], encoding="utf-8").read())
MENTORS = itertools.cycle(DATA["mentors"])
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
DOMAIN = [["program_id", "=", DATA["program_id"]]]


SESSIONS = {}


def log_in(host, credentials):
    """A session of `credentials`, logged in through Odoo's login form."""
    with requests.Session() as client:
        page = client.get(f"{host}/web/login", timeout=120)
        client.post(
            f"{host}/web/login",
            data={
                "login": credentials["login"],
                "password": credentials["password"],
                "csrf_token": CSRF.search(page.text).group(1),
            },
            timeout=120,
        ).raise_for_status()
        return client.cookies["session_id"]


def log_everybody_in(host):
    """Log every mentor and the coordinator in; keep their sessions in RM_LOAD_SESSIONS.

    Run before Locust (`python tools/locustfile.py <host>`), so that no run
    spends its time on logins.
    """
    sessions = {
        credentials["login"]: log_in(host, credentials)
        for credentials in [*DATA["mentors"], DATA["coordinator"]]
    }
    with open(os.environ["RM_LOAD_SESSIONS"], "w", encoding="utf-8") as out:
        json.dump(sessions, out)


@events.test_start.add_listener
def read_sessions(**_kwargs):
    with open(os.environ["RM_LOAD_SESSIONS"], encoding="utf-8") as sessions:
        SESSIONS.update(json.load(sessions))


def get(client, url, name):
    """GET `url`; a page that sends to the login form is a failure."""
    with client.get(url, name=name, catch_response=True) as response:
        if "/web/login" in response.url:
            response.failure("sent to the login form")
        return response


class Member(HttpUser):
    """A mentor on the portal: their tandems, one tandem, moving a session."""

    weight = 4
    wait_time = between(1, 3)

    def on_start(self):
        self.member = next(MENTORS)
        self.client.cookies.set("session_id", SESSIONS[self.member["login"]])
        page = get(self.client, "/my/mentoring", "/my/mentoring")
        self.csrf_token = CSRF.search(page.text).group(1)

    @task(3)
    def my_mentoring(self):
        get(self.client, "/my/mentoring", "/my/mentoring")

    @task(3)
    def tandem_page(self):
        tandem = random.choice(self.member["tandems"])
        get(
            self.client,
            f"/my/mentoring/tandem/{tandem['id']}",
            "/my/mentoring/tandem/<id>",
        )

    def change(self, tandem, action, data, name):
        """POST the portal form `action` of `tandem`; whether it was answered
        as a saved form is: by sending back to the tandem's page."""
        url = f"/my/mentoring/tandem/{tandem['id']}"
        with self.client.post(
            f"{url}/{action}",
            data={**data, "csrf_token": self.csrf_token},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 303 or not response.headers.get(
                "Location", ""
            ).endswith(url):
                response.failure(f"not saved: {response.status_code}")
                return False
            return True

    def move_data(self, reason):
        day = date.today() + timedelta(days=random.randint(2, 60))
        return {
            "date": day.isoformat(),
            "time": f"{random.randint(8, 16):02d}:{random.choice((0, 30)):02d}",
            "duration": "1",
            "reason": reason,
        }

    @task(1)
    def move_session(self):
        tandem = random.choice(self.member["tandems"])
        self.change(
            tandem,
            f"session/{tandem['session_id']}/move",
            self.move_data("Load test"),
            "/my/mentoring/tandem/<id>/session/<id>/move",
        )

    @task(2)
    def my_home(self):
        """Odoo's own portal home: the reference."""
        get(self.client, "/my", "/my")


class Coordinator(HttpUser):
    """A coordinator on the tandem kanban of the program, as the web client asks."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        self.client.cookies.set("session_id", SESSIONS[DATA["coordinator"]["login"]])
        views = self._call("get_views", [[[False, "kanban"]]], {}, "get_views")
        arch = ElementTree.fromstring(views["views"]["kanban"]["arch"])
        fields = views["models"]["mentoring.tandem"]["fields"]
        names = {node.get("name") for node in arch.iter("field")}
        # The column (stage_id) and the activity state come on top of the card's.
        many2one = {"stage_id"} | {
            name for name, field in fields.items() if field["type"] == "many2one"
        }
        self.specification = {
            name: {"fields": {"display_name": {}}} if name in many2one else {}
            for name in names | {"activity_state", "stage_id"}
        }

    def _call(self, method, args, kwargs, name):
        with self.client.post(
            f"/web/dataset/call_kw/mentoring.tandem/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": random.randint(1, 10**9),
                "params": {
                    "model": "mentoring.tandem",
                    "method": method,
                    "args": args,
                    "kwargs": kwargs,
                },
            },
            name=name,
            catch_response=True,
        ) as response:
            answer = response.json() if response.ok else {}
            if "result" not in answer:
                response.failure(str(answer.get("error", response.status_code))[:200])
                return {}
            return answer["result"]

    @task
    def kanban(self):
        self._call(
            "web_read_group",
            [DOMAIN, ["stage_id"], ["stage_id"]],
            {"lazy": True},
            "kanban web_read_group",
        )
        self._call(
            "web_search_read",
            [DOMAIN, self.specification],
            {"limit": 40},
            "kanban web_search_read",
        )


class ClusterMember(Member):
    """A member of `make cluster` (tools/cluster.py): also reaches goals and
    writes private notes, and records every write in RM_LOAD_WRITES.

    A write counts as acknowledged when the member saw it saved: the answer
    sent back to the tandem's page, and that page told the success (a
    refusal tells why instead). tools/cluster_data.py checks afterwards that
    each acknowledged write is in the database.
    """

    def record(self, kind, record, tandem, action, data):
        """POST the form `action` of `tandem`, which writes `record`, with the
        fields `data(token)`; record it, its token and whether it was acknowledged."""
        token = uuid.uuid4().hex[:12]
        sent = time.time()
        name = "/my/mentoring/tandem/<id>/" + re.sub(r"\d+", "<id>", action)
        acked = self.change(tandem, action, data(token), name) and self.saw_success(
            tandem
        )
        line = {"kind": kind, "record": record, "token": token, "sent": sent}
        with open(os.environ["RM_LOAD_WRITES"], "a", encoding="utf-8") as out:
            out.write(json.dumps({**line, "acked": acked}) + "\n")

    def saw_success(self, tandem):
        """The tandem's page, as the browser follows the answer: the success notice?"""
        page = get(
            self.client,
            f"/my/mentoring/tandem/{tandem['id']}",
            "/my/mentoring/tandem/<id>",
        )
        return page.ok and "alert-success o_mentoring_notice" in page.text

    @task(1)
    def move_session(self):
        tandem = random.choice(self.member["tandems"])
        session = tandem["session_id"]
        self.record(
            "move",
            session,
            tandem,
            f"session/{session}/move",
            lambda token: self.move_data(f"Load test {token}"),
        )

    @task(1)
    def reach_goal(self):
        tandem = random.choice(self.member["tandems"])
        goal = tandem["goal_id"]
        self.record("goal", goal, tandem, f"goal/{goal}/done", lambda _token: {})

    @task(1)
    def write_note(self):
        tandem = random.choice(self.member["tandems"])
        session = tandem["session_id"]
        self.record(
            "note",
            session,
            tandem,
            f"session/{session}/notes",
            lambda token: {"notes": f"Cluster note {token}"},
        )


@events.request.add_listener
def log_request(name, response_time, exception, **_kwargs):
    """With RM_LOAD_REQUESTS: every request's end, name, time and outcome, one a
    line, for the figures per phase of `make cluster`."""
    if os.environ.get("RM_LOAD_REQUESTS"):
        with open(os.environ["RM_LOAD_REQUESTS"], "a", encoding="utf-8") as out:
            out.write(
                json.dumps([time.time(), name, response_time, exception is None]) + "\n"
            )


if __name__ == "__main__":
    log_everybody_in(sys.argv[1])
