from . import mentoring_certificate_report
from . import mentoring_program_results_report
