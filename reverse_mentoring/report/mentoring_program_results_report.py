from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools.misc import format_amount, format_date, formatLang

# Colours of the charts: what the program achieved, a result that misses its
# target, the target mark, planned time.
ACHIEVED = "#017e84"
MISSED = "#d9534f"
TARGET = "#333333"
PLANNED = "#b4c7d6"
GOALS = "#f0ad4e"


def svg_targets_chart(rows, width=640):
    """Horizontal bars of results against their targets, as SVG.

    `rows` are (label, value, target, caption, lower_is_better) tuples:
    `value` None draws no bar (the figure is not available), the target is a
    dark mark, the caption is printed at the end of the row. A bar is red only
    when it misses its target: below it, or above it for a figure where lower
    is better (a cost).
    """
    row_height, label_width, caption_width = 34, 230, 170
    bar_width = width - label_width - caption_width
    parts = []
    for index, (label, value, target, caption, lower_is_better) in enumerate(rows):
        top = index * row_height + 6
        scale = 1.1 * max(value or 0.0, target or 0.0) or 1.0
        parts.append(
            Markup('<text x="0" y="%s" font-size="12" fill="#333">%s</text>')
            % (top + 15, label)
        )
        parts.append(
            Markup('<rect x="%s" y="%s" width="%s" height="20" fill="#eeeeee"/>')
            % (label_width, top, bar_width)
        )
        if value is not None:
            missed = target and (value > target if lower_is_better else value < target)
            parts.append(
                Markup('<rect x="%s" y="%s" width="%.1f" height="20" fill="%s"/>')
                % (
                    label_width,
                    top,
                    bar_width * value / scale,
                    MISSED if missed else ACHIEVED,
                )
            )
        if target:
            x = label_width + bar_width * target / scale
            parts.append(
                Markup(
                    '<line x1="%.1f" y1="%s" x2="%.1f" y2="%s" stroke="%s" '
                    'stroke-width="3"/>'
                )
                % (x, top - 3, x, top + 23, TARGET)
            )
        parts.append(
            Markup('<text x="%s" y="%s" font-size="12" fill="#333">%s</text>')
            % (label_width + bar_width + 8, top + 15, caption)
        )
    height = len(rows) * row_height + 10
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" '
        'viewBox="0 0 %s %s" class="o_mentoring_chart">%s</svg>'
    ) % (width, height, width, height, Markup("").join(parts))


def svg_columns_chart(labels, series, width=640, height=220):
    """Grouped columns, one group a label, as SVG.

    `series` are (legend, colour, values) tuples, one value a label.
    """
    top, bottom, left = 24, 40, 30
    plot_height = height - top - bottom
    highest = max((v for _l, _c, values in series for v in values), default=0) or 1
    group_width = (width - left) / max(len(labels), 1)
    bar_width = min(24.0, 0.8 * group_width / max(len(series), 1))
    parts = [
        Markup('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#999" stroke-width="1"/>')
        % (left, top + plot_height, width, top + plot_height),
        Markup('<text x="0" y="%s" font-size="10" fill="#666">%s</text>')
        % (top + 4, highest),
    ]
    for index, label in enumerate(labels):
        x0 = left + index * group_width + (group_width - bar_width * len(series)) / 2
        for rank, (_legend, colour, values) in enumerate(series):
            bar = plot_height * values[index] / highest
            parts.append(
                Markup('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>')
                % (
                    x0 + rank * bar_width,
                    top + plot_height - bar,
                    bar_width,
                    bar,
                    colour,
                )
            )
        parts.append(
            Markup(
                '<text x="%.1f" y="%s" font-size="10" fill="#333" '
                'text-anchor="middle">%s</text>'
            )
            % (left + (index + 0.5) * group_width, height - bottom + 16, label)
        )
    for rank, (legend, colour, _values) in enumerate(series):
        x = left + rank * 160
        parts.append(
            Markup('<rect x="%s" y="2" width="12" height="12" fill="%s"/>')
            % (x, colour)
        )
        parts.append(
            Markup('<text x="%s" y="12" font-size="11" fill="#333">%s</text>')
            % (x + 16, legend)
        )
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" '
        'viewBox="0 0 %s %s" class="o_mentoring_chart">%s</svg>'
    ) % (width, height, width, height, Markup("").join(parts))


