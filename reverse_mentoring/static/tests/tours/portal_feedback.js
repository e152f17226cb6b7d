import {registry} from "@web/core/registry";
import {answerPulse, openTandem} from "./portal_steps";

// A member answers the pulse of a held session from the employee portal.
registry.category("web_tour.tours").add("reverse_mentoring_portal_feedback", {
  steps: () => [
    {
      content: "The list tells that one survey waits",
      trigger: ".o_mentoring_tandem_row:has(.o_mentoring_pending_count:contains(1))",
    },
    openTandem(),
    ...answerPulse(4, "LinkedIn posts and hashtags"),
    {
      content: "The survey thanks me",
      trigger: ".o_survey_finished",
    },
  ],
});
