from odoo import api, fields, models


class MentoringProgramCost(models.Model):
    """A fixed cost of a program: a workshop, coordination hours, a trainer, an event.

    The time the participants spend in sessions is priced by the program
    itself, from each person's hourly cost; these lines add what the program
    costs besides.
    """

    _name = "mentoring.program.cost"
    _description = "Reverse Mentoring Program Cost"
    _inherit = ["mentoring.guard.mixin"]
    _fixed_fields = ("program_id",)
    _text_limits = {"name": 200}
    _order = "program_id, date, id"

    program_id = fields.Many2one(
        "mentoring.program",
        string="Program",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="program_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="program_id.currency_id")
    name = fields.Char(string="Description", required=True)
    cost_type = fields.Selection(
        [
            ("workshop", "Workshop"),
            ("coordination", "Coordination Hours"),
            ("trainer", "Trainer"),
            ("event", "Event"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="workshop",
    )
    date = fields.Date()
    quantity = fields.Float(
        default=1.0,
        required=True,
        help="Hours for coordination, days or units for the others.",
    )
    unit_cost = fields.Monetary(required=True)
    amount = fields.Monetary(compute="_compute_amount", store=True)

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(quantity >= 0 AND unit_cost >= 0)",
            "A cost has no negative quantity or unit cost.",
        ),
    ]

    @api.depends("quantity", "unit_cost")
    def _compute_amount(self):
        for line in self:
            line.amount = line.quantity * line.unit_cost
