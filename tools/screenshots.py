#!/usr/bin/env python3
"""Take the README's screenshots from a running `make run` server, in headless Chromium.

    python3 tools/screenshots.py [--url http://localhost:8069] \\
        [--login admin --password admin] \\
        [--participant-login mentor --participant-password mentor]

The back-end pages are opened as the coordinator (--login), the portal page as a
participant (--participant-login); each is saved as a PNG in its addon's
static/description/ (where Odoo's app store shows them too).
Needs the `websocket-client` and `requests` packages and Debian's `chromium`.
"""

import argparse
import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import requests
import websocket

# The screenshots are saved under the repository, where each addon's
# static/description holds them (Odoo's app store shows them too).
ROOT = Path(__file__).resolve().parent.parent
# file name, who opens the page ("coordinator" or "participant"), the path to
# open ({program} is the id of the first running program), the CSS selector
# that shows the page is ready, an optional element to click first (a tab, a
# link) and an optional element to scroll to the top of the window.
PAGES = [
    {
        "name": "reverse_mentoring/static/description/screenshot_tandem_kanban.png",
        "user": "coordinator",
        "path": "/odoo/action-reverse_mentoring.action_mentoring_tandem",
        "ready": ".o_kanban_record",
    },
    {
        "name": "reverse_mentoring/static/description/screenshot_program_results.png",
        "user": "coordinator",
        "path": "/odoo/action-reverse_mentoring.action_mentoring_program/{program}",
        "click": ".o_notebook_headers a[name='results']",
        "ready": ".o_notebook .tab-pane.active div[name='hours_spent']",
        "scroll_to": ".o_notebook",
    },
    {
        "name": "reverse_mentoring_dashboard/static/description/"
        "screenshot_dashboard.png",
        "user": "coordinator",
        "path": "/odoo/action-spreadsheet_dashboard.ir_actions_dashboard_action",
        "ready": ".o-grid canvas",
    },
    {
        "name": "reverse_mentoring/static/description/screenshot_portal_mentoring.png",
        "user": "participant",
        "path": "/my/mentoring",
        # The tandem with a survey waiting: the one under way, with sessions.
        "click": "tr.o_mentoring_tandem_row:has(.o_mentoring_pending_count) "
        "a.o_mentoring_tandem_link",
        "ready": ".o_mentoring_session",
    },
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1440,900",
]


def login(url, user, password):
    """Log in through Odoo's login form and return the requests session."""
    session = requests.Session()
    page = session.get(f"{url}/web/login", timeout=30).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = session.post(
        f"{url}/web/login",
        data={"login": user, "password": password, "csrf_token": token},
        timeout=30,
    )
    if "/web/login" in response.url:
        raise SystemExit(f"Odoo refused the login {user!r} at {url}")
    return session


def running_program(url, session):
    """The id of the first running program (the demo's), for the form view."""
    response = session.post(
        f"{url}/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": "mentoring.program",
                "method": "search",
                "args": [[("state", "=", "running")]],
                "kwargs": {"limit": 1},
            },
        },
        timeout=30,
    ).json()
    if not response.get("result"):
        raise SystemExit(f"No running program at {url}: {response.get('error')}")
    return response["result"][0]


class Chromium:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="rm-shots-")
        self.process = subprocess.Popen(
            [
                shutil.which("chromium"),
                *CHROMIUM_FLAGS,
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        for line in self.process.stderr:
            match = re.search(r"DevTools listening on (ws://\S+)", line)
            if match:
                break
        browser_ws = match.group(1)
        port = urlparse(browser_ws).port
        target = requests.put(
            f"http://127.0.0.1:{port}/json/new?about:blank", timeout=10
        ).json()
        self.ws = websocket.create_connection(
            target["webSocketDebuggerUrl"], suppress_origin=True
        )
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def click(self, selector, timeout=30):
        self.wait_for(selector, timeout)
        self.call(
            "Runtime.evaluate",
            expression=f"document.querySelector({json.dumps(selector)}).click()",
        )

    def scroll_to(self, selector):
        """Scroll the page so that the element starts at the top of the window."""
        self.call(
            "Runtime.evaluate",
            expression=f"document.querySelector({json.dumps(selector)})"
            ".scrollIntoView({block: 'start'})",
        )
        time.sleep(0.5)

    def wait_for(self, selector, timeout=30):
        deadline = time.time() + timeout
        expression = f"!!document.querySelector({json.dumps(selector)})"
        while time.time() < deadline:
            if self.call("Runtime.evaluate", expression=expression)["result"].get(
                "value"
            ):
                time.sleep(1.0)  # let images and fonts settle
                return
            time.sleep(0.3)
        raise TimeoutError(f"{selector} did not appear")

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--participant-login", default="mentor")
    parser.add_argument("--participant-password", default="mentor")
    args = parser.parse_args()
    sessions = {
        "coordinator": login(args.url, args.login, args.password),
        "participant": login(
            args.url, args.participant_login, args.participant_password
        ),
    }
    program = running_program(args.url, sessions["coordinator"])
    browser = Chromium()
    try:
        host = urlparse(args.url).hostname
        browser.call("Network.enable")
        browser.call("Page.enable")
        for page in PAGES:
            browser.call(
                "Network.setCookie",
                name="session_id",
                value=sessions[page["user"]].cookies["session_id"],
                domain=host,
                path="/",
            )
            path = page["path"].format(program=program)
            browser.call("Page.navigate", url=f"{args.url}{path}")
            if page.get("click"):
                browser.click(page["click"])
            browser.wait_for(page["ready"])
            if page.get("scroll_to"):
                browser.scroll_to(page["scroll_to"])
            data = browser.call("Page.captureScreenshot", format="png")["data"]
            (ROOT / page["name"]).write_bytes(base64.b64decode(data))
            print(f"saved {ROOT / page['name']}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