class MentoringProgramResultsReport(models.AbstractModel):
    _name = "report.reverse_mentoring.report_mentoring_program_results"
    _description = "Program Results"

    @api.model
    def _get_report_values(self, docids, data=None):
        """The programs in the language of the reader, with their charts.

        Every figure comes from the program's own results (the fields of the
        Results tab); this only draws them.
        """
        report = self.with_context(lang=self.env.user.lang)
        programs = report.env["mentoring.program"].browse(docids)
        programs.check_access("read")
        programs._check_coordinated()
        return {
            "doc_ids": programs.ids,
            "doc_model": "mentoring.program",
            "docs": programs,
            "charts": {
                program.id: {
                    "targets": report._targets_chart(program),
                    "months": report._months_chart(program),
                    "skills": report._skills_charts(program),
                }
                for program in programs
            },
        }

    def _percent(self, value):
        return formatLang(self.env, value, digits=0) + " %"

    def _targets_chart(self, program):
        env = self.env

        def row(label, value, target, shown, show, lower_is_better=False):
            """A bar: its label, value (None when not shown), target and text."""
            if not shown:
                text = env._("Not enough answers yet")
                return (label, None, target, text, lower_is_better)
            text = env._(
                "%(value)s of %(target)s", value=show(value), target=show(target)
            )
            return (label, value, target, text, lower_is_better)

        rows = [
            row(
                env._("Would recommend (%)"),
                program.promoter_share,
                program.target_promoter_share,
                program.promoter_enough,
                self._percent,
            ),
            row(
                env._("Sessions held per tandem"),
                program.sessions_per_tandem,
                program.target_sessions_per_tandem,
                True,
                lambda value: formatLang(env, value, digits=1),
            ),
            row(
                env._("Tandems that reached their goals (%)"),
                program.goals_reached_share,
                program.target_goals_reached,
                program.goals_reached_enough,
                self._percent,
            ),
        ]
        if program.reference_cost:
            rows.append(
                row(
                    env._("Cost per mentee"),
                    program.cost_per_mentee,
                    program.reference_cost,
                    True,
                    lambda value: format_amount(env, value, program.currency_id),
                    lower_is_better=True,
                )
            )
        return svg_targets_chart(rows)

    def _months_chart(self, program):
        months = program.results_by_month
        if not months:
            return False
        labels = [
            escape(
                format_date(
                    self.env, fields.Date.to_date(row["month"]), date_format="MMM y"
                )
            )
            for row in months
        ]
        return svg_columns_chart(
            labels,
            [
                (
                    self.env._("Sessions held"),
                    ACHIEVED,
                    [row["held"] for row in months],
                ),
                (
                    self.env._("Sessions planned"),
                    PLANNED,
                    [row["planned"] for row in months],
                ),
                (self.env._("Goals reached"), GOALS, [row["goals"] for row in months]),
            ],
        )

    def _skills_charts(self, program):
        """Did they learn: the mentees who improved against the target, and
        the average level by topic before and after (only the levels that rest
        on enough answers, as on the Results tab); nothing for a program
        whose mentees rated nothing."""
        env = self.env
        if not program.skill_results_by_topic:
            return False
        improved = (
            env._(
                "%(value)s of %(target)s",
                value=self._percent(program.skill_improved_rate),
                target=self._percent(program.target_skill_improved),
            )
            if program.skill_improved_enough
            else env._("Not enough answers yet")
        )
        rows = [
            row
            for row in program.skill_results_by_topic
            if any(row[moment] is not None for moment in ("kickoff", "closing"))
        ]
        series = [
            (env._("Kick-off"), PLANNED, "kickoff"),
            (env._("End"), ACHIEVED, "closing"),
            (env._("Follow-up"), GOALS, "follow_up"),
        ]
        return {
            "improved": svg_targets_chart(
                [
                    (
                        env._("Mentees who improved (%)"),
                        program.skill_improved_rate
                        if program.skill_improved_enough
                        else None,
                        program.target_skill_improved,
                        improved,
                        False,
                    )
                ]
            ),
            "topics": rows
            and svg_columns_chart(
                [escape(row["topic"]) for row in rows],
                [
                    (legend, colour, [round(row[moment] or 0) for row in rows])
                    for legend, colour, moment in series
                ],
            ),
        }
