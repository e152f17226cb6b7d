import {registry} from "@web/core/registry";

// The kick-off rating on the tandem's portal page, at a phone's width: the
// mentee picks a level for each topic of their learning goals and saves.
registry.category("web_tour.tours").add("reverse_mentoring_portal_skills", {
  steps: () => [
    {
      content: "The page reminds me to rate my skills",
      trigger: ".o_mentoring_skills .o_mentoring_skill_reminder",
    },
    {
      content: "Pick my level in the topic that has a skill",
      trigger: ".o_mentoring_skills select",
      run: "selectByLabel Beginner",
    },
    {
      content: "Give my level in the topic rated from 0 to 100",
      trigger: ".o_mentoring_skills input[type=number]",
      run: "edit 30",
    },
    {
      content: "Save my ratings",
      trigger: ".o_mentoring_skills_submit",
      run: "click",
    },
    {
      content: "The portal keeps them and the reminder is gone",
      trigger: ".o_mentoring_notice.alert-success:contains(Your ratings are saved)",
    },
    {
      content: "My rating shows under the topic",
      trigger:
        ".o_mentoring_skills:not(:has(.o_mentoring_skill_reminder)) .o_mentoring_skill_rating_kickoff_mentee",
    },
  ],
});
