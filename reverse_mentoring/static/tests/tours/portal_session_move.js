import {registry} from "@web/core/registry";
import {openTandem} from "./portal_steps";

// A member moves a planned session from the employee portal.
registry.category("web_tour.tours").add("reverse_mentoring_portal_session_move", {
  steps: () => [
    openTandem(),
    {
      content: "Unfold the move form of the upcoming session",
      trigger: ".o_mentoring_upcoming .o_mentoring_session .o_mentoring_move summary",
      run: "click",
    },
    {
      content: "Keep the day, pick a later time",
      trigger: ".o_mentoring_upcoming .o_mentoring_move input[name=time]",
      run() {
        this.anchor.value = "16:45";
      },
    },
    {
      content: "Say why",
      trigger: ".o_mentoring_upcoming .o_mentoring_move input[name=reason]",
      run: "edit Board meeting",
    },
    {
      content: "Move it",
      trigger: ".o_mentoring_upcoming .o_mentoring_move_submit",
      run: "click",
    },
    {
      content: "The portal confirms the move",
      trigger: ".o_mentoring_notice.alert-success",
    },
    {
      content: "and shows that the session was moved once",
      trigger: ".o_mentoring_upcoming .o_mentoring_session:contains(Moved: 1)",
    },
  ],
});
