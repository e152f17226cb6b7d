import {registry} from "@web/core/registry";
import {answerPulse, openTandem, tomorrowAtTen, unfoldNewSession} from "./portal_steps";

// A mentor of a partner organisation walks their tandem on a 390 x 844 phone:
// the weekly things come first, nothing is wider than the screen, every button
// is a 44-pixel touch target; they propose a session with a subject, answer
// the pulse of the last one and come back to the tandem.

const SUBJECT = "Hashtags that work";
const TOUCH = 44;

function fitsTheScreen() {
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth) {
    throw new Error(
      `The page is ${wide} pixels wide on a ${window.innerWidth}-pixel screen`
    );
  }
}

function touchTargets(selector) {
  const small = [...document.querySelectorAll(selector)]
    .filter((button) => button.offsetParent && button.offsetHeight < TOUCH)
    .map((button) => `${button.textContent.trim()} (${button.offsetHeight} px)`);
  if (small.length) {
    throw new Error(`Buttons below ${TOUCH} pixels: ${small.join(", ")}`);
  }
}

registry.category("web_tour.tours").add("reverse_mentoring_portal_phone_mentor", {
  steps: () => [
    {
      content: "My tandems fit the phone's screen, as one block each",
      trigger: ".o_mentoring_tandem_row:has(.o_mentoring_pending_count:contains(1))",
      run() {
        fitsTheScreen();
        const cut = [...this.anchor.cells].filter(
          (cell) => cell.offsetWidth < this.anchor.offsetWidth - 2
        );
        if (cut.length) {
          throw new Error(
            `Cells narrower than the block: ${cut.map((c) => c.textContent.trim())}`
          );
        }
      },
    },
    openTandem(),
    {
      content: "Next session, goals, sessions, expectations, then the rarer actions",
      trigger: ".o_mentoring_tandem_page .o_mentoring_new_partner",
      run() {
        const order = [
          ".o_mentoring_next_session",
          ".o_mentoring_feedback",
          ".o_mentoring_goals",
          ".o_mentoring_upcoming",
          ".o_mentoring_expectations",
          ".o_mentoring_closure",
          ".o_mentoring_new_partner",
        ].map(
          (selector) => document.querySelector(selector).getBoundingClientRect().top
        );
        if (order.some((top, index) => index && top <= order[index - 1])) {
          throw new Error(`The cards are not in the phone's order: ${order}`);
        }
        fitsTheScreen();
        touchTargets(".o_mentoring_tandem_page .btn");
      },
    },
    unfoldNewSession(),
    {
      content: "Its subject is proposed in my language",
      trigger: ".o_mentoring_new_session input[name=name][value='Mentoring session']",
      run: `edit ${SUBJECT}`,
    },
    ...tomorrowAtTen(),
    {
      content: "Propose the session",
      trigger: ".o_mentoring_new_session_submit",
      run() {
        touchTargets(".o_mentoring_new_session .btn");
        this.anchor.click();
      },
    },
    {
      content: "The next session is the one I proposed, with its subject",
      trigger: `.o_mentoring_notice.alert-success ~ .row .o_mentoring_next_session .o_mentoring_session_subject:contains(${SUBJECT})`,
    },
    ...answerPulse(5, "Hashtags and a first reel"),
    {
      content: "The survey thanks me and leads back to the tandem",
      trigger: ".o_survey_finished a.o_mentoring_back_to_tandem",
      run: "click",
    },
    {
      content: "Back on the tandem, nothing waits any more",
      trigger: `.o_mentoring_tandem_page:not(:has(.o_mentoring_feedback)) .o_mentoring_session_subject:contains(${SUBJECT})`,
    },
  ],
});
