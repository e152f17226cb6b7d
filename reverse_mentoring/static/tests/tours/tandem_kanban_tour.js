import {registry} from "@web/core/registry";

const column = (title) => `.o_kanban_group:has(.o_column_title:contains('${title}'))`;
const card = ".o_kanban_record:contains('Hans Senior')";

registry.category("web_tour.tours").add("reverse_mentoring_tandem_kanban", {
  steps: () => [
    {
      content: "The tandem waits in Kick-off: drag it to Active",
      trigger: `${column("Kick-off")} ${card}`,
      async run(helpers) {
        // Drop in the middle of the column: its top edge lies outside every column.
        await helpers.drag_and_drop(column("Active"), {
          position: "center",
          relative: true,
        });
      },
    },
    {
      content: "Open the tandem, now in Active",
      trigger: `${column("Active")} ${card}`,
      run: "click",
    },
    {
      content: "The form shows the tandem in stage Active",
      trigger:
        ".o_form_view .o_statusbar_status .o_arrow_button_current:contains('Active')",
    },
    {
      content: "of the two people",
      trigger: ".o_form_view .oe_title:contains('Mia Junior & Hans Senior')",
    },
  ],
});
