import {registry} from "@web/core/registry";
import {tomorrowAtTen, unfoldNewSession, writeExpectations} from "./portal_steps";

// A tandem from Proposed to Done on the employee portal, by its two people:
// a mentor of a partner organisation (a portal user) and an internal mentee.
// Each tour is one person's turn; the test alternates the logins and checks
// the database between the turns. Each form reloads the page: every step
// after a submit waits for the notice of that very change.

const notice = (text) => `.o_mentoring_notice.alert-success:contains(${text})`;
const GOAL = "Post a reel every week";
const REASON = "We covered what we set out to learn";

registry.category("web_tour.tours").add("reverse_mentoring_journey_mentee_start", {
  steps: () => [
    {
      content: "The kick-off tells what is missing",
      trigger: ".o_mentoring_kickoff .o_mentoring_kickoff_missing",
    },
    ...writeExpectations("Use Instagram and LinkedIn confidently", notice),
    {
      content: "Unfold the form of a new learning goal",
      trigger: ".o_mentoring_new_goal summary",
      run: "click",
    },
    {
      content: "Name the goal",
      trigger: ".o_mentoring_new_goal input[name=name]",
      run: `edit ${GOAL}`,
    },
    {
      content: "Pick the first topic of the program",
      trigger: ".o_mentoring_new_goal select[name=topic_id]",
      run: "selectByIndex 1",
    },
    {
      content: "Set the deadline to the last day of the program",
      trigger: ".o_mentoring_new_goal input[name=date_deadline]",
      run() {
        this.anchor.value = this.anchor.max;
      },
    },
    {
      content: "Add the goal",
      trigger: ".o_mentoring_new_goal .o_mentoring_goal_submit",
      run: "click",
    },
    {
      content: "The goal is listed",
      trigger: `${notice("The learning goal is added")}`,
    },
    {
      content: "with its name",
      trigger: `.o_mentoring_goal:contains(${GOAL})`,
    },
  ],
});

registry.category("web_tour.tours").add("reverse_mentoring_journey_mentor_kickoff", {
  steps: () => [
    {
      content: "I read what my mentee expects",
      trigger: ".o_mentoring_partner_expectations:contains(Instagram and LinkedIn)",
    },
    {
      content: "and the goal we set",
      trigger: `.o_mentoring_goal:contains(${GOAL})`,
    },
    ...writeExpectations("Show the tools I use every day", notice),
    {
      content: "Nothing is missing for the kick-off any more: agree",
      trigger:
        ".o_mentoring_kickoff:not(:has(.o_mentoring_kickoff_missing)) .o_mentoring_kickoff_agree",
      run: "click",
    },
    {
      content: "My agreement is recorded",
      trigger: ".o_mentoring_kickoff .o_mentoring_kickoff_agreed",
    },
  ],
});

registry.category("web_tour.tours").add("reverse_mentoring_journey_mentee_kickoff", {
  steps: () => [
    {
      content: "My mentor agreed on the kick-off: I agree too",
      trigger:
        ".o_mentoring_kickoff:has(.o_mentoring_kickoff_partner_agreed) .o_mentoring_kickoff_agree",
      run: "click",
    },
    {
      content: "The tandem is active: no kick-off any more",
      trigger: `.o_mentoring_tandem_page:not(:has(.o_mentoring_kickoff)):has(${notice("You agreed on the kick-off")})`,
    },
    unfoldNewSession(),
    ...tomorrowAtTen(),
    {
      content: "in the canteen",
      trigger: ".o_mentoring_new_session input[name=location]",
      run: "edit Canteen",
    },
    {
      content: "Propose the session",
      trigger: ".o_mentoring_new_session_submit",
      run: "click",
    },
    {
      content: "The session is planned",
      trigger: `.o_mentoring_tandem_page:has(${notice("The session is planned")}) .o_mentoring_upcoming .o_mentoring_session:contains(Canteen)`,
    },
  ],
});

registry.category("web_tour.tours").add("reverse_mentoring_journey_mentor_held", {
  steps: () => [
    {
      content: "The session took place: mark it as held",
      trigger:
        ".o_mentoring_past .o_mentoring_session:contains(Canteen) .o_mentoring_session_done",
      run: "click",
    },
    {
      content: "It is held",
      trigger: `.o_mentoring_tandem_page:has(${notice("marked as held")}) .o_mentoring_past .o_mentoring_session:not(:has(.o_mentoring_session_done))`,
    },
    {
      content: "Our goal is reached",
      trigger: `.o_mentoring_goal:contains(${GOAL}) .o_mentoring_goal_done`,
      run: "click",
    },
    {
      content: "The portal congratulates",
      trigger: notice("the goal is reached"),
    },
    {
      content: "Unfold the proposal to close early",
      trigger: ".o_mentoring_closure_propose summary",
      run: "click",
    },
    {
      content: "Say why",
      trigger: ".o_mentoring_closure_propose textarea[name=reason]",
      run: `edit ${REASON}`,
    },
    {
      content: "Propose it",
      trigger: ".o_mentoring_closure_propose_submit",
      run: "click",
    },
    {
      content: "The proposal waits for my mentee",
      trigger: `.o_mentoring_closure:has(.o_mentoring_closure_proposed):contains(${REASON})`,
    },
  ],
});

registry.category("web_tour.tours").add("reverse_mentoring_journey_mentee_close", {
  steps: () => [
    {
      content: "My mentor proposes to close early, and says why",
      trigger: `.o_mentoring_closure .o_mentoring_closure_reason:contains(${REASON})`,
    },
    {
      content: "Confirm",
      trigger: ".o_mentoring_closure .o_mentoring_closure_agree",
      run: "click",
    },
    {
      content: "The tandem is closed",
      trigger: `.o_mentoring_tandem_page:has(${notice("closed early")}):not(:has(.o_mentoring_closure))`,
    },
    {
      content: "The final evaluation waits for me",
      trigger: ".o_mentoring_feedback .o_mentoring_pending a.o_mentoring_answer",
    },
    {
      content: "and my certificate is there",
      trigger: "a.o_mentoring_certificate",
    },
  ],
});

registry.category("web_tour.tours").add("reverse_mentoring_journey_mentor_done", {
  steps: () => [
    {
      content: "The final evaluation waits for me too",
      trigger: ".o_mentoring_feedback .o_mentoring_pending a.o_mentoring_answer",
    },
    {
      content: "and my certificate is there",
      trigger:
        ".o_mentoring_tandem_page:not(:has(.o_mentoring_expectations_form)) a.o_mentoring_certificate",
    },
  ],
});
