import {registry} from "@web/core/registry";

const form = ".o_form_view";
const mentorText = "Show Hans how LinkedIn works for recruiting";
const menteeText = "Post on LinkedIn every week without help";

registry.category("web_tour.tours").add("reverse_mentoring_tandem_kickoff", {
  steps: () => [
    {
      content: "The tandem waits in Kick-off",
      trigger: `${form} .o_statusbar_status .o_arrow_button_current:contains('Kick-off')`,
    },
    {
      content: "The mentor's expectations are there, for the mentee to read only",
      trigger: `${form} .o_field_widget[name=mentor_expectations]:not(:has(textarea)):contains('${mentorText}')`,
    },
    {
      content: "The mentee writes their own expectations",
      trigger: `${form} .o_field_widget[name=mentee_expectations] textarea`,
      run: `edit ${menteeText}`,
    },
    {
      content: "Save them",
      trigger: `${form} .o_form_button_save`,
      run: "click",
    },
    {
      content: "They are saved",
      trigger: `${form} .o_form_saved .o_field_widget[name=mentee_expectations] textarea`,
    },
    {
      content: "Agree on the kick-off, as the mentor already did",
      trigger: `${form} .o_statusbar_buttons button[name=action_agree_kickoff]`,
      run: "click",
    },
    {
      content: "Both agreed: the tandem is active",
      trigger: `${form} .o_statusbar_status .o_arrow_button_current:contains('Active')`,
    },
    {
      content: "and the kick-off agreement is no longer asked for",
      trigger: `${form}:not(:has(.o_statusbar_buttons button[name=action_agree_kickoff]))`,
    },
  ],
});
